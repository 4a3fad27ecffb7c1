package dev.connectors.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectors.config.DatabaseUrl;
import dev.connectors.support.ServiceInstances;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("DATABASE_URL with several hosts, target_session_attrs and sslmode, against a real PostgreSQL")
class DatabaseUrlTest {

  @Test
  @DisplayName("a multi-host URL whose first host is dead: the service connects to the next one and serves")
  void deadFirstHost() throws Exception {
    DatabaseUrl live = TestDatabase.fresh("multihost");
    int dead = ServiceTest.freePort();
    String url = "postgresql://" + live.user() + "@127.0.0.1:" + dead + "," + live.host() + ":" + live.port()
        + "/" + live.database() + "?target_session_attrs=read-write&connect_timeout=2";
    try (var instances = ServiceInstances.start(1, DatabaseUrlTest.class, Map.of("DATABASE_URL", url))) {
      var api = instances.get(0).api();
      assertThat(api.put("/_connector/multi", "{}").status()).isEqualTo(201);
      assertThat(api.put("/_connector/multi/_error", "{\"error\":\"x\"}").status()).isEqualTo(200);
      assertThat(api.get("/_health/ready").status()).isEqualTo(200);
    }
    assertThat(TestDatabase.rowIn(live, "SELECT error FROM connectors WHERE id = 'multi'")).containsEntry("error", "x");
  }

  @Test
  @DisplayName("sslmode=require: every connection is encrypted, or (a server without TLS) the service refuses to start")
  void sslRequiredIsHonoured() throws Exception {
    DatabaseUrl server = TestDatabase.url();
    String url = "postgresql://" + server.user() + "@" + server.host() + ":" + server.port() + "/" + server.database()
        + "?sslmode=require";
    if ("off".equals(TestDatabase.row("SELECT current_setting('ssl') AS ssl").get("ssl"))) {
      assertThatThrownBy(() -> ServiceInstances.start(1, DatabaseUrlTest.class, Map.of("DATABASE_URL", url)))
          .hasStackTraceContaining("SSL");
      return;
    }
    try (var instances = ServiceInstances.start(1, DatabaseUrlTest.class, Map.of("DATABASE_URL", url))) {
      assertThat(instances.get(0).api().get("/_connector").status()).isEqualTo(200);
      assertThat(TestDatabase.row("SELECT bool_and(s.ssl) AS encrypted FROM pg_stat_ssl s JOIN pg_stat_activity a "
          + "USING (pid) WHERE a.application_name LIKE 'connector-service%' AND a.datname = current_database()"))
          .containsEntry("encrypted", true);
    }
  }
}
