package dev.connectors.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.Api;
import dev.connectors.support.ServiceEnv;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GET /_connector/{id}/_error_history (beyond Elasticsearch)")
@ServiceEnv("HOUSEKEEPING_INTERVAL=1h") // no pruning pass while a test counts entries
class ErrorHistoryTest extends ServiceTest {

  static JsonObject history(String id, String query) {
    Api.Response response = api.get("/_connector/" + id + "/_error_history" + query);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static JsonObject entry(String status, String error, String previousStatus, String previousError) {
    return new JsonObject().put("status", status).put("error", error).put("previous_status", previousStatus)
        .put("previous_error", previousError);
  }

  private static List<JsonObject> withoutTimes(JsonArray results) {
    List<JsonObject> entries = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      JsonObject copy = results.getJsonObject(i).copy();
      copy.remove("at");
      entries.add(copy);
    }
    return entries;
  }

  @Test
  @DisplayName("every change of error or status, by any update endpoint, is one entry, newest first; noops and "
      + "other fields are none")
  void entries() {
    String id = newConnector("history");
    api.put("/_connector/" + id + "/_error", "{\"error\":\"disk full\"}");
    api.put("/_connector/" + id + "/_error", "{\"error\":\"disk full\"}"); // noop
    api.put("/_connector/" + id + "/_name", "{\"name\":\"renamed\"}"); // neither error nor status
    api.put("/_connector/" + id + "/_error", "{\"error\":null}");
    api.put("/_connector/" + id + "/_service_type", "{\"service_type\":\"s3\"}"); // connected → needs_configuration
    api.put("/_connector/" + id + "/_status", "{\"status\":\"configured\"}");

    JsonObject answer = history(id, "");
    assertThat(answer.getLong("count")).isEqualTo(4);
    assertThat(answer.containsKey("next")).isFalse();
    assertThat(withoutTimes(answer.getJsonArray("results"))).containsExactly(
        entry("configured", null, "needs_configuration", null),
        entry("needs_configuration", null, "connected", null),
        entry("connected", null, "error", "disk full"),
        entry("error", "disk full", "created", null));
    Instant at = Instant.parse(answer.getJsonArray("results").getJsonObject(0).getString("at"));
    assertThat(Duration.between(at, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    assertThat(answer.getJsonArray("results").getJsonObject(0).fieldNames())
        .containsExactly("at", "status", "error", "previous_status", "previous_error");
  }

  @Test
  @DisplayName("pages follow next until it is absent; a cursor that this endpoint did not give is 400")
  void pages() {
    String id = newConnector("history");
    for (int i = 1; i <= 5; i++) {
      api.put("/_connector/" + id + "/_error", "{\"error\":\"e" + i + "\"}");
    }
    JsonObject first = history(id, "?size=2");
    assertThat(first.getLong("count")).isEqualTo(5);
    List<String> errors = new ArrayList<>();
    JsonObject page = first;
    while (true) {
      page.getJsonArray("results").forEach(e -> errors.add(((JsonObject) e).getString("error")));
      if (!page.containsKey("next")) {
        break;
      }
      page = history(id, "?size=2&search_after=" + page.getString("next"));
    }
    assertThat(errors).containsExactly("e5", "e4", "e3", "e2", "e1");

    for (String bad : List.of("x", "e30", "eyJiZWZvcmUiOiJ4In0", "eyJiZWZvcmUiOjEuNX0", "W10", "eyJiZWZvcmUiOjEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MH0")) { // the last: a number past a long
      api.get("/_connector/" + id + "/_error_history?search_after=" + bad)
          .assertError(400, "illegal_argument_exception",
              "[search_after] is not a cursor this endpoint gave in [next]: [" + bad + "]");
    }
    api.get("/_connector/" + id + "/_error_history?size=-1").assertError(400, "illegal_argument_exception",
        "[size] parameter cannot be negative, found [-1]");
  }

  @Test
  @DisplayName("an unknown or deleted connector is 404 as GET answers it; a removed one's history is gone")
  void notFound() {
    api.get("/_connector/no-such-connector/_error_history").assertError(404, "resource_not_found_exception",
        "connector [no-such-connector] not found");
    String id = newConnector("history");
    api.put("/_connector/" + id + "/_error", "{\"error\":\"x\"}");
    api.delete("/_connector/" + id);
    assertThat(api.get("/_connector/" + id + "/_error_history").status()).isEqualTo(404);

    String removed = newConnector("history");
    api.put("/_connector/" + removed + "/_error", "{\"error\":\"x\"}");
    assertThat(api.delete("/_connector/" + removed + "?hard=true").status()).isEqualTo(200);
    assertThat(TestDatabase.row("SELECT count(*) AS n FROM connector_error_history WHERE connector_id = ?", removed))
        .as("a removed connector's history goes with it").containsEntry("n", 0L);
  }

  @Test
  @DisplayName("under many concurrent coalesced writes, the history is exactly the changes acknowledged: one entry "
      + "per answer 'updated', each entry's previous values the entry before it, the last one the row")
  void concurrentWritesMatchTheAnswers() throws Exception {
    List<String> ids = List.of(newConnector("history"), newConnector("history"), newConnector("history"));
    int clients = 16;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Map<String, Integer>>> updatedAnswers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      updatedAnswers.add(pool.submit(() -> {
        Map<String, Integer> updated = new HashMap<>();
        for (int n = 0; n < 20; n++) {
          String id = ids.get((client + n) % ids.size());
          String body = n % 4 == 0 ? "{\"error\":null}" : "{\"error\":\"e" + (client + n) % 3 + "\"}";
          Api.Response response = api.put("/_connector/" + id + "/_error", body);
          assertThat(response.status()).isEqualTo(200);
          if (response.json().getString("result").equals("updated")) {
            updated.merge(id, 1, Integer::sum);
          }
        }
        return updated;
      }));
    }
    Map<String, Integer> updated = new HashMap<>();
    for (Future<Map<String, Integer>> answers : updatedAnswers) {
      answers.get(60, TimeUnit.SECONDS).forEach((id, n) -> updated.merge(id, n, Integer::sum));
    }
    pool.shutdown();
    for (String id : ids) {
      // every entry, oldest first, straight from the table (ERROR_HISTORY_MAX bounds what the API shows)
      List<Map<String, Object>> entries = new ArrayList<>();
      long after = 0;
      Map<String, Object> next;
      while ((next = TestDatabase.row("SELECT seq, status, error, previous_status, previous_error"
          + " FROM connector_error_history WHERE connector_id = ? AND seq > ? ORDER BY seq LIMIT 1", id, after)) != null) {
        entries.add(next);
        after = (Long) next.get("seq");
      }
      assertThat(entries).as(id + ": entries vs answers 'updated'").hasSize(updated.getOrDefault(id, 0));
      String status = "created";
      String error = null;
      for (Map<String, Object> entry : entries) {
        assertThat(entry.get("previous_status")).as(id).isEqualTo(status);
        assertThat(entry.get("previous_error")).as(id).isEqualTo(error);
        assertThat(!Objects.equals(entry.get("status"), status) || !Objects.equals(entry.get("error"), error))
            .as(id + ": an entry changes something").isTrue();
        status = (String) entry.get("status");
        error = (String) entry.get("error");
      }
      assertThat(TestDatabase.row("SELECT status, error FROM connectors WHERE id = ?", id))
          .containsEntry("status", status).containsEntry("error", error);
    }
  }
}
