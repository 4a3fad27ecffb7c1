package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PUT /_connector/{id}/<update>")
class ConnectorUpdatesApiTest extends ServiceTest {

  private static final JsonObject UPDATED = new JsonObject().put("result", "updated");
  private static final JsonObject NOOP = new JsonObject().put("result", "noop");
  private static final String STATUSES[] = {"created", "needs_configuration", "configured", "connected", "error"};

  private static final String DAILY = "{\"enabled\":false,\"interval\":\"0 0 0 * * ?\"}";

  static Stream<Arguments> everyEndpointWithABody() {
    return Stream.of(
        Arguments.of("_status", "{\"status\":\"error\"}"),
        Arguments.of("_name", "{\"name\":\"n\"}"),
        Arguments.of("_index_name", "{\"index_name\":null}"),
        Arguments.of("_service_type", "{\"service_type\":\"s3\"}"),
        Arguments.of("_native", "{\"is_native\":true}"),
        Arguments.of("_api_key_id", "{\"api_key_id\":\"k\"}"),
        Arguments.of("_features", "{\"features\":{}}"),
        Arguments.of("_pipeline", "{\"pipeline\":{\"name\":\"p\",\"extract_binary_content\":true,"
            + "\"reduce_whitespace\":true,\"run_ml_inference\":false}}"),
        Arguments.of("_scheduling", "{\"scheduling\":{\"full\":" + DAILY + ",\"incremental\":" + DAILY
            + ",\"access_control\":" + DAILY + "}}"),
        Arguments.of("_configuration", "{\"configuration\":{}}"),
        Arguments.of("_filtering", "{\"rules\":[]}"),
        Arguments.of("_filtering/_validation", "{\"validation\":{\"state\":\"valid\",\"errors\":[]}}"),
        Arguments.of("_last_sync", "{\"last_sync_error\":\"x\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEndpointWithABody")
  @DisplayName("every update answers 404 on a missing or soft-deleted connector and 400 on an unknown field")
  void missingAndUnknownField(String suffix, String body) {
    api.put("/_connector/nobody/" + suffix, body)
        .assertError(404, "resource_not_found_exception", "connector [nobody] not found");
    String id = newConnector("upd", "{}");
    api.delete("/_connector/" + id);
    api.put("/_connector/" + id + "/" + suffix, body)
        .assertError(404, "resource_not_found_exception", "connector [" + id + "] not found");
    var unknown = api.put("/_connector/" + newConnector("upd", "{}") + "/" + suffix, "{\"bogus\":1}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().getJsonObject("error").getString("type")).isEqualTo("x_content_parse_exception");
    assertThat(unknown.json().getJsonObject("error").getString("reason")).endsWith("unknown field [bogus]");
    api.put("/_connector/" + newConnector("upd", "{}") + "/" + suffix, null)
        .assertError(400, "parse_exception", "request body is required");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"_check_in", "_filtering/_activate"})
  @DisplayName("the endpoints without a body refuse one with 400 and 404 on a missing connector")
  void bodylessEndpoints(String suffix) {
    String id = newConnector("upd", "{}");
    api.put("/_connector/" + id + "/" + suffix, "{}").assertError(400, "illegal_argument_exception",
        "request [PUT /_connector/" + id + "/" + suffix + "] does not support having a body");
    api.put("/_connector/nobody/" + suffix, null)
        .assertError(404, "resource_not_found_exception", "connector [nobody] not found");
  }

  @Test
  @DisplayName("_check_in sets last_seen to now, every time")
  void checkIn() {
    String id = newConnector("upd", "{}");
    Instant before = Instant.now().minusSeconds(5);
    assertThat(api.put("/_connector/" + id + "/_check_in", null).json()).isEqualTo(UPDATED);
    Instant seen = Instant.parse(get(id).getString("last_seen"));
    assertThat(seen).isAfter(before).isBefore(Instant.now().plusSeconds(5));
    assertThat(api.put("/_connector/" + id + "/_check_in", null).json()).isEqualTo(UPDATED);
  }

  static Stream<Arguments> transitions() {
    return Stream.of(STATUSES).flatMap(from -> Stream.of(STATUSES).map(to -> Arguments.of(from, to)));
  }

  private static boolean allowed(String from, String to) {
    return switch (from) {
      case "created" -> to.equals("needs_configuration") || to.equals("error");
      case "needs_configuration" -> to.equals("configured") || to.equals("error");
      case "configured" -> !to.equals("created");
      case "connected", "error" -> to.equals("connected") || to.equals("configured") || to.equals("error");
      default -> false;
    };
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("transitions")
  @DisplayName("_status allows exactly the Connector Protocol's transitions; others answer 400 status_exception")
  void statusTransitions(String from, String to) {
    String id = newConnector("upd", "{}");
    TestDatabase.update("UPDATE connectors SET status = ? WHERE id = ?", from, id);
    var response = api.put("/_connector/" + id + "/_status", "{\"status\":\"" + to + "\"}");
    if (allowed(from, to)) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json()).isEqualTo(from.equals(to) ? NOOP : UPDATED);
      assertThat(get(id).getString("status")).isEqualTo(to);
    } else {
      response.assertError(400, "status_exception", "Invalid transition attempt from [" + from + "] to ["
          + to + "]. Such a status transition is not supported by the Connector Protocol.");
      assertThat(get(id).getString("status")).isEqualTo(from);
    }
  }

  @Test
  @DisplayName("_status with an unknown or missing status answers 400")
  void unknownStatus() {
    String id = newConnector("upd", "{}");
    var response = api.put("/_connector/" + id + "/_status", "{\"status\":\"sleeping\"}");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getJsonObject("error").getString("type")).isEqualTo("illegal_argument_exception");
    api.put("/_connector/" + id + "/_status", "{}").assertError(400, "illegal_argument_exception", "Required [status]");
  }

  @Test
  @DisplayName("_name sets name and/or description; both null answers 400; the same values are a noop")
  void name() {
    String id = newConnector("upd", "{\"name\":\"a\",\"description\":\"d\"}");
    assertThat(api.put("/_connector/" + id + "/_name", "{\"name\":\"b\"}").json()).isEqualTo(UPDATED);
    assertThat(get(id).getString("description")).isEqualTo("d");
    assertThat(api.put("/_connector/" + id + "/_name", "{\"description\":\"e\"}").json()).isEqualTo(UPDATED);
    JsonObject c = get(id);
    assertThat(c.getString("name")).isEqualTo("b");
    assertThat(c.getString("description")).isEqualTo("e");
    assertThat(api.put("/_connector/" + id + "/_name", "{\"name\":\"b\",\"description\":\"e\"}").json()).isEqualTo(NOOP);
    api.put("/_connector/" + id + "/_name", "{\"name\":null,\"description\":null}").assertError(400,
        "action_request_validation_exception", "Validation Failed: 1: [name] and [description] cannot both be null.;");
  }

  @Test
  @DisplayName("_index_name validates, keeps index names unique among live connectors, and accepts null")
  void indexName() {
    String index = "search-" + uniqueId("idx");
    String id = newConnector("upd", "{}");
    assertThat(api.put("/_connector/" + id + "/_index_name", "{\"index_name\":\"" + index + "\"}").json()).isEqualTo(UPDATED);
    assertThat(get(id).getString("index_name")).isEqualTo(index);
    String other = newConnector("upd", "{}");
    api.put("/_connector/" + other + "/_index_name", "{\"index_name\":\"" + index + "\"}")
        .assertError(400, "status_exception", "Index name [" + index + "] is used by another connector.");
    api.put("/_connector/" + other + "/_index_name", "{\"index_name\":\"UP\"}")
        .assertError(400, "action_request_validation_exception", "Validation Failed: 1: Invalid index name [UP], must be lowercase;");
    api.put("/_connector/" + other + "/_index_name", "{}")
        .assertError(400, "illegal_argument_exception", "Required [index_name]");
    assertThat(api.put("/_connector/" + id + "/_index_name", "{\"index_name\":null}").json()).isEqualTo(UPDATED);
    assertThat(get(id).getValue("index_name")).isNull();
  }

  @Test
  @DisplayName("_service_type sets the type and moves the status to needs_configuration unless it is created")
  void serviceType() {
    String fresh = newConnector("upd", "{}");
    api.put("/_connector/" + fresh + "/_service_type", "{\"service_type\":\"s3\"}");
    assertThat(get(fresh).getString("status")).isEqualTo("created");
    assertThat(get(fresh).getString("service_type")).isEqualTo("s3");

    String connected = newConnector("upd", "{}");
    TestDatabase.update("UPDATE connectors SET status = 'connected' WHERE id = ?", connected);
    assertThat(api.put("/_connector/" + connected + "/_service_type", "{\"service_type\":\"gdrive\"}").json()).isEqualTo(UPDATED);
    assertThat(get(connected).getString("status")).isEqualTo("needs_configuration");
    api.put("/_connector/" + connected + "/_service_type", "{\"service_type\":null}").assertError(400,
        "action_request_validation_exception", "Validation Failed: 1: [service_type] cannot be [null].;");
  }

  @Test
  @DisplayName("_native sets is_native, and a connected connector becomes configured")
  void isNative() {
    String id = newConnector("upd", "{}");
    TestDatabase.update("UPDATE connectors SET status = 'connected' WHERE id = ?", id);
    assertThat(api.put("/_connector/" + id + "/_native", "{\"is_native\":true}").json()).isEqualTo(UPDATED);
    assertThat(get(id).getBoolean("is_native")).isTrue();
    assertThat(get(id).getString("status")).isEqualTo("configured");
    assertThat(api.put("/_connector/" + id + "/_native", "{\"is_native\":true}").json()).isEqualTo(NOOP);
    var wrong = api.put("/_connector/" + id + "/_native", "{\"is_native\":1}");
    wrong.assertError(400, "x_content_parse_exception",
        "[connector_update_native_request] is_native doesn't support values of type: VALUE_NUMBER");
  }

  @Test
  @DisplayName("_api_key_id sets either key field and keeps the other")
  void apiKeyId() {
    String id = newConnector("upd", "{}");
    api.put("/_connector/" + id + "/_api_key_id", "{\"api_key_id\":\"k1\"}");
    api.put("/_connector/" + id + "/_api_key_id", "{\"api_key_secret_id\":\"s1\"}");
    assertThat(get(id).getString("api_key_id")).isEqualTo("k1");
    assertThat(get(id).getString("api_key_secret_id")).isEqualTo("s1");
    api.put("/_connector/" + id + "/_api_key_id", "{}").assertError(400, "action_request_validation_exception",
        "Validation Failed: 1: [api_key_id] and [api_key_secret_id] cannot both be [null]. Please provide a value for at "
            + "least one of them.;");
  }

  @Test
  @DisplayName("_features, _pipeline and _scheduling merge into the stored object, as a partial document update")
  void mergedObjects() {
    String id = newConnector("upd", "{}");
    api.put("/_connector/" + id + "/_features", "{\"features\":{\"sync_rules\":{\"basic\":{\"enabled\":true}}}}");
    api.put("/_connector/" + id + "/_features", "{\"features\":{\"sync_rules\":{\"advanced\":{\"enabled\":false}},"
        + "\"incremental_sync\":{\"enabled\":true}}}");
    assertThat(get(id).getJsonObject("features")).isEqualTo(new JsonObject(
        "{\"sync_rules\":{\"basic\":{\"enabled\":true},\"advanced\":{\"enabled\":false}},\"incremental_sync\":{\"enabled\":true}}"));
    assertThat(api.put("/_connector/" + id + "/_features", "{\"features\":{\"incremental_sync\":{\"enabled\":true}}}").json())
        .isEqualTo(NOOP);

    JsonObject pipeline = new JsonObject().put("name", "ent-search-generic-ingestion")
        .put("extract_binary_content", true).put("reduce_whitespace", true).put("run_ml_inference", false);
    api.put("/_connector/" + id + "/_pipeline", new JsonObject().put("pipeline", pipeline).encode());
    assertThat(get(id).getJsonObject("pipeline")).isEqualTo(pipeline);

    assertThat(api.put("/_connector/" + id + "/_scheduling", "{\"scheduling\":{\"full\":{\"enabled\":true,"
        + "\"interval\":\"0 0 1 * * ?\"},\"incremental\":" + DAILY + ",\"access_control\":" + DAILY + "}}").json())
        .isEqualTo(UPDATED);
    JsonObject scheduling = get(id).getJsonObject("scheduling");
    assertThat(scheduling.getJsonObject("full")).isEqualTo(new JsonObject().put("enabled", true).put("interval", "0 0 1 * * ?"));
    assertThat(scheduling.getJsonObject("incremental").getBoolean("enabled")).isFalse();
    api.put("/_connector/" + id + "/_pipeline", "{\"pipeline\":\"p\"}").assertError(400, "x_content_parse_exception",
        "[connector_update_pipeline_request] pipeline doesn't support values of type: VALUE_STRING");
  }

  @Test
  @DisplayName("_configuration replaces the configuration or sets field values, and sets status configured")
  void configuration() {
    String id = newConnector("upd", "{}");
    JsonObject configuration = new JsonObject()
        .put("host", new JsonObject().put("label", "Host").put("value", "a").put("required", true))
        .put("port", new JsonObject().put("label", "Port").put("value", 1));
    api.put("/_connector/" + id + "/_configuration", new JsonObject().put("configuration", configuration).encode());
    assertThat(get(id).getJsonObject("configuration")).isEqualTo(configuration);
    assertThat(get(id).getString("status")).isEqualTo("configured");

    assertThat(api.put("/_connector/" + id + "/_configuration", "{\"values\":{\"host\":\"b\"}}").json()).isEqualTo(UPDATED);
    JsonObject host = get(id).getJsonObject("configuration").getJsonObject("host");
    assertThat(host).isEqualTo(new JsonObject().put("label", "Host").put("value", "b").put("required", true));
    assertThat(api.put("/_connector/" + id + "/_configuration", "{\"values\":{\"host\":\"b\"}}").json()).isEqualTo(NOOP);

    api.put("/_connector/" + id + "/_configuration", "{\"values\":{\"user\":\"x\",\"db\":\"y\"}}").assertError(400,
        "status_exception", "Unknown [configuration] fields in the request payload: [db, user]. Remove them from request "
            + "or register their schema first.");
    api.put("/_connector/" + id + "/_configuration", "{}").assertError(400, "action_request_validation_exception",
        "Validation Failed: 1: [configuration] and [values] cannot both be null.;");
  }

  @Test
  @DisplayName("_filtering edits the draft (state edited); _activate needs a valid draft; _validation sets its state")
  void filtering() {
    String id = newConnector("upd", "{}");
    JsonArray rules = new JsonArray().add(new JsonObject().put("id", "r1").put("field", "title").put("policy", "exclude")
        .put("rule", "contains").put("value", "secret").put("order", 0));
    api.put("/_connector/" + id + "/_filtering", new JsonObject().put("rules", rules)
        .put("advanced_snippet", new JsonObject().put("value", new JsonObject().put("q", 1))).encode());
    JsonObject domain = get(id).getJsonArray("filtering").getJsonObject(0);
    assertThat(domain.getJsonObject("draft").getJsonArray("rules")).isEqualTo(rules);
    assertThat(domain.getJsonObject("draft").getJsonObject("advanced_snippet").getJsonObject("value"))
        .isEqualTo(new JsonObject().put("q", 1));
    assertThat(domain.getJsonObject("draft").getJsonObject("validation").getString("state")).isEqualTo("edited");
    assertThat(domain.getJsonObject("active").getJsonArray("rules").getJsonObject(0).getString("id")).isEqualTo("DEFAULT");

    api.put("/_connector/" + id + "/_filtering/_activate", null).assertError(400, "status_exception",
        "Filtering draft needs to be validated by the connector service before activation. "
            + "Current filtering draft validation state: [edited]");
    api.put("/_connector/" + id + "/_filtering/_validation", "{\"validation\":{\"state\":\"valid\",\"errors\":[]}}");
    assertThat(api.put("/_connector/" + id + "/_filtering/_activate", null).json()).isEqualTo(UPDATED);
    JsonObject active = get(id).getJsonArray("filtering").getJsonObject(0).getJsonObject("active");
    assertThat(active.getJsonArray("rules")).isEqualTo(rules);
    assertThat(api.put("/_connector/" + id + "/_filtering/_activate", null).json()).isEqualTo(NOOP);

    JsonArray whole = new JsonArray().add(new JsonObject().put("domain", "DEFAULT")
        .put("active", active).put("draft", active));
    api.put("/_connector/" + id + "/_filtering", new JsonObject().put("filtering", whole).encode());
    assertThat(get(id).getJsonArray("filtering")).isEqualTo(whole);
    api.put("/_connector/" + id + "/_filtering/_validation", "{\"validation\":{\"state\":\"bogus\"}}").assertError(400,
        "illegal_argument_exception", "[validation.state] must be one of [edited, invalid, valid], got [bogus]");
  }

  @Test
  @DisplayName("_last_sync sets the sync fields it is given and keeps the others")
  void lastSync() {
    String id = newConnector("upd", "{}");
    assertThat(api.put("/_connector/" + id + "/_last_sync", "{\"last_sync_status\":\"completed\","
        + "\"last_synced\":\"2024-05-01T10:00:00Z\",\"last_indexed_document_count\":42,"
        + "\"last_deleted_document_count\":3,\"sync_cursor\":{\"page\":7},\"last_sync_error\":null}").json())
        .isEqualTo(UPDATED);
    api.put("/_connector/" + id + "/_last_sync", "{\"last_access_control_sync_status\":\"error\","
        + "\"last_access_control_sync_error\":\"denied\",\"last_sync_scheduled_at\":\"2024-05-02\"}");
    JsonObject c = get(id);
    assertThat(c.getString("last_sync_status")).isEqualTo("completed");
    assertThat(c.getString("last_synced")).isEqualTo("2024-05-01T10:00:00.000Z");
    assertThat(c.getLong("last_indexed_document_count")).isEqualTo(42);
    assertThat(c.getLong("last_deleted_document_count")).isEqualTo(3);
    assertThat(c.getJsonObject("sync_cursor")).isEqualTo(new JsonObject().put("page", 7));
    assertThat(c.getString("last_access_control_sync_status")).isEqualTo("error");
    assertThat(c.getString("last_access_control_sync_error")).isEqualTo("denied");
    assertThat(c.getString("last_sync_scheduled_at")).isEqualTo("2024-05-02T00:00:00.000Z");

    api.put("/_connector/" + id + "/_last_sync", "{\"last_sync_status\":\"great\"}").assertError(400,
        "illegal_argument_exception", "[last_sync_status] must be one of [canceling, canceled, completed, error, "
            + "in_progress, pending, suspended], got [great]");
    var badDate = api.put("/_connector/" + id + "/_last_sync", "{\"last_synced\":\"yesterday\"}");
    assertThat(badDate.status()).isEqualTo(400);
    assertThat(badDate.json().getJsonObject("error").getString("type")).isEqualTo("x_content_parse_exception");
    api.put("/_connector/" + id + "/_last_sync", "{\"last_indexed_document_count\":1.5}").assertError(400,
        "x_content_parse_exception",
        "[connector_update_last_sync_stats_request] last_indexed_document_count doesn't support values of type: VALUE_NUMBER");
  }

  @Test
  @DisplayName("nested objects with a NUL character anywhere answer 400 and store nothing")
  void nulInNestedObject() {
    String id = newConnector("upd", "{}");
    var response = api.put("/_connector/" + id + "/_features", "{\"features\":{\"a\":[\"x\\u0000\"]}}");
    assertThat(response.status()).isEqualTo(400);
    assertThat(get(id).getValue("features")).isNull();
  }


  private static JsonObject get(String id) {
    return api.get("/_connector/" + id).json();
  }
}
