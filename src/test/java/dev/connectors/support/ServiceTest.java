package dev.connectors.support;

import dev.connectors.ConnectorService;
import dev.connectors.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the API tests: starts the whole service, as {@code Main} does, on a Vert.x instance
 * of the test class's own, against this run's fresh PostgreSQL database.
 */
@ExtendWith(VertxExtension.class)
public abstract class ServiceTest {

  protected static Api api;
  protected static int port;

  protected static ConnectorService service;

  @BeforeAll
  static void startService(Vertx vertx, VertxTestContext started, TestInfo test) {
    AppConfig config = AppConfig.fromEnv(environment(test.getTestClass().orElseThrow()));
    ConnectorService.start(vertx, config).onComplete(started.succeeding(running -> {
      service = running;
      port = config.httpPort();
      api = new Api(port);
      started.completeNow();
    }));
  }

  /**
   * The service's environment: this run's database, a free port, security off (the security
   * tests turn it on), and the class's {@link ServiceEnv}.
   */
  public static Map<String, String> environment(Class<?> testClass) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", TestDatabase.url().url());
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_PORT", String.valueOf(freePort()));
    env.put("SECURITY_ENABLED", "false");
    ServiceEnv extra = testClass.getAnnotation(ServiceEnv.class);
    if (extra != null) {
      for (String setting : extra.value()) {
        String[] pair = setting.split("=", 2);
        env.put(pair[0], pair[1]);
      }
    }
    return env;
  }

  /** A connector id no other test uses. */
  protected static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  /**
   * A port nothing listens on, below the kernel's range of ephemeral ports (32768 and up here),
   * so that no outgoing connection of the tests can take it between this check and the bind.
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int candidate = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
      try (ServerSocket socket = new ServerSocket(candidate, 1, java.net.InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port between 20000 and 32000");
  }
}
