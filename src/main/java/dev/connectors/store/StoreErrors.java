package dev.connectors.store;

import io.vertx.core.eventbus.Message;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.json.DecodeException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that decides what a failure of the store means for the client, and logs it. */
final class StoreErrors {

  private static final Logger LOG = LoggerFactory.getLogger(StoreErrors.class);
  /** What the pool answers once it is closed (during shutdown): nothing was sent. */
  private static final String POOL_CLOSED = "Pool closed";

  private StoreErrors() {
  }

  static void replyFailure(Message<?> message, Throwable failure) {
    StoreException e = classify(failure);
    if ((e.error() == StoreError.OUTCOME_UNKNOWN && !(failure instanceof ClosedConnectionException))
        || e.error() == StoreError.UNREADABLE) {
      LOG.warn("store command {} failed unexpectedly", message.body().getClass().getSimpleName(), failure);
    } else if (e.error() == StoreError.DATABASE_FAILURE || e.error() == StoreError.UNAVAILABLE
        || e.error() == StoreError.OUTCOME_UNKNOWN) {
      LOG.warn("store command {} failed: {}", message.body().getClass().getSimpleName(),
          failure.toString());
    }
    message.fail(e.error().code(), e.getMessage());
  }

  /**
   * Maps what PostgreSQL or the pool said to a {@link StoreError}, never leaking SQL text. A
   * statement PostgreSQL answered with an error was rolled back; only a connection that broke
   * while a statement ran leaves its outcome unknown, and the reason says so.
   */
  static StoreException classify(Throwable failure) {
    if (failure instanceof StoreException e) {
      return e;
    }
    if (failure instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      if (state.startsWith("22")) {
        return new StoreException(StoreError.INVALID_VALUE,
            "PostgreSQL cannot store a value of this request: " + pg.getErrorMessage());
      }
      if (state.equals("25006")) {
        return new StoreException(StoreError.UNAVAILABLE,
            "the database is read-only (a standby, or a primary still recovering); the request was not applied");
      }
      if (state.equals("57014")) {
        return new StoreException(StoreError.UNAVAILABLE, "the statement ran out of time and was rolled back "
            + "(statement_timeout); the request was not applied");
      }
      if (state.startsWith("08") || state.startsWith("57") || state.startsWith("53")) {
        return new StoreException(StoreError.UNAVAILABLE,
            "the database is unavailable [" + state + "]; the request was not applied");
      }
      return new StoreException(StoreError.DATABASE_FAILURE,
          "the database refused the operation [" + state + "]");
    }
    if (failure instanceof DecodeException) {
      return new StoreException(StoreError.UNREADABLE, "a stored document cannot be read back: " + failure.getMessage());
    }
    if (failure instanceof ConnectionPoolTooBusyException) {
      return new StoreException(StoreError.OVERLOADED,
          "rejected execution: too many requests wait for a database connection");
    }
    if (failure instanceof ConnectException || failure instanceof NoRouteToHostException
        || failure instanceof UnknownHostException || POOL_CLOSED.equals(failure.getMessage())) {
      return new StoreException(StoreError.UNAVAILABLE,
          "the database cannot be reached; the request was not applied");
    }
    // a broken connection, or anything unforeseen: the statement may have run
    return new StoreException(StoreError.OUTCOME_UNKNOWN, "the connection to the database broke while "
        + "the request ran; a write may or may not have been applied, retry it");
  }
}
