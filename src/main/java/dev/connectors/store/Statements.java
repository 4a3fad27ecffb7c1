package dev.connectors.store;

import dev.connectors.model.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.LongSupplier;

/**
 * Runs one statement for a command that has a deadline (its request is answered 503 then), so
 * that a command can never take effect after its request was answered:
 * <ul>
 *   <li>a command is sent only while at least {@code statementTimeoutMillis} (plus a margin)
 *       of its time is left, before and after it waited for a connection; otherwise it is
 *       dropped unsent, and its answer says it was not applied;</li>
 *   <li>PostgreSQL ends any statement after {@code statementTimeoutMillis}
 *       ({@code statement_timeout}, set on every connection of the pool), so one that was sent
 *       commits or is rolled back before the deadline.</li>
 * </ul>
 * A failure before the statement was sent (no connection, deadline passed) is "not applied";
 * only a connection that breaks while the statement runs leaves the outcome unknown.
 */
final class Statements {

  /** Time for the answer to travel back to the HTTP side after PostgreSQL is done. */
  static final long MARGIN_MILLIS = 100;

  private final Pool pool;
  private final long statementTimeoutMillis;
  private final LongSupplier clock;

  Statements(Pool pool, long statementTimeoutMillis, LongSupplier clock) {
    this.pool = pool;
    this.statementTimeoutMillis = statementTimeoutMillis;
    this.clock = clock;
  }

  /** Whether a command with this deadline may still be sent. */
  boolean canStart(long deadline) {
    return deadline - clock.getAsLong() >= statementTimeoutMillis + MARGIN_MILLIS;
  }

  Future<RowSet<Row>> run(String sql, Tuple args, long deadline) {
    if (!canStart(deadline)) {
      return Future.failedFuture(tooLate());
    }
    return pool.getConnection()
        .recover(failure -> Future.failedFuture(notSent(failure)))
        .compose(connection -> {
          if (!canStart(deadline)) {
            connection.close();
            return Future.failedFuture(tooLate());
          }
          return execute(connection, sql, args);
        });
  }

  private static Future<RowSet<Row>> execute(SqlConnection connection, String sql, Tuple args) {
    // returning the connection cannot change the statement's outcome
    return connection.preparedQuery(sql).execute(args)
        .eventually(() -> connection.close().recover(ignored -> Future.succeededFuture()));
  }

  static StoreException tooLate() {
    return new StoreException(StoreError.UNAVAILABLE, "the request waited too long for the database "
        + "(STORE_TIMEOUT_MS); the request was not applied");
  }

  /** Anything that kept a connection from being had: nothing was sent. */
  private static Throwable notSent(Throwable failure) {
    StoreException classified = StoreErrors.classify(failure);
    return classified.error() == StoreError.OUTCOME_UNKNOWN
        ? new StoreException(StoreError.UNAVAILABLE, "no database connection could be had ("
            + failure.getClass().getSimpleName() + "); the request was not applied")
        : classified;
  }

  /** $1 an id, $2 the connectors the caller may reach (null: all): the arguments of a read or write within a scope. */
  static Tuple idWithin(String id, java.util.List<String> scope) {
    return Tuple.tuple().addString(id).addArrayOfString(scope(scope));
  }

  /** The connectors a caller may reach as a statement's text[] argument (null: all). */
  static String[] scope(java.util.List<String> scope) {
    return scope == null ? null : scope.toArray(String[]::new);
  }

  /** Runs a statement of {@code SqlQueries.conditionalUpdate} and reads its verdict. */
  Future<WriteResult> conditionalUpdate(String sql, String id, JsonObject patch,
      Supplier<StoreException> notFound, long deadline) {
    return conditionalUpdate(sql, Tuple.of(id, patch), notFound, deadline);
  }

  /** The same with the statement's own arguments. */
  Future<WriteResult> conditionalUpdate(String sql, Tuple args, Supplier<StoreException> notFound, long deadline) {
    return run(sql, args, deadline).map(rows -> {
      Row row = Rows.firstRow(rows);
      if (!row.getBoolean("found")) {
        throw notFound.get();
      }
      String violation = row.getString("violation");
      if (violation != null) {
        throw new StoreException(StoreError.RULE_VIOLATION, violation);
      }
      return row.getBoolean("changed") ? WriteResult.UPDATED : WriteResult.NOOP;
    });
  }
}
