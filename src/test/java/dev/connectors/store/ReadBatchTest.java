package dev.connectors.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.model.Connector;
import dev.connectors.model.GetConnector;
import dev.connectors.support.TestDatabase;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reads of one connector coalesced into one {@code id = ANY($1)} statement answer each read
 * exactly as the read's own statement does (the oracle: one SELECT per read, the statement the
 * service ran before reads were coalesced), against the real PostgreSQL.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Coalesced reads of one connector")
class ReadBatchTest {

  /** One read, one statement: what GET /_connector/{id} ran before reads were coalesced. */
  private static final String ONE_READ = "SELECT " + SqlQueries.CONNECTOR_COLUMNS
      + " FROM connectors WHERE id = $1 AND (NOT deleted OR $2)";
  private static final String NOT_FOUND = "NOT_FOUND";

  private static Context context;
  private static Pool pool;

  @BeforeAll
  static void connect(Vertx vertx) {
    context = vertx.getOrCreateContext();
    pool = TestPool.open(vertx);
  }

  @AfterAll
  static void close() throws Exception {
    pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("500 concurrent reads of live, deleted and missing ids, with and without include_deleted: each answered as its own statement answers it, in batches")
  void sameAnswersAsOneStatementEach() throws Exception {
    String prefix = "read-" + UUID.randomUUID() + "-";
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String id = prefix + i;
      TestDatabase.update("INSERT INTO connectors (id, name, error, status, configuration, last_seen)"
          + " VALUES (?, ?, ?, ?, ?::jsonb, now() - ? * interval '1 minute')",
          id, "name " + i, i % 2 == 0 ? null : "error " + i, i % 2 == 0 ? "connected" : "error",
          "{\"field\":{\"label\":\"L" + i + "\",\"value\":" + i + "}}", i);
      ids.add(id);
    }
    TestDatabase.update("UPDATE connectors SET deleted = true WHERE id = ?", prefix + 5);
    ids.add(prefix + "missing");

    Random random = new Random(42);
    List<GetConnector> reads = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      reads.add(new GetConnector(ids.get(random.nextInt(ids.size())), random.nextBoolean()));
    }

    List<Object> expected = new ArrayList<>();
    for (GetConnector read : reads) {
      var rows = pool.preparedQuery(ONE_READ).execute(Tuple.of(read.id(), read.includeDeleted()))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      expected.add(rows.rowCount() == 0 ? NOT_FOUND : Rows.toConnector(rows.iterator().next()));
    }
    assertThat(expected).contains(NOT_FOUND).hasAtLeastOneElementOfType(Connector.class);

    var sizes = DistributionSummary.builder("reads").register(new SimpleMeterRegistry());
    assertThat(batchedAnswers(reads, sizes)).isEqualTo(expected);
    assertThat(sizes.max()).as("largest batch").isGreaterThan(1);
    assertThat(sizes.count()).as("statements").isLessThan(reads.size());
  }

  /** Submits every read from the event loop at once: the first goes alone, the rest queue. */
  private static List<Object> batchedAnswers(List<GetConnector> reads, DistributionSummary sizes) throws Exception {
    return TestPool.submitAtOnce(context, () -> new CoalescingBatcher<>(
            new Statements(pool, 5_000, System::currentTimeMillis), SqlQueries.GET_CONNECTORS,
            ConnectorStore::readArguments, ConnectorStore::readAnswers, 256, 1, 10_000, sizes),
        reads, connector -> (Object) connector, TestPool.notFoundAs(NOT_FOUND));
  }
}
