package dev.connectors.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Connections killed under load (pg_terminate_backend)")
class ConnectionLossTest extends ServiceTest {

  @Test
  @DisplayName("in-flight requests fail with 503 at worst, never 500; the pool replaces the connections")
  void terminatedBackends() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String id = uniqueId("kill");
      api.put("/_connector/" + id, "{}");
      ids.add(id);
    }
    List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
    List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(8);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    List<Future<?>> running = new ArrayList<>();
    for (String id : ids) {
      running.add(clients.submit(() -> {
        int n = 0;
        while (System.nanoTime() < until) {
          var response = n % 3 == 0 ? api.get("/_connector/" + id)
              : api.put("/_connector/" + id + "/_error", "{\"error\":" + (n % 2 == 0 ? "null" : "\"e\"") + "}");
          statuses.add(response.status());
          if (response.status() != 200) {
            JsonObject body = response.json();
            if (response.status() != 503 || !body.getJsonObject("error").getString("type").equals("unavailable_exception")) {
              unexpected.add(response.status() + " " + response.body());
            }
          }
          n++;
        }
      }));
    }
    int killed = 0;
    for (int round = 0; round < 5; round++) {
      // each round cuts the connections the service has opened again since the last one
      dev.connectors.support.Auth.within(java.time.Duration.ofSeconds(10), v -> (Long) TestDatabase.row(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'connector-service' "
              + "AND datname = current_database()").get("n") > 0);
      Object terminated = TestDatabase.row("SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity "
          + "WHERE application_name = 'connector-service' AND datname = current_database()").get("n");
      killed += ((Number) terminated).intValue();
    }
    for (Future<?> client : running) {
      client.get(30, TimeUnit.SECONDS);
    }
    clients.shutdown();
    assertThat(killed).as("service connections terminated").isPositive();
    assertThat(unexpected).as("answers other than 200 or 503 unavailable_exception").isEmpty();
    assertThat(statuses).contains(200);

    for (String id : ids) {
      assertThat(api.put("/_connector/" + id + "/_error", "{\"error\":\"recovered\"}").status()).isEqualTo(200);
      assertThat(TestDatabase.row("SELECT status FROM connectors WHERE id = ?", id)).containsEntry("status", "error");
    }
  }
}
