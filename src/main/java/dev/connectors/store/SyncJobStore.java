package dev.connectors.store;

import dev.connectors.model.SyncJob;
import dev.connectors.model.Page;
import dev.connectors.model.SyncJobCommands.CreateSyncJob;
import dev.connectors.model.SyncJobCommands.DeleteSyncJob;
import dev.connectors.model.SyncJobCommands.GetSyncJob;
import dev.connectors.model.SyncJobCommands.ListSyncJobs;
import dev.connectors.model.SyncJobCommands.UpdateSyncJob;
import dev.connectors.model.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** The sync-job commands: create (with its connector's snapshot), read, list, delete, update. */
final class SyncJobStore {

  private final Vertx vertx;
  private final Statements statements;

  SyncJobStore(Vertx vertx, Statements statements) {
    this.vertx = vertx;
    this.statements = statements;
  }

  List<MessageConsumer<?>> register(CommandHandlers handlers) {
    return List.of(
        handlers.serve(CreateSyncJob.class, this::createSyncJob),
        handlers.serve(GetSyncJob.class, this::getSyncJob),
        handlers.serve(ListSyncJobs.class, this::listSyncJobs),
        handlers.serve(DeleteSyncJob.class, this::deleteSyncJob),
        handlers.serve(UpdateSyncJob.class, this::updateSyncJob));
  }

  private Future<WriteResult> createSyncJob(CreateSyncJob c, long deadline) {
    return statements.run(SqlQueries.CREATE_SYNC_JOB, Tuple.of(c.id(), c.connectorId(), c.jobType(), c.triggerMethod()),
        deadline).map(rows -> {
          Row row = Rows.firstRow(rows);
          if (!row.getBoolean("found")) {
            throw new StoreException(StoreError.NOT_FOUND, "Connector with id '" + c.connectorId() + "' does not exist.");
          }
          if (!row.getBoolean("created")) {
            boolean noIndex = row.getString("index_name") == null || row.getString("index_name").isEmpty();
            throw new StoreException(StoreError.RULE_VIOLATION, "Cannot start a sync for connector [" + c.connectorId()
                + (noIndex ? "] with no index attached. Set the [index_name] property for the connector to enable "
                    + "syncing data." : "] with [service_type] not defined. Set the service type of your connector "
                    + "before starting the sync."));
          }
          return WriteResult.CREATED;
        });
  }

  private Future<SyncJob> getSyncJob(GetSyncJob c, long deadline) {
    return statements.run(SqlQueries.GET_SYNC_JOB, Statements.idWithin(c.id(), c.scope()), deadline).map(rows -> {
      if (rows.rowCount() == 0) {
        throw StoreException.syncJobNotFound(c.id());
      }
      return Rows.toSyncJob(Rows.firstRow(rows));
    });
  }

  private Future<Page<SyncJob>> listSyncJobs(ListSyncJobs c, long deadline) {
    SqlQueries.Query query = SqlQueries.listSyncJobs(c);
    return statements.run(query.sql(), query.args(), deadline)
        .compose(rows -> Rows.toPageOffLoop(vertx, rows, c.size(), Rows::toSyncJob));
  }

  private Future<WriteResult> deleteSyncJob(DeleteSyncJob c, long deadline) {
    return statements.run(SqlQueries.DELETE_SYNC_JOB, Statements.idWithin(c.id(), c.scope()), deadline).map(rows -> {
      if (rows.rowCount() == 0) {
        throw StoreException.syncJobNotFound(c.id());
      }
      return WriteResult.DELETED;
    });
  }

  private Future<WriteResult> updateSyncJob(UpdateSyncJob c, long deadline) {
    return statements.conditionalUpdate(SqlQueries.update(c.update()), Tuple.tuple().addString(c.id()).addValue(c.patch())
        .addArrayOfString(Statements.scope(c.scope())), () -> StoreException.syncJobNotFound(c.id()), deadline);
  }
}
