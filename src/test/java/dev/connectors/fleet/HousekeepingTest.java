package dev.connectors.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.config.DatabaseUrl;
import dev.connectors.support.Api;
import dev.connectors.support.ServiceInstances;
import dev.connectors.support.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Sync-job housekeeping (beyond Elasticsearch): on one instance at a time, the others standing by")
class HousekeepingTest {

  private static DatabaseUrl database;
  private static ServiceInstances instances;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabase.fresh("housekeeping");
    instances = ServiceInstances.start(2, HousekeepingTest.class, Map.of("DATABASE_URL", database.url(),
        "HOUSEKEEPING_INTERVAL", "50ms"));
    api = instances.get(0).api();
  }

  @AfterAll
  static void stop() throws Exception {
    instances.close();
  }

  private static Object jobField(String id, String field) {
    Map<String, Object> row = TestDatabase.rowIn(database, "SELECT " + field + " AS v FROM sync_jobs WHERE id = ?", id);
    return row == null ? null : row.get("v");
  }

  private static void await(String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.get()) {
      assertThat(System.nanoTime()).as("waited 10 s for: " + what).isLessThan(deadline);
    }
  }

  private static String connector() {
    String id = "hk-" + UUID.randomUUID();
    assertThat(api.put("/_connector/" + id, "{\"index_name\":\"search-" + id + "\",\"service_type\":\"s3\"}")
        .status()).isEqualTo(201);
    return id;
  }

  private static String job(String connector) {
    return api.post("/_connector/_sync_job", "{\"id\":\"" + connector + "\"}").json().getString("id");
  }

  /** The sum over both instances of {@code connector_service_housekeeping_actions_total{action=…}}. */
  private static double actions(String action) {
    double sum = 0;
    for (var instance : instances.all()) {
      Matcher m = Pattern.compile("(?m)^connector_service_housekeeping_actions_total\\{action=\"" + action
          + "\",?\\} ([0-9.E]+)$").matcher(instance.api().get("/_metrics").body());
      if (m.find()) {
        sum += Double.parseDouble(m.group(1));
      }
    }
    return sum;
  }

  @Test
  @DisplayName("an idle job ends in error, an orphan is canceled, an expired job is deleted — each counted once "
      + "over both instances — and a fresh or running job is left alone")
  void actsOnce() {
    double idleBefore = actions("idle_job_error");
    double orphansBefore = actions("orphan_job_canceled");
    double deletedBefore = actions("finished_job_deleted");
    String idle = job(connector());
    api.put("/_connector/_sync_job/" + idle + "/_claim", "{\"worker_hostname\":\"w\"}");
    TestDatabase.execute(database, "UPDATE sync_jobs SET last_seen = now() - interval '11 minutes' WHERE id = '"
        + idle + "'");
    String running = job(connector());
    api.put("/_connector/_sync_job/" + running + "/_claim", "{\"worker_hostname\":\"w\"}");
    String deletedConnector = connector();
    String orphan = job(deletedConnector);
    api.delete("/_connector/" + deletedConnector);
    String expired = job(connector());
    TestDatabase.execute(database, "UPDATE sync_jobs SET status = 'completed', completed_at = now() - interval"
        + " '31 days' WHERE id = '" + expired + "'");
    String recent = job(connector());
    TestDatabase.execute(database, "UPDATE sync_jobs SET status = 'completed', completed_at = now() - interval"
        + " '29 days' WHERE id = '" + recent + "'");

    await("the idle job reaped", () -> "error".equals(jobField(idle, "status")));
    assertThat(jobField(idle, "error")).isEqualTo("idle job: no check-in for 10m");
    await("the orphan canceled", () -> "canceled".equals(jobField(orphan, "status")));
    assertThat(jobField(orphan, "canceled_at")).isNotNull();
    await("the expired job deleted", () -> jobField(expired, "status") == null);
    await("each action counted once over both instances", () -> actions("idle_job_error") == idleBefore + 1
        && actions("orphan_job_canceled") == orphansBefore + 1 && actions("finished_job_deleted") == deletedBefore + 1);
    assertThat(jobField(running, "status")).isEqualTo("in_progress");
    assertThat(jobField(recent, "status")).isEqualTo("completed");
  }

  @Test
  @DisplayName("while the housekeeping lock is held elsewhere, neither instance acts; once it is free, one does")
  void standsByWhileLocked() throws Exception {
    String idle = job(connector());
    api.put("/_connector/_sync_job/" + idle + "/_claim", "{\"worker_hostname\":\"w\"}");
    try (Connection holder = TestDatabase.connection(database); Statement s = holder.createStatement()) {
      s.execute("SELECT pg_advisory_lock(hashtext('connector-service housekeeping'))");
      TestDatabase.execute(database, "UPDATE sync_jobs SET last_seen = now() - interval '11 minutes' WHERE id = '"
          + idle + "'");
      // the fleet recount (a lock of its own) shows passes going by: let several pass
      for (int pass = 0; pass < 3; pass++) {
        Object before = TestDatabase.rowIn(database, "SELECT computed_at AS v FROM fleet_stats").get("v");
        await("a housekeeping pass", () -> !Objects.equals(before,
            TestDatabase.rowIn(database, "SELECT computed_at AS v FROM fleet_stats").get("v")));
      }
      assertThat(jobField(idle, "status")).as("no instance acted while the lock was held").isEqualTo("in_progress");
      s.execute("SELECT pg_advisory_unlock(hashtext('connector-service housekeeping'))");
    }
    await("the idle job reaped once the lock is free", () -> "error".equals(jobField(idle, "status")));
  }

  @Test
  @DisplayName("the fleet gauges of /_metrics follow the fleet's count on every instance")
  void gauges() {
    String failing = connector();
    api.put("/_connector/" + failing + "/_error", "{\"error\":\"boom\"}");
    long errors = (Long) TestDatabase.rowIn(database,
        "SELECT count(*) AS n FROM connectors WHERE NOT deleted AND status = 'error'").get("n");
    for (var instance : instances.all()) {
      await("the error gauge at " + errors, () -> instance.api().get("/_metrics").body()
          .contains("connector_service_connectors{status=\"error\"} " + errors + ".0"));
    }
    String metrics = instances.get(1).api().get("/_metrics").body();
    for (String line : new String[] {"connector_service_connectors_offline ", "connector_service_sync_jobs_idle ",
        "connector_service_sync_jobs{status=\"pending\"} "}) {
      assertThat(metrics).contains(line);
    }
  }
}
