package dev.connectors.reliability;

import static dev.connectors.support.Auth.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.ConnectorService;
import dev.connectors.config.AppConfig;
import dev.connectors.config.DatabaseUrl;
import dev.connectors.support.Api;
import dev.connectors.support.ServiceInstances;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Start-up next to a PostgreSQL that is not there yet, and the connection budget")
class StartupTest {

  @Test
  @DisplayName("started while PostgreSQL is unreachable: waits, live but not ready, and becomes ready when it comes")
  void waitsForPostgres() throws Exception {
    int dbPort = ServiceTest.freePort();
    DatabaseUrl server = TestDatabase.url();
    DatabaseUrl unreachable = new DatabaseUrl(server.user(), server.password(), "127.0.0.1", dbPort, server.database());
    Map<String, String> env = new HashMap<>(ServiceTest.environment(StartupTest.class));
    env.put("DATABASE_URL", unreachable.url());
    env.put("HTTP_PORT", String.valueOf(ServiceTest.freePort())); // asked before start() answers
    AppConfig config = AppConfig.fromEnv(env);
    Vertx vertx = Vertx.vertx();
    try {
      var started = ConnectorService.start(vertx, config);
      Api api = new Api(config.httpPort());
      within(Duration.ofSeconds(10), v -> api.get("/_health/live").status() == 200);
      assertThat(api.get("/_health/ready").status()).isEqualTo(503);
      assertThat(api.get("/_connector").status()).isEqualTo(503);
      assertThat(started.isComplete()).isFalse();

      // PostgreSQL "comes": a relay on the port the service waits for
      vertx.createNetServer().connectHandler(client -> relay(vertx, client, server))
          .listen(dbPort, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      started.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      within(Duration.ofSeconds(10), v -> api.get("/_health/ready").status() == 200);
      assertThat(api.get("/_connector").status()).isEqualTo(200);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("HTTP_PORT=0: the system picks a free port, port() names it, and every event loop's listener serves on it")
  void systemPickedPort() throws Exception {
    try (var instances = ServiceInstances.start(1, StartupTest.class, Map.of("HTTP_PORT", "0", "EVENT_LOOPS", "3"))) {
      int port = instances.get(0).service().port();
      assertThat(port).isPositive();
      for (int i = 0; i < 6; i++) { // a fresh connection each time: accepted by the event loops in turn
        assertThat(new Api(port).get("/").status()).isEqualTo(200);
      }
    }
  }

  @Test
  @DisplayName("three instances started at once on a database that does not exist yet, with ADMIN_PASSWORD: all start and serve")
  void concurrentFirstStart() throws Exception {
    DatabaseUrl database = TestDatabase.fresh("concurrent");
    try (var instances = ServiceInstances.start(3, StartupTest.class, Map.of("DATABASE_URL", database.url(),
        "SECURITY_ENABLED", "true", "ADMIN_PASSWORD", "concurrent-admin"))) {
      var admin = dev.connectors.support.Auth.basic("elastic", "concurrent-admin");
      for (var instance : instances.all()) {
        assertThat(instance.api().send("PUT", "/_connector/c-" + instance.config().httpPort(), Api.JSON,
            "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), admin).status()).isEqualTo(201);
      }
    }
    assertThat(TestDatabase.rowIn(database, "SELECT count(*) AS n FROM connectors")).containsEntry("n", 3L);
  }

  @Test
  @DisplayName("however many event loops, an instance opens at most DB_POOL_SIZE pooled connections (plus its key listener)")
  void connectionBudget() throws Exception {
    DatabaseUrl database = TestDatabase.fresh("budget");
    try (var instances = ServiceInstances.start(1, StartupTest.class, Map.of("DATABASE_URL", database.url(),
        "EVENT_LOOPS", "8", "DB_POOL_SIZE", "3", "SECURITY_ENABLED", "true", "ADMIN_PASSWORD", "budget-admin"))) {
      Api api = instances.get(0).api();
      var admin = dev.connectors.support.Auth.basic("elastic", "budget-admin");
      assertThat(api.send("GET", "/_security/_authenticate", null, null, admin).status()).isEqualTo(200);
      var load = java.util.stream.IntStream.range(0, 64).parallel()
          .map(i -> api.send("GET", "/_connector/none-" + i, null, null, admin).status()).boxed().toList();
      assertThat(load).containsOnly(404);
      Map<String, Object> counted = TestDatabase.rowIn(database, "SELECT count(*) FILTER (WHERE application_name = "
          + "'connector-service') AS pooled, count(*) FILTER (WHERE application_name = 'connector-service-revocation') "
          + "AS listener FROM pg_stat_activity WHERE datname = current_database()");
      assertThat((Long) counted.get("pooled")).isBetween(1L, 3L);
      assertThat(counted.get("listener")).isEqualTo(1L);
    }
  }

  private static void relay(Vertx vertx, NetSocket client, DatabaseUrl server) {
    client.pause();
    vertx.createNetClient().connect(server.port(), server.host()).onComplete(connected -> {
      if (connected.failed()) {
        client.close();
        return;
      }
      NetSocket upstream = connected.result();
      client.pipeTo(upstream);
      upstream.pipeTo(client);
      client.resume();
    });
  }
}
