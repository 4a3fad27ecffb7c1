package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.connectors.config.AppConfig;
import dev.connectors.support.Api;
import dev.connectors.support.ServiceTest;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("Without ADMIN_PASSWORD the password of elastic is generated")
class GeneratedPasswordTest {

  @Test
  @DisplayName("printed once at the first start, stored as a hash, and still valid after a restart")
  void generatedOnce() throws Exception {
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Logger logger = (Logger) LoggerFactory.getLogger(ConnectorService.class);
    logger.addAppender(lines);
    try {
      Map<String, String> env = ServiceTest.environment(GeneratedPasswordTest.class);
      env.put("SECURITY_ENABLED", "true");
      AppConfig config = AppConfig.fromEnv(env);

      String password = startAndCheck(config, null, lines);
      assertThat(password).hasSizeGreaterThanOrEqualTo(32);
      lines.list.clear();
      startAndCheck(config, password, lines);
      assertThat(lines.list).noneMatch(line -> line.getFormattedMessage().contains(password));
    } finally {
      logger.detachAppender(lines);
    }
  }

  /** Starts the service, finds (or takes) the password, checks Basic auth with it; answers it. */
  private static String startAndCheck(AppConfig config, String known, ListAppender<ILoggingEvent> lines) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      ConnectorService.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      String password = known;
      if (password == null) {
        List<String> shown = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
            .filter(message -> message.startsWith("generated the password of user [elastic]")).toList();
        assertThat(shown).hasSize(1);
        password = shown.get(0).substring(shown.get(0).lastIndexOf(' ') + 1);
      }
      Api api = new Api(config.httpPort());
      String basic = "Basic " + Base64.getEncoder().encodeToString(("elastic:" + password).getBytes(StandardCharsets.UTF_8));
      assertThat(api.send("GET", "/_security/_authenticate", null, null, Map.of("Authorization", basic)).status())
          .isEqualTo(200);
      assertThat(api.get("/_security/_authenticate").status()).isEqualTo(401);
      return password;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
