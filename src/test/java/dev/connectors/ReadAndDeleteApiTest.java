package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GET and DELETE /_connector/{id}")
class ReadAndDeleteApiTest extends ServiceTest {

  private static final String NOT_FOUND = "resource_not_found_exception";

  @Test
  @DisplayName("GET on a missing connector answers 404 resource_not_found_exception")
  void getMissing() {
    api.get("/_connector/nobody-here").assertError(404, NOT_FOUND, "connector [nobody-here] not found");
  }

  @Test
  @DisplayName("DELETE soft-deletes: acknowledged, the row stays marked deleted, GET answers 404 unless include_deleted")
  void softDelete() {
    String id = newConnector("rd");
    var response = api.delete("/_connector/" + id);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject().put("acknowledged", true));
    assertThat(TestDatabase.row("SELECT deleted FROM connectors WHERE id = ?", id)).containsEntry("deleted", true);

    api.get("/_connector/" + id).assertError(404, NOT_FOUND, "connector [" + id + "] not found");
    JsonObject deleted = api.get("/_connector/" + id + "?include_deleted=true").json();
    assertThat(deleted.getString("id")).isEqualTo(id);
    assertThat(deleted.getBoolean("deleted")).isTrue();
    assertThat(api.get("/_connector/" + id + "?include_deleted").status()).isEqualTo(200);
    api.get("/_connector/" + id + "?include_deleted=false").assertError(404, NOT_FOUND, "connector [" + id + "] not found");
  }

  @Test
  @DisplayName("DELETE on a missing or already soft-deleted connector answers 404")
  void deleteTwice() {
    api.delete("/_connector/no-such").assertError(404, NOT_FOUND, "connector [no-such] not found");
    String id = newConnector("rd");
    api.delete("/_connector/" + id);
    api.delete("/_connector/" + id).assertError(404, NOT_FOUND, "connector [" + id + "] not found");
  }

  @Test
  @DisplayName("DELETE ?hard=true removes the row, also of a soft-deleted connector; then 404 even with include_deleted")
  void hardDelete() {
    String id = newConnector("rd");
    assertThat(api.delete("/_connector/" + id + "?hard=true").json())
        .isEqualTo(new JsonObject().put("acknowledged", true));
    assertThat(TestDatabase.row("SELECT id FROM connectors WHERE id = ?", id)).isNull();
    api.get("/_connector/" + id + "?include_deleted=true").assertError(404, NOT_FOUND, "connector [" + id + "] not found");

    String soft = newConnector("rd");
    api.delete("/_connector/" + soft);
    assertThat(api.delete("/_connector/" + soft + "?hard=true&delete_sync_jobs=true").status()).isEqualTo(200);
    assertThat(TestDatabase.row("SELECT id FROM connectors WHERE id = ?", soft)).isNull();
  }

  @Test
  @DisplayName("a flag that is not true or false, and an unknown parameter, answer 400 illegal_argument_exception")
  void badParameters() {
    String id = newConnector("rd");
    api.delete("/_connector/" + id + "?hard=yes").assertError(400, "illegal_argument_exception",
        "Failed to parse value [yes] as only [true] or [false] are allowed.");
    api.get("/_connector/" + id + "?size=1").assertError(400, "illegal_argument_exception",
        "request [/_connector/" + id + "] contains unrecognized parameter: [size]");
    assertThat(TestDatabase.row("SELECT deleted FROM connectors WHERE id = ?", id)).containsEntry("deleted", false);
  }

  @Test
  @DisplayName("ids that look like SQL are plain ids: not found, and the table is intact")
  void sqlLookingIds() {
    String survivor = newConnector("rd");
    long before = (Long) TestDatabase.row("SELECT count(*) AS n FROM connectors").get("n");
    api.get("/_connector/x'%20OR%20'1'='1").assertError(404, NOT_FOUND, "connector [x' OR '1'='1] not found");
    api.delete("/_connector/x;DROP%20TABLE%20connectors").assertError(404, NOT_FOUND,
        "connector [x;DROP TABLE connectors] not found");
    assertThat(TestDatabase.row("SELECT count(*) AS n FROM connectors")).containsEntry("n", before);
    assertThat(api.get("/_connector/" + survivor).status()).isEqualTo(200);
  }


  @Test
  @DisplayName("a connector's answer, byte for byte (fields in order, nested documents as stored, times as "
      + "Elasticsearch writes them): the same from GET and as a list item")
  void exactBytes() {
    String id = newConnector("golden", "{\"name\":\"Golden\",\"index_name\":\"search-" + uniqueId("golden")
        + "\",\"service_type\":\"s3\",\"description\":\"d\"}");
    String index = api.get("/_connector/" + id).json().getString("index_name");
    TestDatabase.update("UPDATE connectors SET filtering = '[{\"domain\":\"DEFAULT\",\"active\":{\"rules\":[]}}]',"
        + " configuration = '{\"b\":{\"label\":\"B\",\"value\":2},\"a\":{\"value\":1,\"label\":\"A\"}}',"
        + " last_seen = '2026-01-02T03:04:05.123456Z', last_synced = '2026-01-02T03:04:05Z',"
        + " last_indexed_document_count = 42, error = 'x\"y' WHERE id = ?", id);
    String expected = "{\"id\":\"" + id + "\",\"api_key_id\":null,\"api_key_secret_id\":null,"
        + "\"configuration\":{\"a\":{\"label\":\"A\",\"value\":1},\"b\":{\"label\":\"B\",\"value\":2}},"
        + "\"custom_scheduling\":{},\"deleted\":false,\"description\":\"d\",\"error\":\"x\\\"y\",\"features\":null,"
        + "\"filtering\":[{\"active\":{\"rules\":[]},\"domain\":\"DEFAULT\"}],\"index_name\":\"" + index + "\","
        + "\"is_native\":false,\"language\":null,\"last_access_control_sync_error\":null,"
        + "\"last_access_control_sync_scheduled_at\":null,\"last_access_control_sync_status\":null,"
        + "\"last_deleted_document_count\":null,\"last_incremental_sync_scheduled_at\":null,"
        + "\"last_indexed_document_count\":42,\"last_seen\":\"2026-01-02T03:04:05.123456Z\",\"last_sync_error\":null,"
        + "\"last_sync_scheduled_at\":null,\"last_sync_status\":null,\"last_synced\":\"2026-01-02T03:04:05.000Z\","
        + "\"name\":\"Golden\",\"pipeline\":null,\"scheduling\":{\"full\":{\"enabled\":false,\"interval\":\"0 0 0 * * ?\"},"
        + "\"incremental\":{\"enabled\":false,\"interval\":\"0 0 0 * * ?\"},"
        + "\"access_control\":{\"enabled\":false,\"interval\":\"0 0 0 * * ?\"}},\"service_type\":\"s3\","
        + "\"status\":\"created\",\"sync_cursor\":null,\"sync_now\":false}";
    assertThat(api.get("/_connector/" + id).body()).isEqualTo(expected);
    assertThat(api.get("/_connector?index_name=" + index).body()).isEqualTo("{\"count\":1,\"results\":[" + expected + "]}");
  }
}
