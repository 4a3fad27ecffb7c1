package dev.connectors.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.Api;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("List filters status and offline, and cursors: next and search_after (beyond Elasticsearch)")
class ListCursorsTest extends ServiceTest {

  private static List<String> ids(JsonObject page) {
    List<String> ids = new ArrayList<>();
    page.getJsonArray("results").forEach(c -> ids.add(((JsonObject) c).getString("id")));
    return ids;
  }

  private static String cursor(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("a walk by cursor gives what one big page gives, in the same order, connectors without an index "
      + "name last; the cursor carries the filters")
  void walkMatchesOnePage() {
    String type = uniqueId("walk-type");
    for (int i = 0; i < 7; i++) {
      String body = i % 3 == 0 ? "{\"service_type\":\"" + type + "\"}"
          : "{\"service_type\":\"" + type + "\",\"index_name\":\"" + uniqueId("walk-index") + "\"}";
      newConnector("walk", body);
    }
    List<String> whole = ids(api.get("/_connector?size=100&service_type=" + type).json());
    assertThat(whole).hasSize(7);
    assertThat(api.walk("/_connector", "&service_type=" + type, 2)).containsExactlyElementsOf(whole);
    assertThat(api.walk("/_connector", "&service_type=" + type, 3)).containsExactlyElementsOf(whole);
    assertThat(api.walk("/_connector", "&service_type=" + type, 7)).containsExactlyElementsOf(whole);
    // from/size answers that have more carry next too, continuing after their last record
    JsonObject middle = api.get("/_connector?from=2&size=2&service_type=" + type).json();
    assertThat(ids(middle)).containsExactlyElementsOf(whole.subList(2, 4));
    assertThat(ids(api.get("/_connector?size=10&search_after=" + middle.getString("next")).json()))
        .containsExactlyElementsOf(whole.subList(4, 7));
    assertThat(middle.getLong("count")).isEqualTo(7);
  }

  @Test
  @DisplayName("status takes a comma list; offline compares coalesce(last_seen, created) with OFFLINE_AFTER")
  void statusAndOffline() {
    String type = uniqueId("fleet-type");
    String failing = newConnector("fleet", "{\"service_type\":\"" + type + "\"}");
    api.put("/_connector/" + failing + "/_error", "{\"error\":\"boom\"}");
    String silent = newConnector("fleet", "{\"service_type\":\"" + type + "\"}");
    TestDatabase.update("UPDATE connectors SET last_seen = now() - interval '31 minutes' WHERE id = ?", silent);
    String neverSeen = newConnector("fleet", "{\"service_type\":\"" + type + "\"}");
    TestDatabase.update("UPDATE connectors SET created_at = now() - interval '2 hours' WHERE id = ?", neverSeen);
    String fresh = newConnector("fleet", "{\"service_type\":\"" + type + "\"}");
    api.put("/_connector/" + fresh + "/_check_in", null);

    assertThat(ids(api.get("/_connector?service_type=" + type + "&status=error").json())).containsExactly(failing);
    assertThat(ids(api.get("/_connector?service_type=" + type + "&status=error,created").json()))
        .containsExactlyInAnyOrder(failing, silent, neverSeen, fresh);
    assertThat(ids(api.get("/_connector?service_type=" + type + "&offline=true").json()))
        .containsExactlyInAnyOrder(silent, neverSeen);
    assertThat(ids(api.get("/_connector?service_type=" + type + "&offline=false").json()))
        .containsExactlyInAnyOrder(failing, fresh);
    assertThat(ids(api.get("/_connector?service_type=" + type + "&offline").json()))
        .containsExactlyInAnyOrder(silent, neverSeen);
    api.get("/_connector?status=broken").assertError(400, "illegal_argument_exception",
        "[status] must be one of [created, needs_configuration, configured, connected, error], got [broken]");
    api.get("/_connector?offline=maybe").assertError(400, "illegal_argument_exception",
        "Failed to parse value [maybe] as only [true] or [false] are allowed.");
  }

  @Test
  @DisplayName("sync jobs walk newest first by cursor, as one big page lists them")
  void syncJobs() {
    String connector = syncableConnector("walk-jobs");
    for (int i = 0; i < 5; i++) {
      assertThat(api.post("/_connector/_sync_job", "{\"id\":\"" + connector + "\"}").status()).isEqualTo(200);
    }
    List<String> whole = ids(api.get("/_connector/_sync_job?connector_id=" + connector).json());
    assertThat(whole).hasSize(5);
    assertThat(api.walk("/_connector/_sync_job", "&connector_id=" + connector, 2)).containsExactlyElementsOf(whole);
  }

  @Test
  @DisplayName("a cursor comes alone, and one this service did not give is 400, whatever it holds")
  void hostileCursors() {
    String type = uniqueId("cursor-type");
    newConnector("cursor", "{\"service_type\":\"" + type + "\"}");
    newConnector("cursor", "{\"service_type\":\"" + type + "\"}");
    String next = api.get("/_connector?size=1&service_type=" + type).json().getString("next");
    api.get("/_connector?search_after=" + next + "&service_type=x").assertError(400, "illegal_argument_exception",
        "[search_after] carries the filters of the walk it continues: [service_type] cannot be given with it");
    api.get("/_connector?search_after=" + next + "&from=1").assertError(400, "illegal_argument_exception",
        "[search_after] carries the filters of the walk it continues: [from] cannot be given with it");
    for (String bad : List.of("%21%21", "bm90IGpzb24", cursor("[]"), cursor("{}"), cursor("{\"filters\":{}}"),
        cursor("{\"filters\":{},\"after\":[\"a\"]}"), cursor("{\"filters\":{},\"after\":[1,\"a\"]}"),
        cursor("{\"filters\":{},\"after\":[\"a\",\"\"]}"), cursor("{\"filters\":{\"size\":1},\"after\":[\"a\",\"b\"]}"),
        cursor("{\"filters\":{\"status\":7},\"after\":[\"a\",\"b\"]}"))) {
      Api.Response answer = api.get("/_connector?search_after=" + bad);
      assertThat(answer.status()).as(bad + ": " + answer.body()).isEqualTo(400);
      assertThat(answer.json().getJsonObject("error").getString("type")).isEqualTo("illegal_argument_exception");
    }
    // what a cursor carries is checked as a request's parameters are
    api.get("/_connector?search_after=" + cursor("{\"filters\":{\"query\":\"a\\u0000\"},\"after\":[\"a\",\"b\"]}"))
        .assertError(400, "illegal_argument_exception", "parameter [query] must not contain the NUL character");
    api.get("/_connector?search_after=" + cursor("{\"filters\":{\"status\":\"nope\"},\"after\":[\"a\",\"b\"]}"))
        .assertError(400, "illegal_argument_exception",
            "[status] must be one of [created, needs_configuration, configured, connected, error], got [nope]");
    assertThat(api.get("/_connector/_sync_job?search_after=" + cursor("{\"filters\":{},\"after\":[1.5,\"j\"]}"))
        .status()).isEqualTo(400);
    assertThat(api.get("/_connector/_sync_job?search_after=" + cursor("{\"filters\":{},\"after\":[null,\"j\"]}"))
        .status()).isEqualTo(400);
    // a whole number past a long's range would wrap into some other position
    assertThat(api.get("/_connector/_sync_job?search_after="
        + cursor("{\"filters\":{},\"after\":[123456789012345678901234567890,\"j\"]}")).status()).isEqualTo(400);
  }
}
