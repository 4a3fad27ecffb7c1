package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.Api;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PUT /_connector/{id}/_error")
class UpdateErrorApiTest extends ServiceTest {

  private static final String VALIDATION = "action_request_validation_exception";
  private static final String PARSE = "x_content_parse_exception";

  @Test
  @DisplayName("the seed document's example: create my-connector, set the error, read it back, reset it, delete it")
  void seedExample() {
    api.delete("/_connector/my-connector?hard=true"); // whatever an earlier test left, the example starts afresh
    var created = api.put("/_connector/my-connector",
        "{\"index_name\": \"search-google-drive\", \"name\": \"My Connector\", \"service_type\": \"google_drive\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json()).isEqualTo(new JsonObject().put("id", "my-connector").put("result", "created"));

    var updated = api.put("/_connector/my-connector/_error", "{\n  \"error\": \"Houston, we have a problem!\"\n}");
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json()).isEqualTo(new JsonObject().put("result", "updated"));

    JsonObject connector = api.get("/_connector/my-connector").json();
    assertThat(connector.getString("status")).isEqualTo("error");
    assertThat(connector.getString("error")).isEqualTo("Houston, we have a problem!");

    var reset = api.put("/_connector/my-connector/_error", "{\"error\": null}");
    assertThat(reset.json()).isEqualTo(new JsonObject().put("result", "updated"));
    JsonObject afterReset = api.get("/_connector/my-connector").json();
    assertThat(afterReset.getString("status")).isEqualTo("connected");
    assertThat(afterReset.getValue("error")).isNull();

    assertThat(api.delete("/_connector/my-connector").json())
        .isEqualTo(new JsonObject().put("acknowledged", true));
  }

  @Test
  @DisplayName("a message sets error and status 'error' together in the row; the same message again is a noop")
  void setsErrorAndStatusTogether() {
    String id = newConnector("err");
    assertThat(api.put(path(id), "{\"error\":\"disk full\"}").json().getString("result")).isEqualTo("updated");
    assertThat(stored(id)).containsEntry("error", "disk full").containsEntry("status", "error");

    var again = api.put(path(id), "{\"error\":\"disk full\"}");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(new JsonObject().put("result", "noop"));

    assertThat(api.put(path(id), "{\"error\":\"disk on fire\"}").json().getString("result")).isEqualTo("updated");
    assertThat(stored(id)).containsEntry("error", "disk on fire").containsEntry("status", "error");
  }

  @Test
  @DisplayName("null and \"\" are both a reset to status 'connected'; a repeated reset is a noop")
  void nullAndEmptyReset() {
    String id = newConnector("err");
    api.put(path(id), "{\"error\":\"boom\"}");
    assertThat(api.put(path(id), "{\"error\":null}").json().getString("result")).isEqualTo("updated");
    Map<String, Object> row = stored(id);
    assertThat(row.get("error")).isNull();
    assertThat(row).containsEntry("status", "connected");
    assertThat(api.put(path(id), "{\"error\":null}").json().getString("result")).isEqualTo("noop");

    api.put(path(id), "{\"error\":\"boom\"}");
    assertThat(api.put(path(id), "{\"error\":\"\"}").json().getString("result")).isEqualTo("updated");
    assertThat(stored(id)).containsEntry("error", "").containsEntry("status", "connected");
    assertThat(api.put(path(id), "{\"error\":\"\"}").json().getString("result")).isEqualTo("noop");
  }

  @Test
  @DisplayName("a new connector (status 'created') given a null error becomes 'connected': updated, not noop")
  void resetOfNewConnectorChangesStatus() {
    String id = newConnector("err");
    assertThat(api.put(path(id), "{\"error\":null}").json().getString("result")).isEqualTo("updated");
    assertThat(stored(id)).containsEntry("status", "connected");
  }

  @Test
  @DisplayName("on a missing connector answers 404 resource_not_found_exception and writes nothing")
  void missingConnector() {
    api.put(path("never-created"), "{\"error\":\"x\"}")
        .assertError(404, "resource_not_found_exception", "connector [never-created] not found");
    assertThat(TestDatabase.row("SELECT id FROM connectors WHERE id = 'never-created'")).isNull();
  }

  @Test
  @DisplayName("on a soft-deleted connector answers 404 and leaves the row as it was")
  void softDeletedConnector() {
    String id = newConnector("err");
    api.delete("/_connector/" + id);
    api.put(path(id), "{\"error\":\"x\"}")
        .assertError(404, "resource_not_found_exception", "connector [" + id + "] not found");
    assertThat(stored(id).get("error")).isNull();
    assertThat(stored(id)).containsEntry("status", "created");
  }

  @ParameterizedTest(name = "path {0}")
  @ValueSource(strings = {"/_connector//_error", "/_connector/%20/_error", "/_connector/%20%20/_error"})
  @DisplayName("with an empty or blank id answers 400 action_request_validation_exception")
  void emptyId(String path) {
    api.put(path, "{\"error\":\"x\"}")
        .assertError(400, VALIDATION, "Validation Failed: 1: [connector_id] cannot be [null] or [\"\"].;");
  }

  @Test
  @DisplayName("without a body answers 400 parse_exception 'request body is required'")
  void noBody() {
    String id = newConnector("err");
    api.put(path(id), null).assertError(400, "parse_exception", "request body is required");
    api.put(path(id), "  \n").assertError(400, "parse_exception", "request body is required");
  }

  @Test
  @DisplayName("with {} answers 400 'Required [error]'")
  void emptyObject() {
    String id = newConnector("err");
    api.put(path(id), "{}").assertError(400, "illegal_argument_exception", "Required [error]");
  }

  @ParameterizedTest(name = "error = {0}")
  @CsvSource(delimiter = '|', value = {
      "42            | VALUE_NUMBER",
      "4.2           | VALUE_NUMBER",
      "true          | VALUE_BOOLEAN",
      "false         | VALUE_BOOLEAN",
      "{\"a\":1}     | START_OBJECT",
      "[\"a\"]       | START_ARRAY"})
  @DisplayName("with an error that is not a string or null answers 400 x_content_parse_exception naming the token")
  void wrongType(String value, String token) {
    String id = newConnector("err");
    api.put(path(id), "{\"error\":" + value + "}").assertError(400, PARSE,
        "[connector_update_error_request] error doesn't support values of type: " + token);
    assertThat(stored(id)).containsEntry("status", "created");
  }

  @Test
  @DisplayName("with an unknown field answers 400 x_content_parse_exception naming the field")
  void unknownField() {
    String id = newConnector("err");
    api.put(path(id), "{\"error\":\"x\",\"foo\":1}")
        .assertError(400, PARSE, "[connector_update_error_request] unknown field [foo]");
    assertThat(stored(id)).containsEntry("status", "created");
  }

  @ParameterizedTest(name = "body {0}")
  @ValueSource(strings = {"{\"error\":", "{\"error\" \"x\"}", "{error:\"x\"}", "[1,2]", "\"x\"", "42",
      "{\"error\":\"a\"}{\"error\":\"b\"}", "{\"error\":\"a\",\"error\":\"b\"}"})
  @DisplayName("with malformed JSON, a body that is not one object, or a duplicate key answers 400 x_content_parse_exception")
  void malformedJson(String body) {
    String id = newConnector("err");
    var response = api.put(path(id), body);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getJsonObject("error").getString("type")).isEqualTo(PARSE);
    assertThat(response.json().getInteger("status")).isEqualTo(400);
    assertThat(stored(id)).containsEntry("status", "created");
  }

  @Test
  @DisplayName("with invalid UTF-8 in the message answers 400 x_content_parse_exception")
  void invalidUtf8() {
    String id = newConnector("err");
    byte[] prefix = "{\"error\":\"bad ".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + 3];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xC3;
    body[prefix.length + 1] = (byte) 0x28;
    body[prefix.length + 2] = (byte) '"';
    var response = api.send("PUT", path(id), Api.JSON, (new String(body, StandardCharsets.ISO_8859_1) + "}")
        .getBytes(StandardCharsets.ISO_8859_1));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getJsonObject("error").getString("type")).isEqualTo(PARSE);
    assertThat(stored(id)).containsEntry("status", "created");
  }

  @Test
  @DisplayName("with a NUL character in the message answers 400, never a 5xx, and stores nothing")
  void nulCharacter() {
    String id = newConnector("err");
    api.put(path(id), "{\"error\":\"a\\u0000b\"}").assertError(400, "illegal_argument_exception",
        "[connector_update_error_request] error must not contain the NUL character (\\u0000)");
    assertThat(stored(id).get("error")).isNull();
  }

  @Test
  @DisplayName("keeps unicode, quotes and SQL text in a message exactly as sent")
  void storesMessageVerbatim() {
    String id = newConnector("err");
    String message = "naïve 'quote' \"double\" ; DROP TABLE connectors; -- 🚀 \\ back";
    api.put(path(id), new JsonObject().put("error", message).encode());
    assertThat(stored(id)).containsEntry("error", message);
    assertThat(api.get("/_connector/" + id).json().getString("error")).isEqualTo(message);
  }

  @Test
  @DisplayName("accepts the official clients' content type application/vnd.elasticsearch+json; compatible-with=9")
  void elasticsearchMediaType() {
    String id = newConnector("err");
    byte[] body = "{\"error\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    var response = api.send("PUT", path(id), "application/vnd.elasticsearch+json; compatible-with=9", body);
    assertThat(response.json()).isEqualTo(new JsonObject().put("result", "updated"));
    var withCharset = api.send("PUT", path(id), "application/json; charset=UTF-8",
        "{\"error\":\"y\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(withCharset.json()).isEqualTo(new JsonObject().put("result", "updated"));
  }

  @ParameterizedTest(name = "Content-Type {0}")
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded",
      "application/vnd.elasticsearch+json; compatible-with=7"})
  @DisplayName("refuses a body of another content type with 406 and writes nothing")
  void wrongContentType(String contentType) {
    String id = newConnector("err");
    var response = api.send("PUT", path(id), contentType, "{\"error\":\"x\"}".getBytes(StandardCharsets.UTF_8));
    response.assertError(406, "media_type_header_exception",
        "Content-Type header [" + contentType + "] is not supported");
    assertThat(stored(id)).containsEntry("status", "created");
  }

  @Test
  @DisplayName("refuses an unknown query parameter with 400 illegal_argument_exception")
  void unknownQueryParameter() {
    String id = newConnector("err");
    api.put(path(id) + "?refresh=true", "{\"error\":\"x\"}").assertError(400, "illegal_argument_exception",
        "request [/_connector/" + id + "/_error] contains unrecognized parameter: [refresh]");
  }

  @Test
  @DisplayName("GET on the _error path answers 405 with an error body")
  void wrongMethod() {
    var response = api.get(path("any"));
    assertThat(response.status()).isEqualTo(405);
    assertThat(response.json().getInteger("status")).isEqualTo(405);
  }


  private static String path(String id) {
    return "/_connector/" + id + "/_error";
  }

  private static Map<String, Object> stored(String id) {
    return TestDatabase.row("SELECT error, status FROM connectors WHERE id = ?", id);
  }
}
