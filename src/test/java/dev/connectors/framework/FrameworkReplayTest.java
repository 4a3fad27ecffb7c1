package dev.connectors.framework;

import static dev.connectors.support.Auth.apiKey;
import static dev.connectors.support.Auth.as;
import static dev.connectors.support.Auth.basic;
import static dev.connectors.support.Auth.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.Api;
import dev.connectors.support.ServiceInstances;
import dev.connectors.support.StubElasticsearch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Elastic's connectors framework (elastic/connectors, app/connectors_service, 9.x) replayed:
 * its requests of one on-demand full sync of the {@code dir} source, in its order and with its
 * bodies (each cited by file and line), against two instances of the service on one database,
 * with the content plane going to a stub Elasticsearch. The framework runs with a key limited to
 * its connector, as Kibana would give it one.
 */
@DisplayName("The connectors framework's requests, replayed")
class FrameworkReplayTest {

  private static final Map<String, String> ADMIN = basic("elastic", "replay-admin-pw");
  private static final String UPSTREAM_KEY = "dXBzdHJlYW06c2VydmljZS1rZXk=";

  private static StubElasticsearch upstream;
  private static ServiceInstances instances;
  private static Api service;

  @BeforeAll
  static void start() throws Exception {
    upstream = new StubElasticsearch();
    instances = ServiceInstances.start(2, FrameworkReplayTest.class, Map.of("SECURITY_ENABLED", "true",
        "ADMIN_PASSWORD", "replay-admin-pw", "ELASTICSEARCH_UPSTREAM_URL", upstream.url(),
        "ELASTICSEARCH_UPSTREAM_API_KEY", UPSTREAM_KEY));
    service = instances.get(0).api();
  }

  @AfterAll
  static void stop() throws Exception {
    instances.close();
    upstream.close();
  }

  /** A connector made as Kibana makes one, and the framework's key for it. */
  private static Map<String, String> connectorWithKey(String id, String index) {
    assertThat(as(service, ADMIN, "PUT", "/_connector/" + id, new JsonObject().put("index_name", index)
        .put("service_type", "dir").put("name", "replay").put("is_native", false).encode()).status()).isEqualTo(201);
    return apiKey(createKey(service, ADMIN, new JsonObject().put("name", "framework-" + id).put("role_descriptors",
        new JsonObject().put("connector", new JsonObject().put("cluster", new JsonArray().add("manage_connector"))
            .put("connectors", new JsonArray().add(id))))));
  }

  private static JsonObject ok(Api.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.body().isEmpty() ? new JsonObject() : response.json();
  }

  @Test
  @DisplayName("one full sync: the connector ends checked in and connected, the job completed with the files' count, "
      + "the same through the Connector API and the index view; content went upstream with the service's key")
  void fullSync() {
    String id = "replay-" + UUID.randomUUID();
    String index = "search-" + id;
    Map<String, String> framework = connectorWithKey(id, index);

    // connectors/es/client.py:202 (ping): version and build flavor; preflight_check.py (_versions_compatible): 9.x
    JsonObject info = ok(as(service, framework, "GET", "/", null));
    assertThat(info.getJsonObject("version").getString("number")).startsWith("9.");
    assertThat(info.getJsonObject("version").getString("build_flavor")).isEqualTo("default");
    // connectors/preflight_check.py:185 → es/management_client.py:46: the two indices exist, no PUT needed
    assertThat(as(service, framework, "HEAD", "/.elastic-connectors-v1", null).status()).isEqualTo(200);
    assertThat(as(service, framework, "HEAD", "/.elastic-connectors-sync-jobs-v1", null).status()).isEqualTo(200);

    // connectors/protocol/connectors.py:240 (supported_connectors, custom) through es/index.py:249 (get_all_docs)
    JsonObject found = ok(as(service, framework, "POST", "/.elastic-connectors/_search?expand_wildcards=hidden",
        "{\"query\":{\"bool\":{\"must_not\":[{\"term\":{\"deleted\":true}}],\"filter\":[{\"terms\":{\"_id\":[\"" + id
            + "\"]}}]}},\"from\":0,\"size\":100,\"seq_no_primary_term\":true}")).getJsonObject("hits");
    assertThat(found.getJsonObject("total").getInteger("value")).isEqualTo(1);
    assertThat(found.getJsonArray("hits").getJsonObject(0).getString("_id")).isEqualTo(id);

    // connectors/protocol/connectors.py:160 (heartbeat, feature_use_connectors_api)
    assertThat(as(service, framework, "PUT", "/_connector/" + id + "/_check_in", null).status()).isEqualTo(200);

    // connectors/protocol/connectors.py:797 (prepare → reload, es/document.py:44), then :853 with the configuration
    // defaults (validated_doc, :861) and the dir source's features
    JsonObject doc = ok(as(service, framework, "GET", "/.elastic-connectors/_doc/" + id, null));
    ok(as(service, framework, "POST", "/.elastic-connectors/_update/" + id + "?if_seq_no=" + doc.getLong("_seq_no")
        + "&if_primary_term=" + doc.getLong("_primary_term"), "{\"doc\":{\"configuration\":{\"directory\":{\"default_value\":"
        + "null,\"depends_on\":[],\"display\":\"text\",\"label\":\"Directory path\",\"options\":[],\"order\":0,\"required\":true,"
        + "\"sensitive\":false,\"tooltip\":null,\"type\":\"str\",\"ui_restrictions\":[],\"validations\":[],\"value\":\"/data\"}},"
        + "\"status\":\"needs_configuration\",\"features\":{\"sync_rules\":{\"basic\":{\"enabled\":true},"
        + "\"advanced\":{\"enabled\":false}}}}}"));
    // the user configures it in Kibana: PUT _configuration with values → configured
    ok(as(service, ADMIN, "PUT", "/_connector/" + id + "/_configuration", "{\"values\":{\"directory\":\"/data\"}}"));
    // connectors/protocol/connectors.py:730 (connected), on the scheduling pass: the seed's error/status write
    assertThat(ok(as(service, framework, "POST", "/.elastic-connectors/_update/" + id,
        "{\"doc\":{\"status\":\"connected\",\"error\":null}}")).getString("result")).isEqualTo("updated");

    // the user starts a sync (Kibana: POST _sync_job)
    String job = ok(as(service, ADMIN, "POST", "/_connector/_sync_job",
        "{\"id\":\"" + id + "\",\"job_type\":\"full\",\"trigger_method\":\"on_demand\"}")).getString("id");

    // connectors/protocol/connectors.py:1067 (pending_jobs), sorted by created_at
    JsonObject pending = ok(as(instances.get(1).api(), framework, "POST", "/.elastic-connectors-sync-jobs/_search"
        + "?expand_wildcards=hidden", "{\"query\":{\"bool\":{\"must\":[{\"terms\":{\"status\":[\"pending\",\"suspended\"]}},"
        + "{\"terms\":{\"connector.id\":[\"" + id + "\"]}},{\"terms\":{\"job_type\":[\"full\",\"incremental\"]}}]}},"
        + "\"sort\":[{\"created_at\":\"asc\"}],\"from\":0,\"size\":100,\"seq_no_primary_term\":true}")).getJsonObject("hits");
    assertThat(pending.getJsonArray("hits").getJsonObject(0).getString("_id")).isEqualTo(job);

    // sync_job_runner.py:407 (sync_starts): reload, then protocol/connectors.py:716 conditional on the reloaded _seq_no
    doc = ok(as(service, framework, "GET", "/.elastic-connectors/_doc/" + id, null));
    assertThat(doc.getJsonObject("_source").getString("last_sync_status")).isNull();
    ok(as(service, framework, "POST", "/.elastic-connectors/_update/" + id + "?if_seq_no=" + doc.getLong("_seq_no")
        + "&if_primary_term=1", "{\"doc\":{\"status\":\"connected\",\"error\":null,\"last_sync_status\":\"in_progress\","
        + "\"last_sync_error\":null}}"));
    // sync_job_runner.py:151 → protocol/connectors.py:384 (claim through the Connector API; a full sync has no cursor)
    ok(as(service, framework, "PUT", "/_connector/_sync_job/" + job + "/_claim", "{\"worker_hostname\":\"replay-host\"}"));
    // sync_job_runner.py:525 (check_job): the claim shows at once, on the other instance too
    JsonObject claimed = ok(as(instances.get(1).api(), framework, "GET", "/.elastic-connectors-sync-jobs/_doc/" + job, null));
    assertThat(claimed.getJsonObject("_source").getString("status")).isEqualTo("in_progress");
    assertThat(claimed.getJsonObject("_source").getString("worker_hostname")).isEqualTo("replay-host");

    // the content plane, through the proxy: es/sink.py:944 (prepare_content_index → management_client.py:146),
    // management_client.py:56 (create), :130 (index_exists), the scan of existing ids (sink.py:727), then the bulk
    // (sink.py:217) of three files with the default pipeline
    int upstreamBefore = upstream.received().size();
    assertThat(as(service, framework, "GET", "/" + index + "?ignore_unavailable=true", null).body()).isEqualTo("{}");
    ok(as(service, framework, "PUT", "/" + index, "{}"));
    assertThat(as(service, framework, "HEAD", "/" + index, null).status()).isEqualTo(200);
    JsonObject scan = ok(as(service, framework, "POST", "/" + index + "/_search?scroll=5m&size=1000",
        "{\"_source\":[\"id\",\"_timestamp\"],\"query\":{\"match_all\":{}}}"));
    ok(as(service, framework, "DELETE", "/_search/scroll", "{\"scroll_id\":[\"" + scan.getString("_scroll_id") + "\"]}"));
    StringBuilder bulk = new StringBuilder();
    for (String file : List.of("a.txt", "b.txt", "c.txt")) {
      bulk.append(new JsonObject().put("index", new JsonObject().put("_index", index).put("_id", file)).encode()).append('\n')
          .append(new JsonObject().put("id", file).put("_timestamp", "2026-11-29T10:00:00+00:00").put("body", "text of " + file)
              .encode()).append('\n');
    }
    var bulked = service.send("PUT", "/_bulk?pipeline=search-default-ingestion", "application/vnd.elasticsearch+x-ndjson; "
        + "compatible-with=8", bulk.toString().getBytes(StandardCharsets.UTF_8), framework);
    assertThat(bulked.status()).as(bulked.body()).isEqualTo(200);
    assertThat(bulked.json().getBoolean("errors")).isFalse();
    // protocol/connectors.py:405 (update_metadata through the Connector API)
    ok(as(service, framework, "PUT", "/_connector/_sync_job/" + job + "/_stats", "{\"deleted_document_count\":0,"
        + "\"indexed_document_count\":3,\"indexed_document_volume\":1,\"metadata\":{}}"));

    // sync_job_runner.py:326 (_sync_done): reloads, the content index's count (protocol/connectors.py:977), the job's
    // end by an index write (:464, _terminate), then the connector's (:734, sync_done)
    ok(as(service, framework, "GET", "/.elastic-connectors-sync-jobs/_doc/" + job, null));
    ok(as(service, framework, "GET", "/.elastic-connectors/_doc/" + id, null));
    ok(as(service, framework, "POST", "/" + index + "/_refresh?ignore_unavailable=true", null));
    int count = ok(as(service, framework, "POST", "/" + index + "/_count?ignore_unavailable=true", null)).getInteger("count");
    assertThat(count).isEqualTo(3);
    ok(as(service, framework, "POST", "/.elastic-connectors-sync-jobs/_update/" + job, "{\"doc\":{\"last_seen\":"
        + "\"2026-11-29T10:00:05.123456+00:00\",\"status\":\"completed\",\"error\":null,\"completed_at\":"
        + "\"2026-11-29T10:00:05.123456+00:00\",\"indexed_document_count\":3,\"indexed_document_volume\":1,"
        + "\"deleted_document_count\":0,\"total_document_count\":" + count + "}}"));
    ok(as(service, framework, "GET", "/.elastic-connectors/_doc/" + id, null));
    ok(as(service, framework, "GET", "/.elastic-connectors-sync-jobs/_doc/" + job, null));
    ok(as(service, framework, "POST", "/.elastic-connectors/_update/" + id, "{\"doc\":{\"last_synced\":"
        + "\"2026-11-29T10:00:05.223456+00:00\",\"status\":\"connected\",\"error\":null,\"last_sync_status\":\"completed\","
        + "\"last_sync_error\":null,\"sync_cursor\":null,\"last_indexed_document_count\":3,\"last_deleted_document_count\":0}}"));

    JsonObject connector = ok(as(service, ADMIN, "GET", "/_connector/" + id, null));
    assertThat(connector.getString("status")).isEqualTo("connected");
    assertThat(connector.getString("last_seen")).isNotNull();
    assertThat(connector.getString("last_sync_status")).isEqualTo("completed");
    assertThat(connector.getLong("last_indexed_document_count")).isEqualTo(3);
    JsonObject syncJob = ok(as(service, ADMIN, "GET", "/_connector/_sync_job/" + job, null));
    assertThat(syncJob.getString("status")).isEqualTo("completed");
    assertThat(syncJob.getLong("indexed_document_count")).isEqualTo(3);
    assertThat(syncJob.getLong("total_document_count")).isEqualTo(3);
    JsonObject viaIndex = ok(as(instances.get(1).api(), framework, "GET", "/.elastic-connectors-sync-jobs/_doc/" + job, null))
        .getJsonObject("_source");
    syncJob.remove("id");
    assertThat(viaIndex).isEqualTo(syncJob);

    List<StubElasticsearch.Received> upstreamSaw = upstream.received().subList(upstreamBefore, upstream.received().size());
    assertThat(upstreamSaw).extracting(r -> r.method() + " " + r.uri()).containsExactly(
        "GET /" + index + "?ignore_unavailable=true", "PUT /" + index, "HEAD /" + index,
        "POST /" + index + "/_search?scroll=5m&size=1000", "DELETE /_search/scroll",
        "PUT /_bulk?pipeline=search-default-ingestion", "POST /" + index + "/_refresh?ignore_unavailable=true",
        "POST /" + index + "/_count?ignore_unavailable=true");
    assertThat(upstreamSaw).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("ApiKey " + UPSTREAM_KEY));
    assertThat(upstreamSaw.get(5).body()).isEqualTo(bulk.toString());
    assertThat(upstreamSaw.get(5).contentType()).startsWith("application/vnd.elasticsearch+x-ndjson");
  }

  @Test
  @DisplayName("a stale if_seq_no is 409 version_conflict_engine_exception, as the framework's concurrency control expects")
  void staleSequenceNumber() {
    String id = "stale-" + UUID.randomUUID();
    Map<String, String> framework = connectorWithKey(id, "search-" + id);
    JsonObject doc = ok(as(service, framework, "GET", "/.elastic-connectors/_doc/" + id, null));
    // another instance of the framework checks in meanwhile (a write like any other)
    ok(as(instances.get(1).api(), framework, "PUT", "/_connector/" + id + "/_check_in", null));
    // protocol/connectors.py:672 (_update_datetime, last_sync_scheduled_at) with the _seq_no read before
    var stale = as(service, framework, "POST", "/.elastic-connectors/_update/" + id + "?if_seq_no=" + doc.getLong("_seq_no")
        + "&if_primary_term=1", "{\"doc\":{\"last_sync_scheduled_at\":\"2026-11-29T10:00:00+00:00\"}}");
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().getJsonObject("error").getString("type")).isEqualTo("version_conflict_engine_exception");
    // es/client.py:276 (with_concurrency_control) reloads and tries again: it passes
    doc = ok(as(service, framework, "GET", "/.elastic-connectors/_doc/" + id, null));
    ok(as(service, framework, "POST", "/.elastic-connectors/_update/" + id + "?if_seq_no=" + doc.getLong("_seq_no")
        + "&if_primary_term=1", "{\"doc\":{\"last_sync_scheduled_at\":\"2026-11-29T10:00:00+00:00\"}}"));
    assertThat(ok(as(service, ADMIN, "GET", "/_connector/" + id, null)).getString("last_sync_scheduled_at"))
        .isEqualTo("2026-11-29T10:00:00.000Z");
  }

  @Test
  @DisplayName("two framework instances, each on its own service instance, race to claim one job: exactly one wins")
  void racingClaims() throws Exception {
    String id = "race-" + UUID.randomUUID();
    Map<String, String> framework = connectorWithKey(id, "search-" + id);
    for (int round = 0; round < 5; round++) {
      String job = ok(as(service, ADMIN, "POST", "/_connector/_sync_job", "{\"id\":\"" + id + "\"}")).getString("id");
      var first = CompletableFuture.supplyAsync(() -> as(instances.get(0).api(), framework, "PUT",
          "/_connector/_sync_job/" + job + "/_claim", "{\"worker_hostname\":\"host-a\"}"));
      var second = CompletableFuture.supplyAsync(() -> as(instances.get(1).api(), framework, "PUT",
          "/_connector/_sync_job/" + job + "/_claim", "{\"worker_hostname\":\"host-b\"}"));
      List<Api.Response> answers = List.of(first.get(), second.get());
      assertThat(answers).filteredOn(r -> r.status() == 200).as("round %d", round).hasSize(1);
      assertThat(answers).filteredOn(r -> r.status() == 400).hasSize(1);
      String winner = answers.get(0).status() == 200 ? "host-a" : "host-b";
      assertThat(ok(as(service, framework, "GET", "/.elastic-connectors-sync-jobs/_doc/" + job, null))
          .getJsonObject("_source").getString("worker_hostname")).isEqualTo(winner);
      ok(as(service, ADMIN, "PUT", "/_connector/_sync_job/" + job + "/_cancel", null));
    }
  }

  @Test
  @DisplayName("through the proxy a connector's key reaches its own content index only: another's index, a bulk line "
      + "naming another's index, a wildcard or a cluster API is 403 and nothing goes upstream")
  void contentScope() throws Exception {
    String a = "scope-a-" + UUID.randomUUID();
    String b = "scope-b-" + UUID.randomUUID();
    Map<String, String> keyOfA = connectorWithKey(a, "search-" + a);
    connectorWithKey(b, "search-" + b);
    int before = upstream.received().size();

    for (String[] request : new String[][] {{"PUT", "/search-" + b}, {"POST", "/search-" + b + "/_search"},
        {"POST", "/search-*/_search"}, {"GET", "/_cat/indices"}, {"PUT", "/_ingest/pipeline/x"},
        {"POST", "/search-" + a + ",search-" + b + "/_count"}}) {
      var refused = as(service, keyOfA, request[0], request[1], "{}");
      assertThat(refused.status()).as(String.join(" ", request)).isEqualTo(403);
      assertThat(refused.json().getJsonObject("error").getString("type")).isEqualTo("security_exception");
    }
    String sneaky = "{\"index\":{\"_index\":\"search-" + a + "\",\"_id\":\"1\"}}\n{\"x\":1}\n"
        + "{\"delete\":{\"_index\":\"search-" + b + "\",\"_id\":\"1\"}}\n";
    var refusedBulk = service.send("POST", "/_bulk", "application/x-ndjson", sneaky.getBytes(StandardCharsets.UTF_8), keyOfA);
    assertThat(refusedBulk.status()).isEqualTo(403);
    assertThat(refusedBulk.json().getJsonObject("error").getString("reason")).contains("search-" + b)
        .doesNotContain("search-" + a + ",");
    assertThat(upstream.received()).as("nothing went upstream").hasSize(before);
    // raw bytes: an HTTP client would resolve the dot segments before sending
    assertThat(raw("/search-" + a + "/../search-" + b + "/_count", keyOfA)).as("a dot segment leading to B's index")
        .startsWith("HTTP/1.1 403");
    assertThat(raw("/search-" + b + "/../search-" + a + "/_count", keyOfA)).startsWith("HTTP/1.1 200");
    assertThat(upstream.received().get(upstream.received().size() - 1).uri()).as("the checked path is what goes upstream")
        .isEqualTo("/search-" + a + "/_count");
    before = upstream.received().size();

    String own = "{\"index\":{\"_id\":\"1\"}}\n{\"x\":1}\n";
    var allowed = service.send("POST", "/search-" + a + "/_bulk", "application/x-ndjson", own.getBytes(StandardCharsets.UTF_8), keyOfA);
    assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
    assertThat(upstream.received()).hasSize(before + 1);
    assertThat(service.send("POST", "/search-" + a + "/_count", Api.JSON, null, Map.of()).status())
        .as("without credentials").isEqualTo(401);
    assertThat(as(service, ADMIN, "POST", "/search-" + b + "/_count", null).status()).as("elastic reaches every index").isEqualTo(200);
  }

  /** A POST of {@code path} exactly as written, dot segments and all; the answer's text. */
  private static String raw(String path, Map<String, String> auth) throws java.io.IOException {
    return dev.connectors.support.RawHttp.exchange(instances.get(0).config().httpPort(), "POST " + path + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nAuthorization: " + auth.get("Authorization") + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        5_000).response();
  }

  @Test
  @DisplayName("the proxy's refusals: a _bulk over UPSTREAM_BULK_MAX_BYTES is 413, a malformed or index-less bulk line 400, "
      + "an upstream that does not answer 502 — in Elasticsearch's shape, nothing sent upstream")
  void proxyRefusals() throws Exception {
    String id = "refusals-" + UUID.randomUUID();
    Map<String, String> framework = connectorWithKey(id, "search-" + id);
    try (var small = ServiceInstances.start(1, FrameworkReplayTest.class, Map.of("SECURITY_ENABLED", "true",
        "ADMIN_PASSWORD", "replay-admin-pw", "ELASTICSEARCH_UPSTREAM_URL", upstream.url(), "UPSTREAM_BULK_MAX_BYTES", "1024"));
        var unreachable = ServiceInstances.start(1, FrameworkReplayTest.class, Map.of("SECURITY_ENABLED", "true",
            "ADMIN_PASSWORD", "replay-admin-pw", "ELASTICSEARCH_UPSTREAM_URL", "http://127.0.0.1:1"))) {
      Api api = small.get(0).api();
      int before = upstream.received().size();
      String line = "{\"index\":{\"_index\":\"search-" + id + "\",\"_id\":\"1\"}}\n{\"x\":\"" + "y".repeat(1100) + "\"}\n";
      var tooLarge = api.send("POST", "/_bulk", "application/x-ndjson", line.getBytes(StandardCharsets.UTF_8), framework);
      assertThat(tooLarge.status()).isEqualTo(413);
      assertThat(tooLarge.json().getJsonObject("error").getString("type")).isEqualTo("content_too_long_exception");
      for (String bulk : List.of("not json\n", "{\"index\":{},\"delete\":{}}\n", "{\"upsert\":{\"_id\":\"1\"}}\n",
          "{\"index\":{\"_id\":\"1\"}}\n{}\n")) {
        var malformed = api.send("POST", "/_bulk", "application/x-ndjson", bulk.getBytes(StandardCharsets.UTF_8), framework);
        assertThat(malformed.status()).as(bulk).isEqualTo(400);
      }
      assertThat(upstream.received()).as("nothing went upstream").hasSize(before);
      var down = as(unreachable.get(0).api(), ADMIN, "GET", "/search-" + id + "/_count", null);
      assertThat(down.status()).isEqualTo(502);
      assertThat(down.json().getJsonObject("error").getString("type")).isEqualTo("upstream_exception");
      assertThat(as(unreachable.get(0).api(), ADMIN, "GET", "/_connector/" + id, null).status())
          .as("the control plane does not need the upstream").isEqualTo(200);
    }
  }

  @Test
  @DisplayName("an unrestricted caller's _bulk of 3 MB (three times MAX_BODY_BYTES) goes upstream whole, streamed, and its answer comes back")
  void largeBodiesStream() {
    String index = "stream-" + UUID.randomUUID();
    StringBuilder bulk = new StringBuilder();
    int documents = 0;
    while (bulk.length() < 3 * 1024 * 1024) {
      bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(documents++).append("\"}}\n")
          .append("{\"body\":\"").append("z".repeat(4000)).append("\"}\n");
    }
    var answer = service.send("POST", "/_bulk", "application/x-ndjson", bulk.toString().getBytes(StandardCharsets.UTF_8), ADMIN);
    assertThat(answer.status()).as(answer.body().substring(0, Math.min(200, answer.body().length()))).isEqualTo(200);
    assertThat(answer.json().getJsonArray("items")).hasSize(documents);
    StubElasticsearch.Received received = upstream.received().get(upstream.received().size() - 1);
    assertThat(received.body()).hasSize(bulk.length()).isEqualTo(bulk.toString());
    assertThat(received.authorization()).isEqualTo("ApiKey " + UPSTREAM_KEY);
  }
}
