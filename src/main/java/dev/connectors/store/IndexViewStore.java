package dev.connectors.store;

import dev.connectors.model.IndexCommands.ContentIndices;
import dev.connectors.model.IndexCommands.Count;
import dev.connectors.model.IndexCommands.DocWrite;
import dev.connectors.model.IndexCommands.GetDoc;
import dev.connectors.model.IndexCommands.Hit;
import dev.connectors.model.IndexCommands.Hits;
import dev.connectors.model.IndexCommands.Outcome;
import dev.connectors.model.IndexCommands.Search;
import dev.connectors.model.IndexCommands.UpdateDoc;
import dev.connectors.model.IndexView;
import dev.connectors.config.AppConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The index view's commands ({@link IndexView}): searches, counts and reads of the two tables
 * with each row's sequence number, and partial updates conditional on it; one statement each.
 */
final class IndexViewStore {

  /**
   * Pages up to this many rows are mapped on the event loop: the framework's searches find one
   * connector or a few jobs, and a hop to a worker thread and back cost them more than the mapping.
   */
  static final int INLINE_ROWS = 100;

  private final Vertx vertx;
  private final Statements statements;
  private final boolean history;
  /** The framework reloads its connector often: those reads are coalesced as {@code GET /_connector/{id}}'s are. */
  private final CoalescingBatcher<GetDoc, Hits> connectorReads;

  IndexViewStore(Vertx vertx, Statements statements, AppConfig config, MeterRegistry registry) {
    this.vertx = vertx;
    this.statements = statements;
    this.history = config.fleet().errorHistoryMax() > 0;
    connectorReads = new CoalescingBatcher<>(statements, SqlQueries.GET_CONNECTOR_DOCUMENTS,
        batch -> Tuple.of(batch.stream().map(GetDoc::id).distinct().toArray(String[]::new)), IndexViewStore::connectorDocuments,
        config.errorBatchMax(), Math.min(config.errorBatchesInFlight(), config.poolSizePerStore()), config.dbWaitQueueMax(),
        CoalescingBatcher.batchSizes(registry, "get_connector_document"));
  }

  /** Each read's page of its connector, or of none (no such row, or not in the read's scope). */
  static List<Future<Hits>> connectorDocuments(List<GetDoc> batch, RowSet<Row> rows) {
    java.util.Map<String, Row> byId = Rows.byId(rows);
    List<Future<Hits>> answers = new ArrayList<>(batch.size());
    for (GetDoc read : batch) {
      Row row = byId.get(read.id());
      try {
        answers.add(Future.succeededFuture(new Hits(null, row == null || (read.scope() != null && !read.scope().contains(read.id()))
            ? List.of() : List.of(hit(IndexView.CONNECTORS, row, 0)))));
      } catch (RuntimeException unreadable) {
        answers.add(Future.failedFuture(unreadable));
      }
    }
    return answers;
  }

  List<MessageConsumer<?>> register(CommandHandlers handlers) {
    return List.of(
        handlers.serve(Search.class, this::search),
        handlers.serve(Count.class, this::count),
        handlers.serve(GetDoc.class, this::getDoc),
        handlers.serve(UpdateDoc.class, this::updateDoc),
        handlers.serve(ContentIndices.class, this::contentIndices));
  }

  private Future<Hits> search(Search search, long deadline) {
    SqlQueries.Query query = SqlQueries.search(search);
    int sortKeys = search.sort().size();
    // a few rows are mapped here at once; a large page on a worker, not to hold this event loop
    return statements.run(query.sql(), query.args(), deadline)
        .compose(rows -> rows.size() <= INLINE_ROWS ? Future.succeededFuture(hits(search.view(), rows, sortKeys))
            : vertx.executeBlocking(() -> hits(search.view(), rows, sortKeys), false));
  }

  private Future<Long> count(Count count, long deadline) {
    SqlQueries.Query query = SqlQueries.count(count);
    return statements.run(query.sql(), query.args(), deadline).map(rows -> Rows.firstRow(rows).getLong("total"));
  }

  private Future<Hits> getDoc(GetDoc get, long deadline) {
    if (get.view() == IndexView.CONNECTORS) {
      return connectorReads.submit(get, deadline);
    }
    return statements.run(SqlQueries.getDocument(get.view()), Statements.idWithin(get.id(), get.scope()), deadline)
        .map(rows -> new Hits(null, rows.size() == 0 ? List.of() : List.of(hit(get.view(), Rows.firstRow(rows), 0))));
  }

  private Future<DocWrite> updateDoc(UpdateDoc update, long deadline) {
    Tuple args = Tuple.of(update.id(), update.doc(), update.ifSeqNo(), Statements.scope(update.scope()));
    return statements.run(SqlQueries.indexUpdate(update.view(), history), args, deadline)
        .map(rows -> {
          Row row = Rows.firstRow(rows);
          if (!row.getBoolean("found")) {
            return new DocWrite(Outcome.MISSING, -1);
          }
          long seqNo = row.getLong("seq_no");
          if (row.getString("violation") != null) {
            return new DocWrite(Outcome.CONFLICT, seqNo);
          }
          return new DocWrite(row.getBoolean("changed") ? Outcome.UPDATED : Outcome.NOOP, seqNo);
        })
        .recover(failure -> Future.failedFuture(ConnectorStore.indexNameConflict(failure, update.doc().getString("index_name"))));
  }

  private Future<List<String>> contentIndices(ContentIndices c, long deadline) {
    return statements.run(SqlQueries.CONTENT_INDICES, Tuple.of(c.connectors().toArray(String[]::new)), deadline)
        .map(rows -> {
          List<String> names = new ArrayList<>();
          rows.forEach(row -> names.add(row.getString("index_name")));
          return names;
        });
  }

  /** A page of rows of {@link SqlQueries#search}: each carries the count; a page past the end has one row without an id. */
  private static Hits hits(IndexView view, RowSet<Row> rows, int sortKeys) {
    long total = -1;
    List<Hit> hits = new ArrayList<>();
    for (Row row : rows) {
      total = row.getLong("total");
      if (row.getString("id") != null) {
        hits.add(hit(view, row, sortKeys));
      }
    }
    return new Hits(total < 0 ? null : total, hits);
  }

  private static Hit hit(IndexView view, Row row, int sortKeys) {
    List<Object> sort = new ArrayList<>(sortKeys);
    for (int i = 0; i < sortKeys; i++) {
      sort.add(row.getValue("sort_" + i));
    }
    Object document = view == IndexView.CONNECTORS ? Rows.toConnector(row) : Rows.toSyncJob(row);
    return new Hit(row.getString("id"), row.getLong("seq_no"), document, sort);
  }
}
