package dev.connectors.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.Api;
import dev.connectors.support.ServiceEnv;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One store verticle with one connection and a 1 s store timeout (so PostgreSQL's
 * statement_timeout is 500 ms): a row lock held by the test keeps statements waiting.
 */
@DisplayName("A request answered 503 never takes effect later")
@ServiceEnv({"EVENT_LOOPS=1", "DB_POOL_SIZE=1", "STORE_TIMEOUT_MS=1000"})
class CommandDeadlineTest extends ServiceTest {

  @Test
  @DisplayName("a statement that waits past its time is rolled back: 503 'not applied', and the row is untouched once the lock goes")
  void sentStatementEndsBeforeTheAnswer() throws Exception {
    String id = newConnector("deadline");
    try (Connection lock = lockRow(id)) {
      long start = System.nanoTime();
      var response = api.put("/_connector/" + id + "/_name", "{\"name\":\"too late\"}");
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_500);
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.json().getJsonObject("error").getString("reason")).contains("not applied");
      assertThat(response.headers().get("retry-after")).containsExactly("1");
      lock.rollback();
    }
    assertThat(TestDatabase.row("SELECT name FROM connectors WHERE id = ?", id)).containsEntry("name", "");
  }

  @Test
  @DisplayName("a command that waited too long for a connection or a batch is dropped unsent: 503 'not applied', no trace")
  void queuedCommandIsDroppedUnsent() throws Exception {
    String locked = newConnector("deadline");
    String free = newConnector("deadline");
    String freeError = newConnector("deadline");
    try (Connection lock = lockRow(locked)) {
      // holds the only connection for its 500 ms
      CompletableFuture<Api.Response> blocked = CompletableFuture.supplyAsync(
          () -> api.put("/_connector/" + locked + "/_name", "{\"name\":\"blocked\"}"));
      waitUntilWaitingOnLock();
      // wait behind it for the connection, and (update-error) behind the batch in flight
      CompletableFuture<Api.Response> queued = CompletableFuture.supplyAsync(
          () -> api.put("/_connector/" + free + "/_name", "{\"name\":\"queued\"}"));
      var lockedError = CompletableFuture.supplyAsync(
          () -> api.put("/_connector/" + locked + "/_error", "{\"error\":\"blocked\"}"));
      waitUntilWaitingOnLock();
      var queuedError = CompletableFuture.supplyAsync(
          () -> api.put("/_connector/" + freeError + "/_error", "{\"error\":\"queued\"}"));
      for (var answer : new CompletableFuture[] {blocked, queued, lockedError, queuedError}) {
        Api.Response response = (Api.Response) answer.get(5, TimeUnit.SECONDS);
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.body()).contains("not applied");
      }
      lock.rollback();
    }
    assertThat(TestDatabase.row("SELECT name FROM connectors WHERE id = ?", free)).containsEntry("name", "");
    assertThat(TestDatabase.row("SELECT error FROM connectors WHERE id = ?", freeError)).containsEntry("error", null);
    assertThat(TestDatabase.row("SELECT name, error FROM connectors WHERE id = ?", locked))
        .containsEntry("name", "").containsEntry("error", null);
  }


  /** A transaction of the test's own that holds the row's lock until it is rolled back. */
  private static Connection lockRow(String id) throws Exception {
    var url = TestDatabase.url();
    Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
    connection.setAutoCommit(false);
    try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM connectors WHERE id = ? FOR UPDATE")) {
      s.setString(1, id);
      s.executeQuery();
    }
    return connection;
  }

  /** Until a statement of the service waits on a row lock. */
  private static void waitUntilWaitingOnLock() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (TestDatabase.row("SELECT 1 AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        + "AND application_name = 'connector-service' AND datname = current_database()") == null) {
      assertThat(System.nanoTime()).as("a statement waits on the lock").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
