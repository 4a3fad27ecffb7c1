package dev.connectors.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Elasticsearch's own rules, checked against its source, where the service answered otherwise. */
@DisplayName("Wire-exact with Elasticsearch 9")
class ConformanceTest extends ServiceTest {

  private static final String JOBS = "/_connector/_sync_job";

  @Test
  @DisplayName("times keep Elasticsearch's format: milliseconds always written, microseconds kept exactly as given")
  void times() {
    String id = syncableConnector("times");
    api.put("/_connector/" + id + "/_last_sync", "{\"last_synced\":\"2023-05-25T12:30:00Z\","
        + "\"last_seen\":\"2023-12-04T08:45:50.567149Z\",\"last_sync_scheduled_at\":\"2023-05-25T12:30:00.5Z\"}");
    JsonObject connector = api.get("/_connector/" + id).json();
    assertThat(connector.getString("last_synced")).isEqualTo("2023-05-25T12:30:00.000Z");
    assertThat(connector.getString("last_seen")).isEqualTo("2023-12-04T08:45:50.567149Z");
    assertThat(connector.getString("last_sync_scheduled_at")).isEqualTo("2023-05-25T12:30:00.500Z");
    api.put("/_connector/" + id + "/_check_in", null);
    assertThat(api.get("/_connector/" + id).json().getString("last_seen"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3,9}Z");
  }

  @Test
  @DisplayName("ids longer than 512 bytes answer 400 on every endpoint; a description longer than 8192 characters answers 400")
  void limits() {
    String longId = "x".repeat(513);
    for (var response : new dev.connectors.support.Api.Response[] {
        api.put("/_connector/" + longId + "/_error", "{\"error\":\"x\"}"),
        api.get("/_connector/" + longId),
        api.delete("/_connector/" + longId),
        api.put("/_connector/" + longId + "/_check_in", null),
        api.put(JOBS + "/" + longId + "/_check_in", null)}) {
      assertThat(response.status()).as(response.body()).isEqualTo(400);
      assertThat(response.json().getJsonObject("error").getString("type")).isEqualTo("action_request_validation_exception");
    }
    String id = syncableConnector("limits");
    String description = "d".repeat(8193);
    var tooLong = api.put("/_connector/" + id + "/_name", "{\"description\":\"" + description + "\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(api.put("/_connector/" + uniqueId("limits"), "{\"description\":\"" + description + "\"}").status())
        .isEqualTo(400);
    assertThat(api.put("/_connector/" + id + "/_name", "{\"description\":\"" + "d".repeat(8192) + "\"}").status())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("sync-job stats: negative counts answer 400 with Elasticsearch's messages, numbered")
  void negativeStats() {
    String job = api.post(JOBS, "{\"id\":\"" + syncableConnector("stats") + "\"}").json().getString("id");
    api.put(JOBS + "/" + job + "/_stats", "{\"deleted_document_count\":-1,\"indexed_document_count\":-2,"
        + "\"indexed_document_volume\":0,\"total_document_count\":-3}").assertError(400,
        "action_request_validation_exception", "Validation Failed: 1: [deleted_document_count] cannot be negative.;"
            + "2: [indexed_document_count] cannot be negative.;3: [total_document_count] cannot be negative.;");
  }

  @Test
  @DisplayName("_pipeline needs all four fields; the pipeline is replaced, as Elasticsearch replaces it")
  void pipeline() {
    String id = syncableConnector("pipeline");
    var missing = api.put("/_connector/" + id + "/_pipeline", "{\"pipeline\":{\"name\":\"p\"}}");
    missing.assertError(400, "x_content_parse_exception",
        "[connector_update_pipeline_request] failed to parse field [pipeline]: "
            + "Required [extract_binary_content, reduce_whitespace, run_ml_inference]");
    assertThat(api.put("/_connector/" + id + "/_pipeline", "{\"pipeline\":{\"name\":\"p\",\"extract_binary_content\":true,"
        + "\"reduce_whitespace\":false,\"run_ml_inference\":true,\"extra\":1}}").status()).isEqualTo(200);
    assertThat(api.get("/_connector/" + id).json().getJsonObject("pipeline")).isEqualTo(new JsonObject()
        .put("extract_binary_content", true).put("name", "p").put("reduce_whitespace", false).put("run_ml_inference", true));
  }

  @Test
  @DisplayName("_scheduling needs all three schedules, each with enabled and a valid Quartz cron interval")
  void scheduling() {
    String id = syncableConnector("scheduling");
    String every = "{\"enabled\":true,\"interval\":\"0 0 2 * * ?\"}";
    assertThat(api.put("/_connector/" + id + "/_scheduling", "{\"scheduling\":{}}").status()).isEqualTo(400);
    assertThat(api.put("/_connector/" + id + "/_scheduling", "{\"scheduling\":{\"full\":" + every + "}}").status())
        .isEqualTo(400);
    var badCron = api.put("/_connector/" + id + "/_scheduling", "{\"scheduling\":{\"full\":{\"enabled\":true,"
        + "\"interval\":\"61 0 0 * * ?\"},\"incremental\":" + every + ",\"access_control\":" + every + "}}");
    assertThat(badCron.status()).isEqualTo(400);
    assertThat(badCron.body()).contains("invalid cron expression [61 0 0 * * ?]");
    assertThat(api.put("/_connector/" + id + "/_scheduling", "{\"scheduling\":{\"full\":" + every + ",\"incremental\":"
        + every + ",\"access_control\":" + every + "}}").status()).isEqualTo(200);
    assertThat(api.get("/_connector/" + id).json().getJsonObject("scheduling").getJsonObject("full").getString("interval"))
        .isEqualTo("0 0 2 * * ?");
  }

  @Test
  @DisplayName("an Elastic-managed connector's index must start with content-: on create, _native and _index_name")
  void managedConnectorIndexPrefix() {
    String reason = "Index [search-x] is invalid. Index attached to an Elastic-managed connector must start with the prefix: [content-]";
    api.put("/_connector/" + uniqueId("native"), "{\"is_native\":true,\"index_name\":\"search-x\"}")
        .assertError(400, "action_request_validation_exception", "Validation Failed: 1: " + reason + ";");
    assertThat(api.put("/_connector/" + uniqueId("native"), "{\"is_native\":true,\"index_name\":\"content-"
        + java.util.UUID.randomUUID() + "\"}").status()).isEqualTo(201);
    String plain = uniqueId("native");
    api.put("/_connector/" + plain, "{\"index_name\":\"search-x\"}");
    api.put("/_connector/" + plain + "/_native", "{\"is_native\":true}").assertError(400, "status_exception", reason);
    String managed = uniqueId("native");
    api.put("/_connector/" + managed, "{\"is_native\":true}");
    api.put("/_connector/" + managed + "/_index_name", "{\"index_name\":\"search-x\"}")
        .assertError(400, "status_exception", reason);
  }

  @Test
  @DisplayName("_configuration: a field without label, an unknown display, field or validation type, or configuration with values answer 400")
  void configuration() {
    String id = syncableConnector("configuration");
    String path = "/_connector/" + id + "/_configuration";
    String reason = "[connector_update_configuration_request] failed to parse field [configuration]: ";
    api.put(path, "{\"configuration\":{\"host\":{\"value\":\"a\"}}}")
        .assertError(400, "x_content_parse_exception", reason + "Required [label]");
    api.put(path, "{\"configuration\":{\"host\":{\"label\":\"Host\",\"display\":\"fancy\"}}}")
        .assertError(400, "x_content_parse_exception", reason + "Unknown DisplayType: fancy");
    api.put(path, "{\"configuration\":{\"host\":{\"label\":\"Host\",\"type\":\"float\"}}}")
        .assertError(400, "x_content_parse_exception", reason + "Unknown FieldType: float");
    api.put(path, "{\"configuration\":{\"host\":{\"label\":\"Host\",\"validations\":[{\"type\":\"shorter_than\","
        + "\"constraint\":3}]}}}").assertError(400, "x_content_parse_exception", reason + "Unknown ValidationType: shorter_than");
    api.put(path, "{\"configuration\":{\"host\":{\"label\":\"Host\"}},\"values\":{\"host\":\"a\"}}")
        .assertError(400, "action_request_validation_exception",
            "Validation Failed: 1: [configuration] and [values] cannot both be provided in the same request.;");
    assertThat(api.put(path, "{\"configuration\":{\"host\":{\"label\":\"Host\",\"display\":\"TEXTBOX\",\"type\":\"str\","
        + "\"validations\":[{\"type\":\"regex\",\"constraint\":\".*\"}]}}}").status()).isEqualTo(200);
  }

}
