package dev.connectors;

import static dev.connectors.support.Auth.as;
import static dev.connectors.support.Auth.basic;
import static dev.connectors.support.Auth.within;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.connectors.config.DatabaseUrl;
import dev.connectors.security.Secrets;
import dev.connectors.support.ServiceInstances;
import dev.connectors.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("Without ADMIN_PASSWORD the password of elastic is generated")
class GeneratedPasswordTest {

  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ConnectorService.class);

  @BeforeEach
  void captureLog() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(lines);
  }

  @Test
  @DisplayName("three instances started at once on a new database: one password printed once, valid on all, kept as PBKDF2 across a restart")
  void generatedOnce() throws Exception {
    DatabaseUrl database = TestDatabase.fresh("generated");
    Map<String, String> env = Map.of("SECURITY_ENABLED", "true", "DATABASE_URL", database.url());
    String password;
    try (var instances = ServiceInstances.start(3, GeneratedPasswordTest.class, env)) {
      List<String> shown = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
          .filter(message -> message.startsWith("generated the password of user [elastic]")).toList();
      assertThat(shown).hasSize(1);
      password = shown.get(0).substring(shown.get(0).lastIndexOf(' ') + 1);
      assertThat(password).hasSizeGreaterThanOrEqualTo(32);
      for (var instance : instances.all()) {
        assertThat(as(instance.api(), basic("elastic", password), "GET", "/_security/_authenticate", null).status())
            .isEqualTo(200);
        assertThat(instance.api().get("/_security/_authenticate").status()).isEqualTo(401);
      }
    }
    assertThat((String) TestDatabase.rowIn(database, "SELECT value FROM service_settings WHERE name = 'elastic_password_hash'")
        .get("value")).startsWith("pbkdf2_sha256$600000$").doesNotContain(password);

    lines.list.clear();
    try (var restarted = ServiceInstances.start(1, GeneratedPasswordTest.class, env)) {
      assertThat(as(restarted.get(0).api(), basic("elastic", password), "GET", "/_security/_authenticate", null).status())
          .isEqualTo(200);
    }
    assertThat(lines.list).noneMatch(line -> line.getFormattedMessage().contains(password));
  }

  @Test
  @DisplayName("a plain SHA-256 stored by an earlier version still lets elastic in, and is replaced by PBKDF2 at that login")
  void legacyHashIsUpgraded() throws Exception {
    DatabaseUrl database = TestDatabase.fresh("legacy");
    Map<String, String> env = Map.of("SECURITY_ENABLED", "true", "DATABASE_URL", database.url());
    try (var first = ServiceInstances.start(1, GeneratedPasswordTest.class, env)) {
      // the first start created and migrated the database
    }
    TestDatabase.rowIn(database, "UPDATE service_settings SET value = ? WHERE name = 'elastic_password_hash' RETURNING name",
        Secrets.sha256("an-old-password"));
    try (var instances = ServiceInstances.start(1, GeneratedPasswordTest.class, env)) {
      var api = instances.get(0).api();
      assertThat(as(api, basic("elastic", "an-old-password"), "GET", "/_security/_authenticate", null).status())
          .isEqualTo(200);
      within(Duration.ofSeconds(10), v -> ((String) TestDatabase.rowIn(database,
          "SELECT value FROM service_settings WHERE name = 'elastic_password_hash'").get("value")).startsWith("pbkdf2"));
      assertThat(as(api, basic("elastic", "wrong-password"), "GET", "/_security/_authenticate", null).status())
          .isEqualTo(401);
    }
  }
}
