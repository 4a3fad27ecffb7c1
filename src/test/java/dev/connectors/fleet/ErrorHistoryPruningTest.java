package dev.connectors.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceEnv;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Error history kept to ERROR_HISTORY_MAX entries per connector")
@ServiceEnv({"ERROR_HISTORY_MAX=6", "HOUSEKEEPING_INTERVAL=100ms"})
class ErrorHistoryPruningTest extends ServiceTest {

  @Test
  @DisplayName("reads show the newest ERROR_HISTORY_MAX entries at once, and the pruning pass removes the rest")
  void pruned() throws Exception {
    String id = newConnector("history");
    for (int i = 1; i <= 10; i++) {
      api.put("/_connector/" + id + "/_error", "{\"error\":\"e" + i + "\"}");
    }
    JsonObject answer = ErrorHistoryTest.history(id, "");
    assertThat(answer.getLong("count")).isEqualTo(6);
    assertThat(answer.getJsonArray("results").getJsonObject(0).getString("error")).isEqualTo("e10");
    assertThat(answer.getJsonArray("results").getJsonObject(5).getString("error")).isEqualTo("e5");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long stored;
    do {
      stored = (Long) TestDatabase.row("SELECT count(*) AS n FROM connector_error_history WHERE connector_id = ?", id)
          .get("n");
    } while (stored > 6 && System.nanoTime() < deadline);
    assertThat(stored).as("entries left after pruning").isEqualTo(6);
  }

}
