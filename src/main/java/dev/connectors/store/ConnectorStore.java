package dev.connectors.store;

import dev.connectors.config.AppConfig;
import dev.connectors.model.Connector;
import dev.connectors.model.ConnectorUpdate;
import dev.connectors.model.CreateConnector;
import dev.connectors.model.DeleteConnector;
import dev.connectors.model.GetConnector;
import dev.connectors.model.ListConnectors;
import dev.connectors.model.Page;
import dev.connectors.model.UpdateConnector;
import dev.connectors.model.UpdateError;
import dev.connectors.model.WriteResult;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The connector commands: create, list, delete, the partial updates (each one conditional
 * statement) and the coalesced batches: update-error, check-in, and reads of one connector.
 */
final class ConnectorStore {

  private final Vertx vertx;
  private final Statements statements;
  private final MeterRegistry registry;
  /** Whether updates write error-history entries ({@code ERROR_HISTORY_MAX} above 0). */
  private final boolean history;
  private final CoalescingBatcher<UpdateError, UpdateError.Written> errorBatcher;
  private final CoalescingBatcher<UpdateConnector, WriteResult> checkInBatcher;
  private final CoalescingBatcher<GetConnector, Connector> readBatcher;

  ConnectorStore(Vertx vertx, Statements statements, AppConfig config, MeterRegistry registry) {
    this.vertx = vertx;
    this.statements = statements;
    this.registry = registry;
    int batchesInFlight = Math.min(config.errorBatchesInFlight(), config.poolSizePerStore());
    this.history = config.fleet().errorHistoryMax() > 0;
    errorBatcher = new CoalescingBatcher<>(statements,
        history ? SqlQueries.UPDATE_ERRORS : SqlQueries.UPDATE_ERRORS_WITHOUT_HISTORY, ConnectorStore::updateErrorArguments,
        updateErrorAnswers(), config.errorBatchMax(), batchesInFlight, config.dbWaitQueueMax(),
        batchSizes("update_error"));
    checkInBatcher = new CoalescingBatcher<>(statements, SqlQueries.CHECK_INS, ConnectorStore::checkInArguments,
        CoalescingBatcher.writes(UpdateConnector::id), config.errorBatchMax(), batchesInFlight,
        config.dbWaitQueueMax(), batchSizes("check_in"));
    readBatcher = new CoalescingBatcher<>(statements, SqlQueries.GET_CONNECTORS, ConnectorStore::readArguments,
        ConnectorStore::readAnswers, config.errorBatchMax(), batchesInFlight, config.dbWaitQueueMax(),
        batchSizes("get_connector"));
  }

  /** Each update-error's answer: what it did and the row's sequence number after it. */
  static CoalescingBatcher.Answers<UpdateError, UpdateError.Written> updateErrorAnswers() {
    return CoalescingBatcher.writes(UpdateError::id,
        row -> new UpdateError.Written(CoalescingBatcher.writeResult(row), row.getLong("seq_no")));
  }

  /** The ids of a batch of check-ins, in arrival order (one answer row per check-in). */
  static Tuple checkInArguments(List<UpdateConnector> batch) {
    return Tuple.of(batch.stream().map(UpdateConnector::id).toArray(String[]::new));
  }

  /** The ids a batch of reads asks for, each once. */
  static Tuple readArguments(List<GetConnector> batch) {
    return Tuple.of(batch.stream().map(GetConnector::id).distinct().toArray(String[]::new));
  }

  /**
   * Each read's connector from the rows of its batch: not found when there is no row, or when
   * the row is deleted and the read did not ask for deleted ones. A document that cannot be read
   * back fails its own reads only.
   */
  static List<Future<Connector>> readAnswers(List<GetConnector> batch, RowSet<Row> rows) {
    Map<String, Row> byId = Rows.byId(rows);
    List<Future<Connector>> answers = new ArrayList<>(batch.size());
    for (GetConnector read : batch) {
      Row row = byId.get(read.id());
      if (row == null || (row.getBoolean("deleted") && !read.includeDeleted())) {
        answers.add(Future.failedFuture(StoreException.connectorNotFound(read.id())));
        continue;
      }
      try {
        answers.add(Future.succeededFuture(Rows.toConnector(row)));
      } catch (RuntimeException unreadable) {
        answers.add(Future.failedFuture(unreadable));
      }
    }
    return answers;
  }

  List<MessageConsumer<?>> register(CommandHandlers handlers) {
    return List.of(
        handlers.serve(CreateConnector.class, this::createConnector),
        handlers.serve(GetConnector.class, readBatcher::submit),
        handlers.serve(DeleteConnector.class, this::deleteConnector),
        handlers.serve(UpdateError.class, errorBatcher::submit),
        handlers.serve(UpdateConnector.class, this::updateConnector),
        handlers.serve(ListConnectors.class, this::listConnectors));
  }

  private Future<WriteResult> createConnector(CreateConnector c, long deadline) {
    Tuple args = Tuple.of(c.id(), c.name(), c.description(), c.indexName(), c.serviceType(),
        c.language(), c.isNative(), c.initialStatus().wireName());
    return statements.run(SqlQueries.CREATE_OR_REPLACE_CONNECTOR, args, deadline)
        .map(rows -> Rows.firstRow(rows).getBoolean("inserted") ? WriteResult.CREATED : WriteResult.UPDATED)
        .recover(failure -> Future.failedFuture(indexNameConflict(failure, c.indexName())));
  }

  private Future<WriteResult> deleteConnector(DeleteConnector c, long deadline) {
    String sql = c.hard() ? SqlQueries.HARD_DELETE_CONNECTOR : SqlQueries.SOFT_DELETE_CONNECTOR;
    return statements.run(sql, Tuple.of(c.id(), c.deleteSyncJobs()), deadline).map(rows -> {
      if (rows.rowCount() == 0) {
        throw StoreException.connectorNotFound(c.id());
      }
      return WriteResult.DELETED;
    });
  }

  private DistributionSummary batchSizes(String statement) {
    return CoalescingBatcher.batchSizes(registry, statement);
  }

  static Tuple updateErrorArguments(List<UpdateError> commands) {
    return Tuple.of(
        commands.stream().map(UpdateError::id).toArray(String[]::new),
        commands.stream().map(UpdateError::error).toArray(String[]::new),
        commands.stream().map(c -> c.status().wireName()).toArray(String[]::new));
  }

  private Future<WriteResult> updateConnector(UpdateConnector c, long deadline) {
    if (c.update() == ConnectorUpdate.CHECK_IN) {
      return checkInBatcher.submit(c, deadline);
    }
    String indexName = c.patch().getString("index_name");
    return statements.conditionalUpdate(SqlQueries.update(c.update(), history), c.id(), c.patch(),
            () -> StoreException.connectorNotFound(c.id()), deadline)
        .recover(failure -> Future.failedFuture(indexNameConflict(failure, indexName)));
  }

  private Future<Page<Connector>> listConnectors(ListConnectors c, long deadline) {
    SqlQueries.Query query = SqlQueries.listConnectors(c);
    return statements.run(query.sql(), query.args(), deadline)
        .compose(rows -> Rows.toPageOffLoop(vertx, rows, c.size(), Rows::toConnector));
  }

  /** A write that would give a second live connector the same index name: Elasticsearch's 400. */
  static Throwable indexNameConflict(Throwable failure, String indexName) {
    if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())
        && "connectors_index_name_live_key".equals(pg.getConstraint())) {
      return new StoreException(StoreError.INDEX_NAME_IN_USE,
          "Index name [" + indexName + "] is used by another connector.");
    }
    return failure;
  }
}
