package dev.connectors.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.connectors.model.ConnectorUpdate;
import dev.connectors.model.UpdateConnector;
import dev.connectors.model.UpdateError;
import dev.connectors.model.WriteResult;
import dev.connectors.support.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The coalesced update-error statement answers each request exactly as the request would be
 * answered by a statement of its own, run after the requests that arrived before it. The oracle
 * here is that sequential model; the batches run against the real PostgreSQL.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Coalesced update-error and check-in batches")
class CoalescingBatcherTest {

  private static final String NOT_FOUND = "NOT_FOUND";
  private static Vertx vertx;
  private static Context context;
  private static Pool pool;

  @BeforeAll
  static void connect(Vertx testVertx) {
    vertx = testVertx;
    context = testVertx.getOrCreateContext();
    pool = TestPool.open(testVertx);
  }

  @AfterAll
  static void close() throws Exception {
    pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Live connectors with their (error, status), plus ids that are soft-deleted or missing. */
  private record Fleet(String prefix, Map<String, String[]> live, List<String> deleted, List<String> missing) {

    static Fleet create() {
      String prefix = "batch-" + UUID.randomUUID() + "-";
      Map<String, String[]> live = new LinkedHashMap<>();
      live.put(prefix + "new", new String[] {null, "created"});
      live.put(prefix + "failing", new String[] {"disk full", "error"});
      live.put(prefix + "ok", new String[] {null, "connected"});
      live.put(prefix + "blank", new String[] {"", "connected"});
      live.forEach((id, state) -> TestDatabase.update(
          "INSERT INTO connectors (id, error, status) VALUES (?, ?, ?)", id, state[0], state[1]));
      String deleted = prefix + "deleted";
      TestDatabase.update("INSERT INTO connectors (id, deleted) VALUES (?, true)", deleted);
      return new Fleet(prefix, live, List.of(deleted), List.of(prefix + "missing"));
    }

    List<String> ids() {
      List<String> ids = new ArrayList<>(live.keySet());
      ids.addAll(deleted);
      ids.addAll(missing);
      return ids;
    }
  }

  /** What each request answers when the requests run one statement at a time, in order. */
  private static List<String> sequentialAnswers(Fleet fleet, List<UpdateError> requests, Map<String, String[]> finalState) {
    Map<String, String[]> state = new HashMap<>();
    fleet.live().forEach((id, s) -> state.put(id, s.clone()));
    List<String> answers = new ArrayList<>();
    for (UpdateError request : requests) {
      String[] current = state.get(request.id());
      if (current == null) {
        answers.add(NOT_FOUND);
        continue;
      }
      String status = request.status().wireName();
      boolean same = java.util.Objects.equals(current[0], request.error()) && current[1].equals(status);
      answers.add(same ? "NOOP" : "UPDATED");
      state.put(request.id(), new String[] {request.error(), status});
    }
    finalState.putAll(state);
    return answers;
  }

  /** Submits every request from the event loop at once: the first goes alone, the rest queue. */
  private static List<String> batchedAnswers(List<UpdateError> requests, int maxBatch) throws Exception {
    return TestPool.submitAtOnce(context, () -> new CoalescingBatcher<>(
            new Statements(pool, 5_000, System::currentTimeMillis), SqlQueries.UPDATE_ERRORS,
            ConnectorStore::updateErrorArguments, ConnectorStore.updateErrorAnswers(), maxBatch, 1, 10_000,
            DistributionSummary.builder("batch").register(new SimpleMeterRegistry())),
        requests, written -> written.result().name(), TestPool.notFoundAs(NOT_FOUND));
  }

  private static void assertStored(Map<String, String[]> expected) {
    expected.forEach((id, state) -> {
      Map<String, Object> row = TestDatabase.row("SELECT error, status FROM connectors WHERE id = ?", id);
      assertThat(row.get("error")).as("error of %s", id).isEqualTo(state[0]);
      assertThat(row.get("status")).as("status of %s", id).isEqualTo(state[1]);
    });
  }

  @Test
  @DisplayName("duplicates, noops, missing and soft-deleted ids in one batch each get their own exact answer")
  void handPickedBatch() throws Exception {
    Fleet fleet = Fleet.create();
    String p = fleet.prefix();
    List<UpdateError> requests = List.of(
        new UpdateError(p + "ok", null),            // alone in the first statement: noop
        new UpdateError(p + "new", "boom"),         // updated
        new UpdateError(p + "new", "boom"),         // same as the one before it: noop
        new UpdateError(p + "new", null),           // back to a reset: updated
        new UpdateError(p + "failing", "disk full"),// noop against the stored row
        new UpdateError(p + "deleted", "x"),        // soft-deleted: not found
        new UpdateError(p + "missing", null),       // missing: not found
        new UpdateError(p + "blank", ""),           // noop
        new UpdateError(p + "blank", null),         // "" to null is a change: updated
        new UpdateError(p + "ok", "late"),          // updated; the last for its id wins
        new UpdateError(p + "ok", "later"));        // updated
    Map<String, String[]> expectedRows = new HashMap<>();
    List<String> expected = sequentialAnswers(fleet, requests, expectedRows);
    assertThat(expected).containsExactly("NOOP", "UPDATED", "NOOP", "UPDATED", "NOOP", NOT_FOUND, NOT_FOUND,
        "NOOP", "UPDATED", "UPDATED", "UPDATED");

    assertThat(batchedAnswers(requests, 256)).containsExactlyElementsOf(expected);
    assertStored(expectedRows);
    assertThat(TestDatabase.row("SELECT deleted, error FROM connectors WHERE id = ?", p + "deleted"))
        .containsEntry("deleted", true).containsEntry("error", null);
  }

  @Test
  @DisplayName("each request's _seq_no: the row's xmin after the batch for the last request of a connector, -2 for the earlier ones")
  void sequenceNumbers() throws Exception {
    Fleet fleet = Fleet.create();
    String p = fleet.prefix();
    long okBefore = xmin(p + "ok");
    List<UpdateError> requests = List.of(
        new UpdateError(p + "blank", ""),            // alone in the first statement: noop, the row's xmin as it was
        new UpdateError(p + "new", "one"),           // replaced by the next one in the same batch: -2
        new UpdateError(p + "new", "two"),           // the last for its connector: the batch's xmin
        new UpdateError(p + "ok", null));            // noop: the row's xmin as it was
    long blankBefore = xmin(p + "blank");
    List<String> seqNos = TestPool.submitAtOnce(context, () -> new CoalescingBatcher<>(
            new Statements(pool, 5_000, System::currentTimeMillis), SqlQueries.UPDATE_ERRORS,
            ConnectorStore::updateErrorArguments, ConnectorStore.updateErrorAnswers(), 256, 1, 10_000,
            DistributionSummary.builder("seq").register(new SimpleMeterRegistry())),
        requests, written -> String.valueOf(written.seqNo()), TestPool.notFoundAs(NOT_FOUND));
    assertThat(seqNos).containsExactly(String.valueOf(blankBefore), "-2", String.valueOf(xmin(p + "new")),
        String.valueOf(okBefore));
    assertThat(xmin(p + "new")).isNotIn(blankBefore, okBefore);
  }

  private static long xmin(String id) {
    return ((Number) TestDatabase.row("SELECT xmin::text::bigint AS x FROM connectors WHERE id = ?", id).get("x")).longValue();
  }

  @ParameterizedTest(name = "max batch {0}")
  @ValueSource(ints = {1, 3, 256})
  @DisplayName("random request streams (seeded) get the sequential answers and leave the sequential final rows")
  void randomStreams(int maxBatch) throws Exception {
    String[] messages = {null, "", "connection refused", "disk full"};
    for (int seed = 1; seed <= 15; seed++) {
      Fleet fleet = Fleet.create();
      List<String> ids = fleet.ids();
      Random random = new Random(seed * 31L + maxBatch);
      List<UpdateError> requests = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        requests.add(new UpdateError(ids.get(random.nextInt(ids.size())), messages[random.nextInt(messages.length)]));
      }
      Map<String, String[]> expectedRows = new HashMap<>();
      List<String> expected = sequentialAnswers(fleet, requests, expectedRows);
      assertThat(batchedAnswers(requests, maxBatch)).as("seed %d", seed).containsExactlyElementsOf(expected);
      assertStored(expectedRows);
    }
  }

  @Test
  @DisplayName("check-ins in one batch: live connectors (duplicates too) are updated with last_seen, missing and deleted ones 404")
  void checkIns() throws Exception {
    Fleet fleet = Fleet.create();
    String p = fleet.prefix();
    List<String> ids = List.of(p + "ok", p + "deleted", p + "new", p + "ok", p + "missing");
    List<UpdateConnector> checkIns = ids.stream()
        .map(id -> new UpdateConnector(id, ConnectorUpdate.CHECK_IN, new JsonObject())).toList();
    assertThat(TestPool.submitAtOnce(context, () -> new CoalescingBatcher<>(
            new Statements(pool, 5_000, System::currentTimeMillis), SqlQueries.CHECK_INS,
            ConnectorStore::checkInArguments, CoalescingBatcher.writes(UpdateConnector::id), 256, 1, 10_000,
            DistributionSummary.builder("b").register(new SimpleMeterRegistry())),
        checkIns, WriteResult::name, TestPool.notFoundAs(NOT_FOUND)))
        .containsExactly("UPDATED", NOT_FOUND, "UPDATED", "UPDATED", NOT_FOUND);
    assertThat(TestDatabase.row("SELECT last_seen FROM connectors WHERE id = ?", p + "ok").get("last_seen")).isNotNull();
    assertThat(TestDatabase.row("SELECT last_seen FROM connectors WHERE id = ?", p + "deleted").get("last_seen")).isNull();
  }

  @Test
  @DisplayName("a noop writes no new row version")
  void noopWritesNothing() throws Exception {
    Fleet fleet = Fleet.create();
    String id = fleet.prefix() + "failing";
    Object before = TestDatabase.row("SELECT xmin::text AS v FROM connectors WHERE id = ?", id).get("v");
    assertThat(batchedAnswers(List.of(new UpdateError(id, "disk full"), new UpdateError(id, "disk full")), 256))
        .containsExactly("NOOP", "NOOP");
    assertThat(TestDatabase.row("SELECT xmin::text AS v FROM connectors WHERE id = ?", id).get("v")).isEqualTo(before);
  }

  @Test
  @DisplayName("a statement one command makes fail is re-run command by command: the others get their own answers")
  void oneBadCommandDoesNotFailItsBatch() throws Exception {
    Fleet fleet = Fleet.create();
    String p = fleet.prefix();
    String poison = "poison-" + UUID.randomUUID();
    TestDatabase.update("CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        + "IF NEW.error = '" + poison + "' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$");
    TestDatabase.update("CREATE TRIGGER refuse_poison BEFORE UPDATE ON connectors FOR EACH ROW EXECUTE FUNCTION refuse_poison()");
    try {
      // the first request goes alone; the three after it wait, and go out together as one statement
      List<UpdateError> requests = List.of(new UpdateError(p + "new", "first"), new UpdateError(p + "ok", "good one"),
          new UpdateError(p + "failing", poison), new UpdateError(p + "blank", "good two"));
      assertThat(TestPool.submitAtOnce(context, () -> new CoalescingBatcher<>(
              new Statements(pool, 5_000, System::currentTimeMillis), SqlQueries.UPDATE_ERRORS,
              ConnectorStore::updateErrorArguments, ConnectorStore.updateErrorAnswers(), 256, 1, 10_000,
              DistributionSummary.builder("isolation").register(new SimpleMeterRegistry())),
          requests, written -> written.result().name(), failure -> Future.succeededFuture(StoreErrors.classify(failure).error().name())))
          .containsExactly("UPDATED", "UPDATED", "DATABASE_FAILURE", "UPDATED");
      assertThat(TestDatabase.row("SELECT error FROM connectors WHERE id = ?", p + "ok")).containsEntry("error", "good one");
      assertThat(TestDatabase.row("SELECT error FROM connectors WHERE id = ?", p + "blank")).containsEntry("error", "good two");
      assertThat(TestDatabase.row("SELECT error FROM connectors WHERE id = ?", p + "failing")).containsEntry("error", "disk full");
    } finally {
      TestDatabase.update("DROP TRIGGER refuse_poison ON connectors");
      TestDatabase.update("DROP FUNCTION refuse_poison()");
    }
  }
}
