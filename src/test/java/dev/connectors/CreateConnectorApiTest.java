package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PUT /_connector/{id}, PUT /_connector, POST /_connector")
class CreateConnectorApiTest extends ServiceTest {

  private static final String VALIDATION = "action_request_validation_exception";

  @Test
  @DisplayName("PUT on a new id answers 201 created, and GET shows every field with its default")
  void createsWithDefaults() {
    String id = uniqueId("new");
    var response = api.put("/_connector/" + id, "{\"name\":\"Drive\",\"service_type\":\"google_drive\","
        + "\"description\":\"d\",\"language\":\"en\",\"index_name\":\"search-" + id + "\"}");
    assertThat(response.status()).isEqualTo(201);
    assertThat(response.json()).isEqualTo(new JsonObject().put("id", id).put("result", "created"));

    JsonObject c = api.get("/_connector/" + id).json();
    assertThat(c.fieldNames()).containsExactlyInAnyOrder("id", "name", "description", "index_name",
        "service_type", "language", "is_native", "status", "error", "api_key_id", "api_key_secret_id",
        "configuration", "custom_scheduling", "features", "filtering", "pipeline", "scheduling",
        "sync_cursor", "sync_now", "last_seen", "last_synced", "last_sync_status", "last_sync_error",
        "last_sync_scheduled_at", "last_indexed_document_count", "last_deleted_document_count",
        "last_access_control_sync_status", "last_access_control_sync_error",
        "last_access_control_sync_scheduled_at", "last_incremental_sync_scheduled_at", "deleted");
    assertThat(c.getString("id")).isEqualTo(id);
    assertThat(c.getString("name")).isEqualTo("Drive");
    assertThat(c.getString("description")).isEqualTo("d");
    assertThat(c.getString("language")).isEqualTo("en");
    assertThat(c.getString("service_type")).isEqualTo("google_drive");
    assertThat(c.getString("index_name")).isEqualTo("search-" + id);
    assertThat(c.getBoolean("is_native")).isFalse();
    assertThat(c.getString("status")).isEqualTo("created");
    assertThat(c.getBoolean("sync_now")).isFalse();
    assertThat(c.getBoolean("deleted")).isFalse();
    assertThat(c.getJsonObject("configuration")).isEqualTo(new JsonObject());
    assertThat(c.getJsonObject("custom_scheduling")).isEqualTo(new JsonObject());
    for (String nullField : new String[] {"error", "api_key_id", "api_key_secret_id", "features",
        "pipeline", "sync_cursor", "last_seen", "last_synced", "last_sync_status", "last_sync_error",
        "last_indexed_document_count", "last_deleted_document_count"}) {
      assertThat(c.getValue(nullField)).as(nullField).isNull();
    }
    JsonObject everyDay = new JsonObject().put("enabled", false).put("interval", "0 0 0 * * ?");
    assertThat(c.getJsonObject("scheduling")).isEqualTo(new JsonObject()
        .put("access_control", everyDay).put("full", everyDay).put("incremental", everyDay));
  }

  @Test
  @DisplayName("the default filtering is one DEFAULT domain whose active and draft hold the catch-all rule, valid")
  void defaultFiltering() {
    String id = uniqueId("filtering");
    api.put("/_connector/" + id, "{}");
    JsonArray filtering = api.get("/_connector/" + id).json().getJsonArray("filtering");
    assertThat(filtering).hasSize(1);
    JsonObject domain = filtering.getJsonObject(0);
    assertThat(domain.getString("domain")).isEqualTo("DEFAULT");
    for (String part : new String[] {"active", "draft"}) {
      JsonObject rules = domain.getJsonObject(part);
      JsonObject rule = rules.getJsonArray("rules").getJsonObject(0).copy();
      assertThat(rule.remove("created_at")).asString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(rule.remove("updated_at")).isNotNull();
      assertThat(rule).isEqualTo(new JsonObject().put("id", "DEFAULT").put("field", "_")
          .put("policy", "include").put("rule", "regex").put("value", ".*").put("order", 0));
      assertThat(rules.getJsonObject("validation"))
          .isEqualTo(new JsonObject().put("state", "valid").put("errors", new JsonArray()));
      assertThat(rules.getJsonObject("advanced_snippet").getJsonObject("value")).isEqualTo(new JsonObject());
    }
  }

  @Test
  @DisplayName("a native connector starts in needs_configuration; a body left out creates one with every default")
  void nativeAndBodyless() {
    String nativeId = uniqueId("native");
    api.put("/_connector/" + nativeId, "{\"is_native\":true}");
    assertThat(api.get("/_connector/" + nativeId).json().getString("status")).isEqualTo("needs_configuration");

    String bare = uniqueId("bare");
    assertThat(api.put("/_connector/" + bare, null).status()).isEqualTo(201);
    JsonObject c = api.get("/_connector/" + bare).json();
    assertThat(c.getString("name")).isEqualTo("");
    assertThat(c.getValue("index_name")).isNull();
    assertThat(c.getString("status")).isEqualTo("created");
  }

  @Test
  @DisplayName("PUT on an existing id answers 200 updated and replaces the connector with a new one from the body")
  void replacesExisting() {
    String id = uniqueId("replace");
    api.put("/_connector/" + id, "{\"name\":\"old\",\"service_type\":\"s3\",\"index_name\":\"search-" + id + "\"}");
    api.put("/_connector/" + id + "/_error", "{\"error\":\"broken\"}");

    var response = api.put("/_connector/" + id, "{\"name\":\"new\"}");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject().put("id", id).put("result", "updated"));
    JsonObject c = api.get("/_connector/" + id).json();
    assertThat(c.getString("name")).isEqualTo("new");
    assertThat(c.getValue("service_type")).isNull();
    assertThat(c.getValue("index_name")).isNull();
    assertThat(c.getValue("error")).isNull();
    assertThat(c.getString("status")).isEqualTo("created");
  }

  @Test
  @DisplayName("PUT over a soft-deleted connector brings back a live one")
  void replacesSoftDeleted() {
    String id = uniqueId("revive");
    api.put("/_connector/" + id, "{}");
    api.delete("/_connector/" + id);
    assertThat(api.put("/_connector/" + id, "{\"name\":\"again\"}").status()).isEqualTo(200);
    assertThat(api.get("/_connector/" + id).json().getBoolean("deleted")).isFalse();
  }

  @ParameterizedTest(name = "{0} /_connector")
  @ValueSource(strings = {"POST", "PUT"})
  @DisplayName("without an id in the path generates a URL-safe id of at least 20 characters and answers 201")
  void generatesId(String method) {
    var response = api.send(method, "/_connector", "application/json", "{\"name\":\"gen\"}".getBytes());
    assertThat(response.status()).isEqualTo(201);
    String id = response.json().getString("id");
    assertThat(id).matches("[A-Za-z0-9_-]{20,}");
    assertThat(response.json().getString("result")).isEqualTo("created");
    assertThat(api.get("/_connector/" + id).json().getString("name")).isEqualTo("gen");
  }

  static Stream<Arguments> invalidIndexNames() {
    String listed = "must not contain the following characters ['\\\\','/','*','?','\"','<','>','|',' ',',']";
    return Stream.of(
        Arguments.of("UPPER", "must be lowercase"),
        Arguments.of("_hidden", "must not start with '_', '-', or '+'"),
        Arguments.of("-dash", "must not start with '_', '-', or '+'"),
        Arguments.of("+plus", "must not start with '_', '-', or '+'"),
        Arguments.of("with space", listed),
        Arguments.of("a/b", listed),
        Arguments.of("a*b", listed),
        Arguments.of("a\\b", listed),
        Arguments.of("a,b", listed),
        Arguments.of("a:b", "must not contain ':'"),
        Arguments.of("a#b", "must not contain '#'"),
        Arguments.of("..", "must not be '.' or '..'"),
        Arguments.of("", "must not be empty"));
  }

  @ParameterizedTest(name = "index_name [{0}]")
  @MethodSource("invalidIndexNames")
  @DisplayName("an invalid index name answers 400 and creates nothing")
  void invalidIndexName(String indexName, String problem) {
    String id = uniqueId("badindex");
    api.put("/_connector/" + id, new JsonObject().put("index_name", indexName).encode())
        .assertError(400, VALIDATION, "Validation Failed: 1: Invalid index name [" + indexName + "], " + problem + ";");
    assertThat(TestDatabase.row("SELECT id FROM connectors WHERE id = ?", id)).isNull();
  }

  @Test
  @DisplayName("an index name over 255 bytes answers 400")
  void longIndexName() {
    String name = "a".repeat(256);
    api.put("/_connector/" + uniqueId("long"), new JsonObject().put("index_name", name).encode())
        .assertError(400, VALIDATION, "Validation Failed: 1: Invalid index name [" + name
            + "], index name is too long, (256 > 255);");
  }

  @Test
  @DisplayName("two live connectors may not share an index_name: 400 status_exception; after a soft delete it is free")
  void indexNameUnique() {
    String index = "search-" + uniqueId("shared");
    String first = uniqueId("first");
    assertThat(api.put("/_connector/" + first, "{\"index_name\":\"" + index + "\"}").status()).isEqualTo(201);
    String second = uniqueId("second");
    api.put("/_connector/" + second, "{\"index_name\":\"" + index + "\"}")
        .assertError(400, "status_exception", "Index name [" + index + "] is used by another connector.");
    assertThat(TestDatabase.row("SELECT id FROM connectors WHERE id = ?", second)).isNull();

    api.delete("/_connector/" + first);
    assertThat(api.put("/_connector/" + second, "{\"index_name\":\"" + index + "\"}").status()).isEqualTo(201);
  }

  @Test
  @DisplayName("an id over 512 bytes answers 400; 512 bytes is accepted")
  void idLength() {
    String tooLong = "é".repeat(257);
    api.put("/_connector/" + tooLong, "{}").assertError(400, VALIDATION,
        "Validation Failed: 1: id [" + tooLong + "] is too long, must be no longer than 512 bytes but was: 514;");
    assertThat(api.put("/_connector/" + "é".repeat(256), "{}").status()).isEqualTo(201);
  }

  @Test
  @DisplayName("ids with dots, unicode and percent-encoded characters round-trip")
  void unusualIds() {
    for (String[] id : new String[][] {{"a.b.c", "a.b.c"}, {"caf%C3%A9", "café"}, {"a%20b", "a b"},
        {"quote%27s", "quote's"}}) {
      assertThat(api.put("/_connector/" + id[0], "{}").json().getString("id")).isEqualTo(id[1]);
      assertThat(api.get("/_connector/" + id[0]).json().getString("id")).isEqualTo(id[1]);
    }
  }

  @Test
  @DisplayName("an unknown body field or a field of the wrong type answers 400 x_content_parse_exception")
  void badBodies() {
    api.put("/_connector/" + uniqueId("x"), "{\"colour\":\"red\"}")
        .assertError(400, "x_content_parse_exception", "[connector_put_request] unknown field [colour]");
    api.put("/_connector/" + uniqueId("x"), "{\"name\":7}")
        .assertError(400, "x_content_parse_exception",
            "[connector_put_request] name doesn't support values of type: VALUE_NUMBER");
    api.put("/_connector/" + uniqueId("x"), "{\"is_native\":\"maybe\"}")
        .assertError(400, "x_content_parse_exception", "[connector_put_request] failed to parse field "
            + "[is_native]: Failed to parse value [maybe] as only [true] or [false] are allowed.");
    api.put("/_connector/" + uniqueId("x"), "[]").assertError(400, "x_content_parse_exception",
        "[connector_put_request] Expected START_OBJECT but was: START_ARRAY");
  }
}
