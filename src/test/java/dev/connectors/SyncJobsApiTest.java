package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("/_connector/_sync_job")
class SyncJobsApiTest extends ServiceTest {

  private static final String JOBS = "/_connector/_sync_job";
  private static final JsonObject UPDATED = new JsonObject().put("result", "updated");
  private static final JsonObject EMPTY = new JsonObject();

  @Test
  @DisplayName("POST creates a pending job with defaults and a snapshot of the connector's sync settings")
  void createsJob() {
    String connector = syncableConnector("sj");
    var response = api.post(JOBS, "{\"id\":\"" + connector + "\"}");
    assertThat(response.status()).isEqualTo(200);
    String jobId = response.json().getString("id");
    assertThat(jobId).matches("[A-Za-z0-9_-]{20,}");

    JsonObject job = api.get(JOBS + "/" + jobId).json();
    assertThat(job.getString("id")).isEqualTo(jobId);
    assertThat(job.getString("status")).isEqualTo("pending");
    assertThat(job.getString("job_type")).isEqualTo("full");
    assertThat(job.getString("trigger_method")).isEqualTo("on_demand");
    assertThat(job.getLong("indexed_document_count")).isZero();
    assertThat(job.getJsonObject("metadata")).isEqualTo(new JsonObject());
    assertThat(job.getString("created_at")).isNotNull();
    JsonObject snapshot = job.getJsonObject("connector");
    assertThat(snapshot.getString("id")).isEqualTo(connector);
    assertThat(snapshot.getString("index_name")).isEqualTo("search-" + connector);
    assertThat(snapshot.getString("service_type")).isEqualTo("s3");
    assertThat(snapshot.getJsonObject("filtering").getJsonArray("rules").getJsonObject(0).getString("id"))
        .isEqualTo("DEFAULT");
  }

  @Test
  @DisplayName("POST for a missing or deleted connector answers 404; bad job_type or missing id answers 400")
  void createRefusals() {
    api.post(JOBS, "{\"id\":\"nobody\"}").assertError(404, "resource_not_found_exception",
        "Connector with id 'nobody' does not exist.");
    String deleted = syncableConnector("sj");
    api.delete("/_connector/" + deleted);
    api.post(JOBS, "{\"id\":\"" + deleted + "\"}").assertError(404, "resource_not_found_exception",
        "Connector with id '" + deleted + "' does not exist.");
    String noIndex = uniqueId("job-noindex");
    api.put("/_connector/" + noIndex, "{\"service_type\":\"s3\"}");
    api.post(JOBS, "{\"id\":\"" + noIndex + "\"}").assertError(400, "status_exception", "Cannot start a sync for connector ["
        + noIndex + "] with no index attached. Set the [index_name] property for the connector to enable syncing data.");
    String noType = uniqueId("job-notype");
    api.put("/_connector/" + noType, "{\"index_name\":\"search-" + noType + "\"}");
    api.post(JOBS, "{\"id\":\"" + noType + "\"}").assertError(400, "status_exception", "Cannot start a sync for connector ["
        + noType + "] with [service_type] not defined. Set the service type of your connector before starting the sync.");
    api.post(JOBS, "{\"id\":\"" + syncableConnector("sj") + "\",\"job_type\":\"partial\"}").assertError(400,
        "illegal_argument_exception", "[job_type] must be one of [access_control, full, incremental], got [partial]");
    api.post(JOBS, "{}").assertError(400, "action_request_validation_exception",
        "Validation Failed: 1: [id] of the connector cannot be [null] or [\"\"].;");
  }

  @Test
  @DisplayName("a job's life: claim (once), check in, stats, cancel, error (answers the official Java client can read); transitions as the Connector Protocol allows; 404 on a missing job")
  void lifecycle() {
    String jobId = job(syncableConnector("sj"), "incremental");
    api.put(JOBS + "/" + jobId + "/_error", "{\"error\":\"too early\"}").assertError(400, "status_exception",
        "Invalid transition attempt from [pending] to [error]. Such a ConnectorSyncStatus transition is not supported by the Connector Protocol.");
    assertThat(api.put(JOBS + "/" + jobId + "/_claim", "{\"worker_hostname\":\"worker-1\",\"sync_cursor\":{\"page\":2}}")
        .json()).isEqualTo(EMPTY);
    JsonObject claimed = api.get(JOBS + "/" + jobId).json();
    assertThat(claimed.getString("status")).isEqualTo("in_progress");
    assertThat(claimed.getString("worker_hostname")).isEqualTo("worker-1");
    assertThat(claimed.getString("started_at")).isNotNull();
    assertThat(claimed.getJsonObject("connector").getJsonObject("sync_cursor")).isEqualTo(new JsonObject().put("page", 2));
    api.put(JOBS + "/" + jobId + "/_claim", "{\"worker_hostname\":\"worker-2\"}").assertError(400, "status_exception",
        "Invalid transition attempt from [in_progress] to [in_progress]. Such a ConnectorSyncStatus transition is not supported by the Connector Protocol.");

    assertThat(api.put(JOBS + "/" + jobId + "/_check_in", null).json()).isEqualTo(EMPTY);
    assertThat(api.put(JOBS + "/" + jobId + "/_stats", "{\"deleted_document_count\":1,\"indexed_document_count\":20,"
        + "\"indexed_document_volume\":300,\"total_document_count\":21,\"metadata\":{\"source\":\"s3\"}}").json())
        .isEqualTo(EMPTY);
    JsonObject stats = api.get(JOBS + "/" + jobId).json();
    assertThat(stats.getLong("indexed_document_count")).isEqualTo(20);
    assertThat(stats.getLong("indexed_document_volume")).isEqualTo(300);
    assertThat(stats.getLong("total_document_count")).isEqualTo(21);
    assertThat(stats.getJsonObject("metadata")).isEqualTo(new JsonObject().put("source", "s3"));
    api.put(JOBS + "/" + jobId + "/_stats", "{\"deleted_document_count\":1}").assertError(400, "illegal_argument_exception",
        "Required [indexed_document_count]");

    assertThat(api.put(JOBS + "/" + jobId + "/_cancel", null).json()).isEqualTo(UPDATED);
    assertThat(api.get(JOBS + "/" + jobId).json().getString("status")).isEqualTo("canceling");
    api.put(JOBS + "/" + jobId + "/_cancel", null).assertError(400, "status_exception",
        "Invalid transition attempt from [canceling] to [canceling]. Such a ConnectorSyncStatus transition is not supported by the Connector Protocol.");
    assertThat(api.put(JOBS + "/" + jobId + "/_error", "{\"error\":\"disk full\"}").json()).isEqualTo(EMPTY);
    JsonObject failed = api.get(JOBS + "/" + jobId).json();
    assertThat(failed.getString("status")).isEqualTo("error");
    assertThat(failed.getString("error")).isEqualTo("disk full");
    assertThat(failed.getValue("completed_at")).isNull();
    api.put(JOBS + "/" + jobId + "/_cancel", null).assertError(400, "status_exception",
        "Invalid transition attempt from [error] to [canceling]. Such a ConnectorSyncStatus transition is not supported by the Connector Protocol.");

    for (String suffix : List.of("_cancel", "_check_in")) {
      api.put(JOBS + "/nojob/" + suffix, null).assertError(404, "resource_not_found_exception",
          "connector sync job [nojob] not found");
    }
    api.put(JOBS + "/nojob/_error", "{\"error\":\"x\"}").assertError(404, "resource_not_found_exception",
        "connector sync job [nojob] not found");
  }

  @Test
  @DisplayName("canceling a pending job cancels it at once: completed_at, canceled_at and cancelation_requested_at one instant")
  void cancelPending() {
    String jobId = job(syncableConnector("sj"), "full");
    assertThat(api.put(JOBS + "/" + jobId + "/_cancel", null).json()).isEqualTo(UPDATED);
    JsonObject job = api.get(JOBS + "/" + jobId).json();
    assertThat(job.getString("status")).isEqualTo("canceled");
    assertThat(job.getString("canceled_at")).isNotNull()
        .isEqualTo(job.getString("completed_at")).isEqualTo(job.getString("cancelation_requested_at"));
  }

  @Test
  @DisplayName("eight workers claim one job at once: exactly one wins, the others get the transition refusal")
  void oneClaimWins() {
    String jobId = job(syncableConnector("sj"), "full");
    var claims = java.util.stream.IntStream.range(0, 8).parallel()
        .mapToObj(i -> api.put(JOBS + "/" + jobId + "/_claim", "{\"worker_hostname\":\"w" + i + "\"}").status())
        .toList();
    assertThat(claims).containsOnly(200, 400).filteredOn(status -> status == 200).hasSize(1);
  }

  @Test
  @DisplayName("a suspended job may be claimed again (the connectors framework resumes it), and an access-control job syncs into .search-acl-filter-<index>")
  void claimSuspendedAndAccessControl() {
    String connector = syncableConnector("sj");
    String jobId = job(connector, "access_control");
    assertThat(api.get(JOBS + "/" + jobId).json().getJsonObject("connector").getString("index_name"))
        .isEqualTo(".search-acl-filter-search-" + connector);
    TestDatabase.update("UPDATE sync_jobs SET status = 'suspended' WHERE id = ?", jobId);
    assertThat(api.put(JOBS + "/" + jobId + "/_claim", "{\"worker_hostname\":\"w\"}").json()).isEqualTo(EMPTY);
    assertThat(api.get(JOBS + "/" + jobId).json().getString("status")).isEqualTo("in_progress");
  }

  @Test
  @DisplayName("GET lists jobs newest first, as Elasticsearch does, filtered by connector_id, status and job_type, with paging")
  void lists() {
    String connector = syncableConnector("sj");
    String first = job(connector, "full");
    String second = job(connector, "incremental");
    String third = job(connector, "access_control");
    api.put(JOBS + "/" + second + "/_claim", "{\"worker_hostname\":\"w\"}");
    job(syncableConnector("sj"), "full");

    JsonObject all = api.get(JOBS + "?connector_id=" + connector).json();
    assertThat(all.getLong("count")).isEqualTo(3);
    assertThat(ids(all)).containsExactly(third, second, first);
    assertThat(ids(api.get(JOBS + "?connector_id=" + connector + "&status=in_progress").json())).containsExactly(second);
    assertThat(ids(api.get(JOBS + "?connector_id=" + connector + "&job_type=full,access_control").json()))
        .containsExactly(third, first);
    JsonObject page = api.get(JOBS + "?connector_id=" + connector + "&from=1&size=1").json();
    assertThat(page.getLong("count")).isEqualTo(3);
    assertThat(ids(page)).containsExactly(second);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "status=sleeping | [status] must be one of [canceled, canceling, completed, error, in_progress, pending, suspended], got [sleeping]",
      "job_type=x      | [job_type] must be one of [access_control, full, incremental], got [x]",
      "from=-1         | [from] parameter cannot be negative, found [-1]",
      "connector=x     | request [/_connector/_sync_job] contains unrecognized parameter: [connector]"})
  @DisplayName("bad list parameters answer 400 illegal_argument_exception")
  void badListParameters(String query, String reason) {
    api.get(JOBS + "?" + query).assertError(400, "illegal_argument_exception", reason);
  }

  @Test
  @DisplayName("DELETE removes a job; a second DELETE or a GET answers 404")
  void deletes() {
    String jobId = job(syncableConnector("sj"), "full");
    assertThat(api.delete(JOBS + "/" + jobId).json()).isEqualTo(new JsonObject().put("acknowledged", true));
    api.get(JOBS + "/" + jobId).assertError(404, "resource_not_found_exception", "connector sync job [" + jobId + "] not found");
    api.delete(JOBS + "/" + jobId).assertError(404, "resource_not_found_exception", "connector sync job [" + jobId + "] not found");
  }

  @Test
  @DisplayName("DELETE /_connector/{id}?delete_sync_jobs=true removes its jobs; without it they stay")
  void deleteConnectorWithJobs() {
    String kept = syncableConnector("sj");
    String keptJob = job(kept, "full");
    api.delete("/_connector/" + kept + "?hard=true");
    JsonObject orphan = api.get(JOBS + "/" + keptJob).json();
    assertThat(orphan.getJsonObject("connector").getString("id")).isEqualTo(kept);

    String removed = syncableConnector("sj");
    String removedJob = job(removed, "full");
    api.delete("/_connector/" + removed + "?delete_sync_jobs=true");
    api.get(JOBS + "/" + removedJob).assertError(404, "resource_not_found_exception",
        "connector sync job [" + removedJob + "] not found");
    assertThat(TestDatabase.row("SELECT deleted FROM connectors WHERE id = ?", removed)).containsEntry("deleted", true);
  }

  @Test
  @DisplayName("an empty job id answers 400 action_request_validation_exception")
  void emptyJobId() {
    api.put(JOBS + "//_cancel", null).assertError(400, "action_request_validation_exception",
        "Validation Failed: 1: [connector_sync_job_id] cannot be [null] or [\"\"].;");
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("results").stream().map(j -> ((JsonObject) j).getString("id")).toList();
  }


  private static String job(String connector, String type) {
    var response = api.post(JOBS, "{\"id\":\"" + connector + "\",\"job_type\":\"" + type + "\"}");
    assertThat(response.status()).isEqualTo(200);
    return response.json().getString("id");
  }
}
