package dev.connectors.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.config.DatabaseUrl;
import dev.connectors.model.ListConnectors;
import dev.connectors.support.Api;
import dev.connectors.support.ServiceInstances;
import dev.connectors.support.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Elasticsearch lists connectors and sync jobs with a search that leaves {@code track_total_hits}
 * at its default (ConnectorIndexService.listConnectors, ConnectorSyncJobIndexService
 * .listConnectorSyncJobs): the total is counted up to 10,000 and {@code count} says 10000 past
 * that. A database of its own, holding more than that: 41 service types (one rare) and jobs of
 * 2,000 connectors, as a fleet's. (A filter on a column of a few values — a job's status — is
 * planned as a scan by any generic plan, and is not checked here.)
 */
@DisplayName("The list statements over more than 10,000 rows: counted as Elasticsearch counts, each filter planned with its index")
class ListStatementsTest {

  private static final int MANY = 10_005;

  private static ServiceInstances instance;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    DatabaseUrl database = TestDatabase.fresh("list_count");
    instance = ServiceInstances.start(1, ListStatementsTest.class, Map.of("DATABASE_URL", database.url()));
    api = instance.get(0).api();
    TestDatabase.execute(database, "INSERT INTO connectors (id, name, index_name, service_type)"
        + " SELECT 'many-' || g, 'n' || g, 'search-' || g, CASE WHEN g <= 3 THEN 'rare' ELSE 'type-' || g % 40 END"
        + " FROM generate_series(1, " + MANY + ") g");
    TestDatabase.execute(database, "INSERT INTO sync_jobs (id, connector_id, connector, job_type, trigger_method)"
        + " SELECT 'job-' || g, CASE WHEN g <= 3 THEN 'many-1' ELSE 'many-' || (2 + g % 2000) END, '{}', 'full', 'on_demand'"
        + " FROM generate_series(1, " + MANY + ") g");
    TestDatabase.execute(database, "ANALYZE connectors, sync_jobs");
    ListStatementsTest.database = database;
  }

  private static DatabaseUrl database;

  @AfterAll
  static void stop() throws Exception {
    instance.close();
  }

  @Test
  @DisplayName("more than 10,000 connectors match: count is 10000; fewer: the exact number")
  void connectors() {
    assertThat(api.get("/_connector?size=1").json().getLong("count")).isEqualTo(10_000L);
    assertThat(api.get("/_connector?size=1&include_deleted=true").json().getLong("count")).isEqualTo(10_000L);
    assertThat(api.get("/_connector?size=1&service_type=rare").json().getLong("count")).isEqualTo(3L);
    assertThat(api.get("/_connector?from=9999&size=1").json().getJsonArray("results")).hasSize(1);
  }

  @Test
  @DisplayName("more than 10,000 sync jobs match: count is 10000; fewer: the exact number")
  void syncJobs() {
    assertThat(api.get("/_connector/_sync_job?size=1").json().getLong("count")).isEqualTo(10_000L);
    assertThat(api.get("/_connector/_sync_job?size=1&status=pending").json().getLong("count")).isEqualTo(10_000L);
    assertThat(api.get("/_connector/_sync_job?size=1&connector_id=many-1").json().getLong("count")).isEqualTo(3L);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"index_name", "connector_name", "service_type"})
  @DisplayName("a filter is planned with its index even as the generic plan PostgreSQL caches for a prepared statement")
  void genericPlanUsesTheIndex(String filter) throws Exception {
    var request = ListConnectors.elasticsearch(0, 100, filter.equals("index_name") ? List.of("search-7") : List.of(),
        filter.equals("connector_name") ? List.of("n7") : List.of(), filter.equals("service_type") ? List.of("rare") : List.of(),
        null, false);
    SqlQueries.Query query = SqlQueries.listConnectors(request);
    String plan = TestDatabase.genericPlan(database, query.sql(), query.args());
    assertThat(plan).as(plan).doesNotContain("Seq Scan");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"connector_id"})
  @DisplayName("the sync-job filter by connector is planned with its index even as the generic plan")
  void syncJobGenericPlanUsesTheIndex(String filter) {
    var request = new dev.connectors.model.SyncJobCommands.ListSyncJobs(0, 100,
        filter.equals("status") ? "canceled" : null, filter.equals("connector_id") ? "many-1" : null, List.of(), null, null);
    SqlQueries.Query query = SqlQueries.listSyncJobs(request);
    String plan = TestDatabase.genericPlan(database, query.sql(), query.args());
    assertThat(plan).as(plan).doesNotContain("Seq Scan");
  }

  @Test
  @DisplayName("a page continued by a cursor reads index ranges, never the whole table, even as the generic plan")
  void cursorPagesUseTheIndexes() {
    for (var after : List.of(new ListConnectors.After("search-5000", "many-5000"), new ListConnectors.After(null, "x"))) {
      var request = new ListConnectors(0, 100, List.of(), List.of(), List.of(), null, false, List.of(), null,
          java.time.Duration.ZERO, after, null);
      SqlQueries.Query query = SqlQueries.listConnectors(request);
      String plan = TestDatabase.genericPlan(database, query.sql(), query.args());
      assertThat(plan.replaceAll("(?s)InitPlan.*?->  Result", "")).as(plan).doesNotContain("Seq Scan on connectors ");
    }
    var jobs = new dev.connectors.model.SyncJobCommands.ListSyncJobs(0, 100, null, null, List.of(),
        new dev.connectors.model.SyncJobCommands.ListSyncJobs.After(1_700_000_000_000_000L, "job-5"), null);
    SqlQueries.Query query = SqlQueries.listSyncJobs(jobs);
    String plan = TestDatabase.genericPlan(database, query.sql(), query.args());
    assertThat(plan).as(plan).contains("Index Scan Backward using sync_jobs_list_order");
  }

  @Test
  @DisplayName("the rows a page skips (from) are read from the index, not rendered: no cast below the page's limit")
  void skippedRowsAreNotRendered() {
    SqlQueries.Query query = SqlQueries.listConnectors(
        ListConnectors.elasticsearch(5000, 100, List.of(), List.of(), List.of(), null, false));
    String plan = TestDatabase.genericPlan(database, query.sql(), query.args(), "(VERBOSE)");
    String scan = plan.substring(plan.indexOf("Index Scan using connectors_list_order"));
    String scanOutput = scan.lines().filter(line -> line.trim().startsWith("Output:")).findFirst().orElseThrow();
    assertThat(scanOutput).as(plan).contains("connectors.filtering").doesNotContain("::text");
  }

  @Test
  @DisplayName("next and search_after walk past 10,000: every connector and every job once, then no next")
  void walkPastTheWindow() {
    List<String> connectors = api.walk("/_connector", "", 5000);
    assertThat(connectors).hasSize(MANY).doesNotHaveDuplicates();
    List<String> jobs = api.walk("/_connector/_sync_job", "", 6000);
    assertThat(jobs).hasSize(MANY).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("housekeeping finds the jobs of deleted connectors through indexes, not by reading every job")
  void orphanedJobsThroughIndexes() {
    String plan = TestDatabase.genericPlan(database, SqlQueries.CANCEL_ORPHANED_JOBS, io.vertx.sqlclient.Tuple.of(1000));
    assertThat(plan).as(plan).doesNotContain("Seq Scan on sync_jobs").doesNotContain("Seq Scan on connectors")
        .contains("sync_jobs_without_connector").contains("connectors_deleted");
  }
}
