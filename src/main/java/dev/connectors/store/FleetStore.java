package dev.connectors.store;

import dev.connectors.model.FleetCommands.ErrorChange;
import dev.connectors.model.FleetCommands.ErrorHistory;
import dev.connectors.model.FleetCommands.GetErrorHistory;
import dev.connectors.model.FleetCommands.PruneErrorHistory;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** The fleet commands (beyond Elasticsearch): error history, and its pruning. */
final class FleetStore {

  private final Statements statements;

  FleetStore(Statements statements) {
    this.statements = statements;
  }

  List<MessageConsumer<?>> register(CommandHandlers handlers) {
    return List.of(
        handlers.serve(GetErrorHistory.class, this::errorHistory),
        handlers.serve(PruneErrorHistory.class, this::pruneErrorHistory));
  }

  private Future<ErrorHistory> errorHistory(GetErrorHistory c, long deadline) {
    Tuple args = Tuple.of(c.connectorId(), c.before(), c.size(), c.kept());
    return statements.run(SqlQueries.GET_ERROR_HISTORY, args, deadline).map(rows -> {
      List<ErrorChange> changes = new ArrayList<>();
      long total = 0;
      for (Row row : rows) {
        if (!row.getBoolean("found")) {
          throw StoreException.connectorNotFound(c.connectorId());
        }
        total = row.getLong("total");
        if (row.getLong("seq") != null) {
          changes.add(new ErrorChange(row.getLong("seq"), row.getOffsetDateTime("at").toInstant(),
              row.getString("status"), row.getString("error"), row.getString("previous_status"),
              row.getString("previous_error")));
        }
      }
      boolean more = changes.size() > c.size();
      return new ErrorHistory(total, List.copyOf(more ? changes.subList(0, c.size()) : changes), more);
    });
  }

  private Future<Long> pruneErrorHistory(PruneErrorHistory c, long deadline) {
    return statements.run(SqlQueries.PRUNE_ERROR_HISTORY, Tuple.of(c.since(), c.kept()), deadline)
        .map(rows -> Rows.firstRow(rows).getLong("newest"));
  }
}
