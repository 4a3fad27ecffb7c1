package dev.connectors.framework;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The index view: the connectors and sync jobs as Elasticsearch documents, read and written through one set of rows. */
class IndexViewTest extends ServiceTest {

  private static final String CONNECTORS = "/.elastic-connectors";
  private static final String JOBS = "/.elastic-connectors-sync-jobs";

  private static JsonObject search(String index, String body) {
    var response = api.post(index + "/_search?expand_wildcards=hidden", body);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static List<String> ids(JsonObject answer) {
    return answer.getJsonObject("hits").getJsonArray("hits").stream().map(h -> ((JsonObject) h).getString("_id")).toList();
  }

  @Test
  @DisplayName("HEAD of both indices under both names is 200, PUT is Elasticsearch's resource_already_exists_exception, GET describes the index")
  void indices() {
    for (String name : List.of(".elastic-connectors", ".elastic-connectors-v1", ".elastic-connectors-sync-jobs",
        ".elastic-connectors-sync-jobs-v1")) {
      assertThat(api.send("HEAD", "/" + name, null, null).status()).as(name).isEqualTo(200);
      var created = api.put("/" + name, "{}");
      String concrete = name.endsWith("-v1") ? name : name + "-v1";
      assertThat(created.status()).isEqualTo(400);
      JsonObject error = created.json().getJsonObject("error");
      assertThat(error.getString("type")).isEqualTo("resource_already_exists_exception");
      assertThat(error.getString("reason")).matches("index \\[" + concrete.replace(".", "\\.") + "/[A-Za-z0-9_-]{22}\\] already exists");
      assertThat(error.getString("index")).isEqualTo(concrete);
      JsonObject described = api.get("/" + name).json().getJsonObject(concrete);
      assertThat(described.getJsonObject("aliases").fieldNames()).containsExactly(concrete.replace("-v1", ""));
      assertThat(described.getJsonObject("mappings").getJsonObject("properties").getJsonObject("status")
          .getString("type")).isEqualTo("keyword");
    }
  }

  @Test
  @DisplayName("_doc shows the Connector API's document without id, with a _seq_no that every write changes, check-ins and PUT _error included")
  void documentsAndSequenceNumbers() {
    String id = syncableConnector("doc");
    JsonObject doc = api.get(CONNECTORS + "/_doc/" + id).json();
    JsonObject viaApi = api.get("/_connector/" + id).json();
    viaApi.remove("id");
    assertThat(doc.getString("_index")).isEqualTo(".elastic-connectors-v1");
    assertThat(doc.getBoolean("found")).isTrue();
    assertThat(doc.getInteger("_primary_term")).isEqualTo(1);
    assertThat(doc.getJsonObject("_source")).isEqualTo(viaApi);
    long first = doc.getLong("_seq_no");

    assertThat(api.put("/_connector/" + id + "/_check_in", "").status()).isEqualTo(200);
    long second = api.get(CONNECTORS + "/_doc/" + id).json().getLong("_seq_no");
    assertThat(second).isNotEqualTo(first);
    assertThat(api.put("/_connector/" + id + "/_error", "{\"error\":\"boom\"}").status()).isEqualTo(200);
    JsonObject third = api.get(CONNECTORS + "/_doc/" + id).json();
    assertThat(third.getLong("_seq_no")).isNotIn(first, second);
    assertThat(third.getJsonObject("_source").getString("status")).isEqualTo("error");

    var missing = api.get(CONNECTORS + "/_doc/nobody-" + id);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json()).isEqualTo(new JsonObject().put("_index", ".elastic-connectors-v1")
        .put("_id", "nobody-" + id).put("found", false));
  }

  @Test
  @DisplayName("_search takes the framework's queries: terms on _id, must_not deleted, should of two bools, match on index_name, from/size and hits.total")
  void searches() {
    String a = syncableConnector("search-a");
    String b = syncableConnector("search-b");
    String gone = syncableConnector("search-gone");
    assertThat(api.delete("/_connector/" + gone).status()).isEqualTo(200);
    String ids = new JsonArray().add(a).add(b).add(gone).encode();

    // connectors/protocol/connectors.py:240 (custom_connectors_query), through es/index.py:249 (get_all_docs)
    JsonObject custom = search(CONNECTORS, "{\"query\":{\"bool\":{\"must_not\":[{\"term\":{\"deleted\":true}}],"
        + "\"filter\":[{\"terms\":{\"_id\":" + ids + "}}]}},\"from\":0,\"size\":100,\"seq_no_primary_term\":true}");
    assertThat(ids(custom)).containsExactlyInAnyOrder(a, b);
    assertThat(custom.getJsonObject("hits").getJsonObject("total")).isEqualTo(new JsonObject().put("value", 2).put("relation", "eq"));
    JsonObject hit = custom.getJsonObject("hits").getJsonArray("hits").getJsonObject(0);
    assertThat(hit.fieldNames()).contains("_seq_no", "_primary_term", "_source", "_score");
    assertThat(hit.getJsonObject("_source").containsKey("id")).isFalse();

    // connectors/protocol/connectors.py:249: native or custom, as a should of two bools
    JsonObject either = search(CONNECTORS, "{\"query\":{\"bool\":{\"should\":[{\"bool\":{\"must_not\":[{\"term\":{\"deleted\":true}}],"
        + "\"filter\":[{\"terms\":{\"service_type\":[\"nothing-here\"]}},{\"term\":{\"is_native\":false}}]}},"
        + "{\"bool\":{\"must_not\":[{\"term\":{\"deleted\":true}}],\"filter\":[{\"terms\":{\"_id\":[\"" + a + "\"]}}]}}]}}}");
    assertThat(ids(either)).containsExactly(a);

    // connectors/protocol/connectors.py:266 (get_connector_by_index)
    assertThat(ids(search(CONNECTORS, "{\"query\":{\"match\":{\"index_name\":\"search-" + b + "\"}}}"))).containsExactly(b);

    JsonObject page = search(CONNECTORS, "{\"query\":{\"terms\":{\"_id\":" + ids + "}},\"sort\":[{\"index_name\":\"desc\"}],\"from\":1,\"size\":1}");
    assertThat(page.getJsonObject("hits").getJsonObject("total").getInteger("value")).isEqualTo(3);
    assertThat(page.getJsonObject("hits").getJsonArray("hits")).hasSize(1);
    assertThat(page.getJsonObject("hits").getJsonArray("hits").getJsonObject(0).getJsonArray("sort").getString(0))
        .isEqualTo(List.of("search-" + a, "search-" + b, "search-" + gone).stream().sorted().toList().get(1));

    assertThat(api.post(CONNECTORS + "/_count", "{\"query\":{\"terms\":{\"_id\":" + ids + "}}}").json().getInteger("count"))
        .isEqualTo(3);
  }

  @Test
  @DisplayName("sync jobs: pending by status, connector.id and job type sorted by created_at; idle by a range on last_seen with date math; orphans by must_not")
  void syncJobQueries() {
    String connector = syncableConnector("jobs");
    String job = api.post("/_connector/_sync_job", "{\"id\":\"" + connector + "\",\"job_type\":\"full\"}").json().getString("id");
    // connectors/protocol/connectors.py:1067 (pending_jobs)
    JsonObject pending = search(JOBS, "{\"query\":{\"bool\":{\"must\":[{\"terms\":{\"status\":[\"pending\",\"suspended\"]}},"
        + "{\"terms\":{\"connector.id\":[\"" + connector + "\"]}},{\"terms\":{\"job_type\":[\"full\"]}}]}},"
        + "\"sort\":[{\"created_at\":\"asc\"}],\"from\":0,\"size\":100,\"seq_no_primary_term\":true}");
    assertThat(ids(pending)).containsExactly(job);
    JsonObject source = pending.getJsonObject("hits").getJsonArray("hits").getJsonObject(0).getJsonObject("_source");
    assertThat(source.getJsonObject("connector").getString("id")).isEqualTo(connector);
    assertThat(source.getString("status")).isEqualTo("pending");

    assertThat(api.put("/_connector/_sync_job/" + job + "/_claim", "{\"worker_hostname\":\"w\"}").status()).isEqualTo(200);
    // connectors/protocol/connectors.py:1107 (idle_jobs): seen just now, so not idle
    String idle = "{\"query\":{\"bool\":{\"filter\":[{\"terms\":{\"connector.id\":[\"" + connector + "\"]}},"
        + "{\"terms\":{\"status\":[\"in_progress\",\"canceling\"]}},{\"range\":{\"last_seen\":{\"lte\":\"now-300s\"}}}]}}}";
    assertThat(ids(search(JOBS, idle))).isEmpty();
    assertThat(ids(search(JOBS, idle.replace("now-300s", "now+1h")))).containsExactly(job);
    // connectors/protocol/connectors.py:1088 (orphaned_idle_jobs): must_not as an object
    String orphans = "{\"query\":{\"bool\":{\"must_not\":{\"terms\":{\"connector.id\":[\"" + connector + "\"]}},"
        + "\"filter\":[{\"terms\":{\"status\":[\"in_progress\",\"canceling\"]}},{\"terms\":{\"_id\":[\"" + job + "\"]}}]}}}";
    assertThat(ids(search(JOBS, orphans))).isEmpty();
    assertThat(ids(search(JOBS, orphans.replace("\"must_not\":{\"terms\":{\"connector.id\":[\"" + connector,
        "\"must_not\":{\"terms\":{\"connector.id\":[\"someone-else")))).containsExactly(job);
  }

  @Test
  @DisplayName("an unknown or unserved query clause, a bad value or a too-large window is a 400 in Elasticsearch's shape; nothing is ignored")
  void refusals() {
    api.post(CONNECTORS + "/_search", "{\"query\":{\"bogus\":{}}}").assertError(400, "parsing_exception", "unknown query [bogus]");
    var wildcard = api.post(CONNECTORS + "/_search", "{\"query\":{\"bool\":{\"filter\":[{\"wildcard\":{\"name\":\"a*\"}}]}}}");
    assertThat(wildcard.status()).isEqualTo(400);
    assertThat(wildcard.json().getJsonObject("error").getString("reason")).startsWith("unknown query [wildcard]");
    api.post(CONNECTORS + "/_search", "{\"query\":{\"bool\":{\"must\":[],\"boost_me\":1}}}")
        .assertError(400, "parsing_exception", "[bool] query does not support [boost_me]");
    api.post(CONNECTORS + "/_search", "{\"query\":{\"range\":{\"last_seen\":{\"lte\":\"yesterday\"}}}}").assertError(400,
        "query_shard_exception", "failed to create query: failed to parse date field [yesterday] with format "
            + "[strict_date_optional_time||epoch_millis]");
    api.post(CONNECTORS + "/_search", "{\"query\":{\"term\":{\"is_native\":\"maybe\"}}}").assertError(400,
        "query_shard_exception", "failed to create query: Can't parse boolean value [maybe], expected [true] or [false]");
    api.post(CONNECTORS + "/_search", "{\"from\":9999,\"size\":2}").assertError(400, "illegal_argument_exception",
        "Result window is too large, from + size must be less than or equal to: [10000] but was [10001]. See the scroll "
            + "api for a more efficient way to request large data sets. This limit can be set by changing the "
            + "[index.max_result_window] index level setting.");
    api.post(CONNECTORS + "/_search", "{\"aggs\":{}}").assertError(400, "x_content_parse_exception", "[search_request] unknown field [aggs]");
    api.post(CONNECTORS + "/_search", "{\"sort\":[{\"nothing_here\":\"asc\"}]}").assertError(400, "query_shard_exception",
        "No mapping found for [nothing_here] in order to sort on");
    // values no column could hold: 400, never a database error
    for (String query : List.of("{\"range\":{\"last_seen\":{\"gte\":\"now-99999999999999999999y\"}}}",
        "{\"range\":{\"last_seen\":{\"gte\":\"now+9000000y\"}}}", "{\"term\":{\"last_seen\":99999999999999999}}",
        "{\"term\":{\"last_indexed_document_count\":1e30}}", "{\"term\":{\"last_indexed_document_count\":1.5}}",
        "{\"terms\":{\"status\":[null]}}", "{\"range\":{\"last_seen\":{\"lt\":\"+100000-01-01T00:00:00Z\"}}}")) {
      var refused = api.post(CONNECTORS + "/_search", "{\"query\":" + query + "}");
      assertThat(refused.status()).as(query + " → " + refused.body()).isEqualTo(400);
    }
    String id = syncableConnector("hostile");
    for (String doc : List.of("{\"last_indexed_document_count\":1e30}", "{\"last_seen\":\"+100000-01-01T00:00:00Z\"}",
        "{\"last_seen\":-99999999999999999}", "{\"is_native\":\"perhaps\"}", "{\"id\":\"other\"}")) {
      var refused = api.post(CONNECTORS + "/_update/" + id, "{\"doc\":" + doc + "}");
      assertThat(refused.status()).as(doc + " → " + refused.body()).isEqualTo(400);
    }
  }

  private static JsonObject update(String index, String id, String query, String doc) {
    var response = api.post(index + "/_update/" + id + query, "{\"doc\":" + doc + "}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  @Test
  @DisplayName("_update with if_seq_no writes once; a stale if_seq_no is 409 version_conflict_engine_exception in Elasticsearch's shape and writes nothing")
  void conditionalUpdates() {
    String id = syncableConnector("cas");
    long seqNo = api.get(CONNECTORS + "/_doc/" + id).json().getLong("_seq_no");
    // connectors/protocol/connectors.py:696 (sync_starts)
    JsonObject updated = update(CONNECTORS, id, "?if_seq_no=" + seqNo + "&if_primary_term=1",
        "{\"status\":\"connected\",\"error\":null,\"last_sync_status\":\"in_progress\",\"last_sync_error\":null}");
    assertThat(updated.getString("result")).isEqualTo("updated");
    assertThat(updated.getString("_index")).isEqualTo(".elastic-connectors-v1");
    long after = updated.getLong("_seq_no");
    assertThat(after).isNotEqualTo(seqNo).isEqualTo(api.get(CONNECTORS + "/_doc/" + id).json().getLong("_seq_no"));
    JsonObject viaApi = api.get("/_connector/" + id).json();
    assertThat(viaApi.getString("status")).isEqualTo("connected");
    assertThat(viaApi.getString("last_sync_status")).isEqualTo("in_progress");

    var stale = api.post(CONNECTORS + "/_update/" + id + "?if_seq_no=" + seqNo + "&if_primary_term=1",
        "{\"doc\":{\"last_sync_status\":\"completed\"}}");
    assertThat(stale.status()).isEqualTo(409);
    String reason = "[" + id + "]: version conflict, required seqNo [" + seqNo + "], primary term [1]. current document "
        + "has seqNo [" + after + "] and primary term [1]";
    JsonObject error = stale.json().getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("version_conflict_engine_exception");
    assertThat(error.getString("reason")).isEqualTo(reason);
    assertThat(error.getString("index")).isEqualTo(".elastic-connectors-v1");
    assertThat(error.getString("shard")).isEqualTo("0");
    assertThat(error.getJsonArray("root_cause").getJsonObject(0).getString("reason")).isEqualTo(reason);
    assertThat(stale.json().getInteger("status")).isEqualTo(409);
    assertThat(api.get("/_connector/" + id).json().getString("last_sync_status")).isEqualTo("in_progress");

    assertThat(update(CONNECTORS, id, "?if_seq_no=" + after + "&if_primary_term=1", "{\"last_sync_status\":\"in_progress\"}")
        .getString("result")).as("same values: noop").isEqualTo("noop");
    assertThat(api.post(CONNECTORS + "/_update/" + id + "?if_seq_no=" + after + "&if_primary_term=2",
        "{\"doc\":{\"name\":\"x\"}}").status()).as("another primary term").isEqualTo(409);
    api.post(CONNECTORS + "/_update/" + id + "?if_seq_no=" + after, "{\"doc\":{\"name\":\"x\"}}")
        .assertError(400, "action_request_validation_exception", "Validation Failed: 1: ifSeqNo is set, but primary term is [0];");
    var missing = api.post(CONNECTORS + "/_update/nobody-" + id, "{\"doc\":{\"name\":\"x\"}}");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().getJsonObject("error").getString("type")).isEqualTo("document_missing_exception");
    assertThat(missing.json().getJsonObject("error").getString("reason")).isEqualTo("[nobody-" + id + "]: document missing");
  }

  @Test
  @DisplayName("_update merges objects, takes dotted keys as paths, keeps unnamed fields, and refuses what the table cannot hold with 400")
  void partialDocuments() {
    String id = syncableConnector("merge");
    // connectors/protocol/connectors.py:786 (prepare): configuration defaults and features
    update(CONNECTORS, id, "", "{\"configuration\":{\"directory\":{\"label\":\"Directory\",\"value\":\"/tmp\"}},"
        + "\"status\":\"needs_configuration\",\"features\":{\"sync_rules\":{\"basic\":{\"enabled\":true}}}}");
    update(CONNECTORS, id, "", "{\"configuration\":{\"directory\":{\"value\":\"/data\"}},\"features.incremental_sync\":{\"enabled\":false}}");
    JsonObject connector = api.get("/_connector/" + id).json();
    assertThat(connector.getJsonObject("configuration").getJsonObject("directory"))
        .isEqualTo(new JsonObject().put("label", "Directory").put("value", "/data"));
    assertThat(connector.getJsonObject("features")).isEqualTo(new JsonObject()
        .put("sync_rules", new JsonObject().put("basic", new JsonObject().put("enabled", true)))
        .put("incremental_sync", new JsonObject().put("enabled", false)));
    assertThat(connector.getString("status")).isEqualTo("needs_configuration");
    assertThat(connector.getString("index_name")).isEqualTo("search-" + id);

    var unknown = api.post(CONNECTORS + "/_update/" + id, "{\"doc\":{\"colour\":\"red\"}}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().getJsonObject("error").getString("type")).isEqualTo("document_parsing_exception");
    api.post(CONNECTORS + "/_update/" + id, "{\"doc\":{\"last_seen\":\"soon\"}}").assertError(400, "document_parsing_exception",
        "failed to parse field [last_seen] of type [date] in document with id '" + id + "'. Preview of field's value: 'soon'");
    assertThat(api.post(CONNECTORS + "/_update/" + id, "{\"doc\":{\"status\":\"sleeping\"}}").status()).isEqualTo(400);
    assertThat(api.post(CONNECTORS + "/_update/" + id, "{\"doc\":{\"name\":null}}").status()).isEqualTo(400);
    assertThat(api.post(CONNECTORS + "/_update/" + id, "{\"script\":{\"source\":\"ctx._source.x = 1\"}}").status()).isEqualTo(400);
    api.post(CONNECTORS + "/_update/" + id, "{}").assertError(400, "action_request_validation_exception",
        "Validation Failed: 1: script or doc is missing;");
    assertThat(api.get("/_connector/" + id).json()).as("nothing refused was written in part").isEqualTo(connector);
  }

  @Test
  @DisplayName("a connector's {status, error} _update goes through PUT _error's coalesced statement: history kept, _seq_no given; a deleted connector is still a document")
  void statusAndErrorUpdates() {
    String id = syncableConnector("err");
    // connectors/protocol/connectors.py:723 (error) and :730 (connected)
    JsonObject failed = update(CONNECTORS, id, "", "{\"status\":\"error\",\"error\":\"disk full\"}");
    assertThat(failed.getString("result")).isEqualTo("updated");
    assertThat(failed.getLong("_seq_no")).isEqualTo(api.get(CONNECTORS + "/_doc/" + id).json().getLong("_seq_no"));
    assertThat(update(CONNECTORS, id, "", "{\"status\":\"error\",\"error\":\"disk full\"}").getString("result")).isEqualTo("noop");
    assertThat(update(CONNECTORS, id, "", "{\"status\":\"connected\",\"error\":null}").getString("result")).isEqualTo("updated");
    JsonArray history = api.get("/_connector/" + id + "/_error_history").json().getJsonArray("results");
    assertThat(history).hasSize(2);

    assertThat(api.delete("/_connector/" + id).status()).isEqualTo(200);
    assertThat(update(CONNECTORS, id, "", "{\"status\":\"error\",\"error\":\"gone\"}").getString("result")).isEqualTo("updated");
    assertThat(api.get(CONNECTORS + "/_doc/" + id).json().getJsonObject("_source").getBoolean("deleted")).isTrue();
  }

  @Test
  @DisplayName("a sync job ends by an index write (the framework's _terminate): completed with its counts, as GET _sync_job shows it")
  void jobCompletion() {
    String connector = syncableConnector("done");
    String job = api.post("/_connector/_sync_job", "{\"id\":\"" + connector + "\",\"job_type\":\"full\"}").json().getString("id");
    assertThat(api.put("/_connector/_sync_job/" + job + "/_claim", "{\"worker_hostname\":\"w\"}").status()).isEqualTo(200);
    // connectors/protocol/connectors.py:464 (_terminate)
    update(JOBS, job, "", "{\"last_seen\":\"2026-11-29T10:00:00.123456+00:00\",\"status\":\"completed\",\"error\":null,"
        + "\"completed_at\":\"2026-11-29T10:00:00.123456+00:00\",\"indexed_document_count\":7,\"indexed_document_volume\":3,"
        + "\"deleted_document_count\":0,\"total_document_count\":7,\"metadata\":{\"cursor\":\"x\"}}");
    JsonObject viaApi = api.get("/_connector/_sync_job/" + job).json();
    assertThat(viaApi.getString("status")).isEqualTo("completed");
    assertThat(viaApi.getLong("indexed_document_count")).isEqualTo(7);
    assertThat(viaApi.getString("completed_at")).isEqualTo("2026-11-29T10:00:00.123456Z");
    assertThat(viaApi.getJsonObject("metadata")).isEqualTo(new JsonObject().put("cursor", "x"));
    // connectors/protocol/connectors.py:393 (claim without the Connector API): a dotted key into the snapshot
    update(JOBS, job, "", "{\"connector.sync_cursor\":{\"page\":2}}");
    JsonObject snapshot = api.get("/_connector/_sync_job/" + job).json().getJsonObject("connector");
    assertThat(snapshot.getJsonObject("sync_cursor")).isEqualTo(new JsonObject().put("page", 2));
    assertThat(snapshot.getString("id")).isEqualTo(connector);
    assertThat(api.post(JOBS + "/_update/" + job, "{\"doc\":{\"status\":\"finished\"}}").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("_doc reads of connectors are coalesced: 60 at once (found, deleted, missing, the same one twice) answer "
      + "exactly what each answers alone")
  void coalescedDocumentReads() throws Exception {
    String live = syncableConnector("coalesced");
    String deleted = syncableConnector("coalesced-deleted");
    assertThat(api.delete("/_connector/" + deleted).status()).isEqualTo(200);
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(live);
      ids.add(deleted);
      ids.add("missing-" + i + "-" + live);
    }
    java.util.Map<String, String> alone = new java.util.HashMap<>();
    for (String id : new java.util.LinkedHashSet<>(ids)) {
      var answer = api.get(CONNECTORS + "/_doc/" + id);
      alone.put(id, answer.status() + " " + answer.body());
    }
    List<java.util.concurrent.CompletableFuture<String>> together = ids.stream()
        .map(id -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          var answer = api.get(CONNECTORS + "/_doc/" + id);
          return answer.status() + " " + answer.body();
        })).toList();
    for (int i = 0; i < ids.size(); i++) {
      assertThat(together.get(i).get()).as(ids.get(i)).isEqualTo(alone.get(ids.get(i)));
    }
    assertThat(alone.get(deleted)).startsWith("200 ").contains("\"deleted\":true");
    assertThat(alone.get(ids.get(2))).startsWith("404 ");
  }
}
