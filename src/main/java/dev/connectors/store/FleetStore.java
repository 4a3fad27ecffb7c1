package dev.connectors.store;

import dev.connectors.model.FleetCommands.AnnounceOffline;
import dev.connectors.model.FleetCommands.CancelOrphanedJobs;
import dev.connectors.model.FleetCommands.Change;
import dev.connectors.model.FleetCommands.Changes;
import dev.connectors.model.FleetCommands.PruneChanges;
import dev.connectors.model.FleetCommands.ReadChanges;
import dev.connectors.model.FleetCommands.DeleteExpiredJobs;
import dev.connectors.model.FleetCommands.ErrorChange;
import dev.connectors.model.FleetCommands.FleetCounts;
import dev.connectors.model.FleetCommands.GetFleetStats;
import dev.connectors.model.FleetCommands.ReapIdleJobs;
import dev.connectors.model.FleetCommands.RefreshFleetStats;
import dev.connectors.model.FleetCommands.GetErrorHistory;
import dev.connectors.model.FleetCommands.PruneErrorHistory;
import dev.connectors.model.Page;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet commands (beyond Elasticsearch): error history and its pruning, the fleet's counts,
 * and the sync-job housekeeping.
 */
final class FleetStore {

  private final Statements statements;

  FleetStore(Statements statements) {
    this.statements = statements;
  }

  List<MessageConsumer<?>> register(CommandHandlers handlers) {
    return List.of(
        handlers.serve(GetErrorHistory.class, this::errorHistory),
        handlers.serve(PruneErrorHistory.class, this::pruneErrorHistory),
        handlers.serve(GetFleetStats.class, this::fleetStats),
        handlers.serve(RefreshFleetStats.class, this::refreshFleetStats),
        handlers.serve(ReapIdleJobs.class, (c, deadline) -> statements.run(SqlQueries.REAP_IDLE_JOBS,
            Tuple.of(seconds(c.idleFor()), c.message(), c.batch()), deadline).map(rows -> rows.rowCount())),
        handlers.serve(CancelOrphanedJobs.class, (c, deadline) -> statements.run(SqlQueries.CANCEL_ORPHANED_JOBS,
            Tuple.of(c.batch()), deadline).map(rows -> rows.rowCount())),
        handlers.serve(DeleteExpiredJobs.class, (c, deadline) -> statements.run(SqlQueries.DELETE_EXPIRED_JOBS,
            Tuple.of(seconds(c.finishedFor()), c.batch()), deadline).map(rows -> rows.rowCount())),
        handlers.serve(ReadChanges.class, this::readChanges),
        handlers.serve(PruneChanges.class, (c, deadline) -> statements.run(SqlQueries.PRUNE_CHANGES,
            Tuple.of(seconds(c.retention()), c.batch()), deadline).map(rows -> count(rows, "deleted"))),
        handlers.serve(AnnounceOffline.class, (c, deadline) -> statements.run(SqlQueries.OFFLINE_TRANSITIONS,
            Tuple.of(seconds(c.offlineAfter())), deadline).map(rows -> count(rows, "moved"))));
  }

  private static int count(RowSet<Row> rows, String column) {
    return Rows.firstRow(rows).getLong(column).intValue();
  }

  private Future<Changes> readChanges(ReadChanges c, long deadline) {
    if (c.after() == null) {
      return statements.run(SqlQueries.CHANGES_NOW, Tuple.tuple(), deadline).map(rows -> {
        Row row = Rows.firstRow(rows);
        return new Changes(List.of(), row.getLong("position"), row.getLong("horizon"));
      });
    }
    return statements.run(SqlQueries.READ_CHANGES, Tuple.of(c.after(), c.limit()), deadline).map(rows -> {
      List<Change> changes = new ArrayList<>();
      long horizon = 0;
      long position = c.after();
      for (Row row : rows) {
        horizon = row.getLong("horizon");
        if (row.getLong("number") != null) {
          position = row.getLong("number");
          changes.add(new Change(position, row.getString("connector_id"), row.getString("change"),
              row.getString("status"), row.getString("error"), instant(row.getOffsetDateTime("last_seen")),
              row.getOffsetDateTime("at").toInstant()));
        }
      }
      return new Changes(changes, position, horizon);
    });
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private Future<Page<ErrorChange>> errorHistory(GetErrorHistory c, long deadline) {
    Tuple args = Tuple.of(c.connectorId(), c.before(), c.size(), c.kept());
    return statements.run(SqlQueries.GET_ERROR_HISTORY, args, deadline).map(rows -> {
      if (!Rows.firstRow(rows).getBoolean("found")) {
        throw StoreException.connectorNotFound(c.connectorId());
      }
      return Rows.toPage(rows, "seq", c.size(), row -> new ErrorChange(row.getLong("seq"),
          row.getOffsetDateTime("at").toInstant(), row.getString("status"), row.getString("error"),
          row.getString("previous_status"), row.getString("previous_error")));
    });
  }

  private Future<Long> pruneErrorHistory(PruneErrorHistory c, long deadline) {
    return statements.run(SqlQueries.PRUNE_ERROR_HISTORY, Tuple.of(c.since(), c.kept()), deadline)
        .map(rows -> Rows.firstRow(rows).getLong("newest"));
  }

  private Future<FleetCounts> fleetStats(GetFleetStats c, long deadline) {
    if (c.scope() != null) {
      return countNow(c, deadline);
    }
    return statements.run(SqlQueries.FLEET_STATS_SNAPSHOT, Tuple.tuple(), deadline).compose(rows -> {
      if (rows.rowCount() == 0) {
        return countNow(c, deadline);
      }
      Row row = Rows.firstRow(rows);
      Map<String, Long> counts = new LinkedHashMap<>();
      JsonObject stored = row.getJsonObject("counts");
      stored.forEach(entry -> counts.put(entry.getKey(), ((Number) entry.getValue()).longValue()));
      return Future.succeededFuture(new FleetCounts(counts, row.getOffsetDateTime("computed_at").toInstant()));
    });
  }

  private Future<FleetCounts> countNow(GetFleetStats c, long deadline) {
    Tuple args = Tuple.of(seconds(c.offlineAfter()), seconds(c.idleJobAfter()));
    if (c.scope() != null) {
      args.addArrayOfString(c.scope().toArray(String[]::new));
    }
    return statements.run(SqlQueries.fleetCounts(c.scope() != null), args, deadline).map(rows -> {
      Row row = Rows.firstRow(rows);
      Map<String, Long> counts = new LinkedHashMap<>();
      for (int i = 0; i < row.size(); i++) {
        counts.put(row.getColumnName(i), row.getLong(i));
      }
      return new FleetCounts(counts, Instant.now());
    });
  }

  private Future<Boolean> refreshFleetStats(RefreshFleetStats c, long deadline) {
    Tuple args = Tuple.of(seconds(c.offlineAfter()), seconds(c.idleJobAfter()), seconds(c.notWithin()));
    return statements.run(SqlQueries.REFRESH_FLEET_STATS, args, deadline).map(rows -> rows.rowCount() == 1);
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
