package dev.connectors.reliability;

import static dev.connectors.support.Auth.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.config.DatabaseUrl;
import dev.connectors.support.Api;
import dev.connectors.support.ServiceInstances;
import dev.connectors.support.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A database of its own, set read-only the way a standby or a recovering primary is. */
@DisplayName("A read-only database: writes answer 503 'not applied', and the service is not ready")
class ReadOnlyDatabaseTest {

  @Test
  @DisplayName("writes 503 with Retry-After and nothing stored, reads served, not ready; all back once it is writable")
  void readOnly() throws Exception {
    DatabaseUrl database = TestDatabase.fresh("readonly");
    try (var instances = ServiceInstances.start(1, ReadOnlyDatabaseTest.class,
        Map.of("DATABASE_URL", database.url(), "SECURITY_ENABLED", "false"))) {
      Api api = instances.get(0).api();
      assertThat(api.put("/_connector/ro", "{}").status()).isEqualTo(201);

      setReadOnly(database, true);
      within(Duration.ofSeconds(10), v -> api.put("/_connector/ro/_error", "{\"error\":\"x\"}").body().contains("read-only"));
      var write = api.put("/_connector/ro/_error", "{\"error\":\"x\"}");
      write.assertError(503, "unavailable_exception",
          "the database is read-only (a standby, or a primary still recovering); the request was not applied");
      assertThat(write.headers().get("retry-after")).containsExactly("1");
      assertThat(api.get("/_connector/ro").status()).isEqualTo(200);
      assertThat(api.get("/_health/ready").status()).isEqualTo(503);
      assertThat(TestDatabase.rowIn(database, "SELECT error FROM connectors WHERE id = 'ro'")).containsEntry("error", null);

      setReadOnly(database, false);
      within(Duration.ofSeconds(10), v -> api.get("/_health/ready").status() == 200);
      within(Duration.ofSeconds(10), v -> api.put("/_connector/ro/_error", "{\"error\":\"x\"}").status() == 200);
    }
  }

  /** As a failover would: the setting, and the service's connections cut so that new ones see it. */
  private static void setReadOnly(DatabaseUrl database, boolean readOnly) {
    DatabaseUrl server = database.withDatabase("postgres");
    TestDatabase.execute(server, "ALTER DATABASE " + database.database() + " SET default_transaction_read_only = "
        + (readOnly ? "on" : "off"));
    TestDatabase.rowIn(server, "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = ? "
        + "AND application_name = 'connector-service'", database.database());
  }
}
