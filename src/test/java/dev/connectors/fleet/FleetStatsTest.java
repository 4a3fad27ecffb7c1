package dev.connectors.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceEnv;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GET /_connector/_stats (beyond Elasticsearch): the fleet counted on the server")
@ServiceEnv({"HOUSEKEEPING_INTERVAL=100ms", "OFFLINE_AFTER=5m", "IDLE_JOB_AFTER=90s"})
class FleetStatsTest extends ServiceTest {

  /** The counts as PostgreSQL gives them now, by queries of this test's own. */
  private static JsonObject expected() {
    JsonObject byStatus = new JsonObject();
    for (String status : new String[] {"created", "needs_configuration", "configured", "connected", "error"}) {
      byStatus.put(status, count("SELECT count(*) AS n FROM connectors WHERE NOT deleted AND status = ?", status));
    }
    JsonObject jobs = new JsonObject();
    for (String status : new String[] {"pending", "in_progress", "completed", "canceling", "canceled", "error",
        "suspended"}) {
      jobs.put(status, count("SELECT count(*) AS n FROM sync_jobs WHERE status = ?", status));
    }
    return new JsonObject()
        .put("connectors", new JsonObject()
            .put("total", count("SELECT count(*) AS n FROM connectors WHERE NOT deleted"))
            .put("by_status", byStatus)
            .put("offline", count("SELECT count(*) AS n FROM connectors WHERE NOT deleted"
                + " AND coalesce(last_seen, created_at) < now() - interval '5 minutes'")))
        .put("sync_jobs", new JsonObject()
            .put("by_status", jobs)
            .put("idle", count("SELECT count(*) AS n FROM sync_jobs WHERE status IN ('in_progress', 'canceling')"
                + " AND last_seen < now() - interval '90 seconds'"))
            .put("orphaned", count("SELECT count(*) AS n FROM sync_jobs j WHERE j.connector_id IS NULL"
                + " OR EXISTS (SELECT 1 FROM connectors c WHERE c.id = j.connector_id AND c.deleted)")))
        .put("offline_after", "5m")
        .put("idle_job_after", "90s");
  }

  private static long count(String sql, Object... args) {
    return (Long) TestDatabase.row(sql, args).get("n");
  }

  private static JsonObject statsWithoutTime() {
    JsonObject stats = api.get("/_connector/_stats").json();
    assertThat(Instant.parse(stats.getString("counted_at"))).isBefore(Instant.now().plusSeconds(1));
    stats.remove("counted_at");
    return stats;
  }

  @Test
  @DisplayName("counts every status (0 when none), offline, idle and orphaned jobs, as PostgreSQL counts them, "
      + "within a housekeeping interval of a change")
  void counts() throws Exception {
    String failing = newConnector("stats");
    api.put("/_connector/" + failing + "/_error", "{\"error\":\"boom\"}");
    String silent = newConnector("stats");
    TestDatabase.update("UPDATE connectors SET last_seen = now() - interval '6 minutes' WHERE id = ?", silent);
    String running = syncableConnector("stats");
    String job = api.post("/_connector/_sync_job", "{\"id\":\"" + running + "\"}").json().getString("id");
    api.put("/_connector/_sync_job/" + job + "/_claim", "{\"worker_hostname\":\"w\"}");
    TestDatabase.update("UPDATE sync_jobs SET last_seen = now() - interval '2 minutes' WHERE id = ?", job);
    String gone = syncableConnector("stats");
    api.post("/_connector/_sync_job", "{\"id\":\"" + gone + "\"}");
    api.delete("/_connector/" + gone);

    JsonObject expected = expected();
    assertThat(expected.getJsonObject("connectors").getLong("offline")).isPositive();
    assertThat(expected.getJsonObject("sync_jobs").getLong("idle")).isPositive();
    assertThat(expected.getJsonObject("sync_jobs").getLong("orphaned")).isPositive();
    // housekeeping goes on meanwhile (it cancels the orphan, say): compare with the database as it is each time
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    JsonObject stats = statsWithoutTime();
    while (!stats.equals(expected) && System.nanoTime() < deadline) {
      expected = expected();
      stats = statsWithoutTime();
    }
    assertThat(stats).isEqualTo(expected);
    assertThat(stats.fieldNames()).containsExactly("connectors", "sync_jobs", "offline_after", "idle_job_after");
    assertThat(stats.getJsonObject("connectors").getJsonObject("by_status").fieldNames())
        .containsExactly("created", "needs_configuration", "configured", "connected", "error");
    assertThat(stats.getJsonObject("sync_jobs").getJsonObject("by_status").fieldNames())
        .containsExactly("pending", "in_progress", "completed", "canceling", "canceled", "error", "suspended");
  }

  @Test
  @DisplayName("takes no parameters but Elasticsearch's own")
  void parameters() {
    api.get("/_connector/_stats?size=1").assertError(400, "illegal_argument_exception",
        "request [/_connector/_stats] contains unrecognized parameter: [size]");
    assertThat(api.get("/_connector/_stats?pretty").status()).isEqualTo(200);
  }
}
