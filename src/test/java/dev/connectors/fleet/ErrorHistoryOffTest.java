package dev.connectors.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceEnv;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ERROR_HISTORY_MAX=0: no error history is written, every update works as before")
@ServiceEnv("ERROR_HISTORY_MAX=0")
class ErrorHistoryOffTest extends ServiceTest {

  @Test
  @DisplayName("errors and status change, nothing is recorded, and the history answers empty")
  void off() {
    String id = newConnector("history-off");
    assertThat(api.put("/_connector/" + id + "/_error", "{\"error\":\"disk full\"}").json().getString("result"))
        .isEqualTo("updated");
    assertThat(api.put("/_connector/" + id + "/_error", "{\"error\":null}").status()).isEqualTo(200);
    assertThat(api.put("/_connector/" + id + "/_service_type", "{\"service_type\":\"s3\"}").status()).isEqualTo(200);
    assertThat(api.put("/_connector/" + id + "/_status", "{\"status\":\"configured\"}").status()).isEqualTo(200);
    assertThat(TestDatabase.row("SELECT status FROM connectors WHERE id = ?", id)).containsEntry("status", "configured");
    assertThat(TestDatabase.row("SELECT count(*) AS n FROM connector_error_history WHERE connector_id = ?", id))
        .containsEntry("n", 0L);
    JsonObject history = api.get("/_connector/" + id + "/_error_history").json();
    assertThat(history.getLong("count")).isZero();
    assertThat(history.getJsonArray("results")).isEmpty();
  }
}
