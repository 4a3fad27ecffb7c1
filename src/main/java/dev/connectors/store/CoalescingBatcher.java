package dev.connectors.store;

import dev.connectors.model.StoreCommand;
import dev.connectors.model.WriteResult;
import io.micrometer.core.instrument.DistributionSummary;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Coalesces concurrent commands of one kind into one statement: the update-error API
 * ({@link SqlQueries#UPDATE_ERRORS}) and check-ins ({@link SqlQueries#CHECK_INS}). The statement
 * takes the batch as arrays and answers one row per command in arrival order, with the columns
 * {@code ord}, {@code found} and {@code changed}.
 * Natural batching, no timer: a command goes out at once while fewer than {@code maxInFlight}
 * statements are running; otherwise it waits, and when a statement returns, everything waiting
 * (up to {@code maxBatch}) goes out as the next one. A lone request is never delayed. Each
 * request still gets its own answer: the one it would get as a statement of its own.
 * Confined to its verticle's event loop, so it needs no locks.
 */
final class CoalescingBatcher<C extends StoreCommand<WriteResult>> {

  private record Waiting<C>(C command, long deadline, Promise<WriteResult> answer) {
  }

  private final Statements statements;
  private final String sql;
  private final Function<List<C>, Tuple> arguments;
  private final Function<C, String> connectorId;
  private final int maxBatch;
  private final int maxInFlight;
  private final int maxWaiting;
  private final DistributionSummary batchSizes;
  private final ArrayDeque<Waiting<C>> queue = new ArrayDeque<>();
  private int inFlight;

  /**
   * @param arguments the statement's parameters for a batch, in arrival order
   * @param connectorId the connector a command is about, for a 404's reason
   */
  CoalescingBatcher(Statements statements, String sql, Function<List<C>, Tuple> arguments, Function<C, String> connectorId,
      int maxBatch, int maxInFlight, int maxWaiting, DistributionSummary batchSizes) {
    this.statements = statements;
    this.sql = sql;
    this.arguments = arguments;
    this.connectorId = connectorId;
    this.batchSizes = batchSizes;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.maxWaiting = maxWaiting;
  }

  /** The command's answer; refused at once (OVERLOADED) when {@code maxWaiting} already wait. */
  Future<WriteResult> submit(C command, long deadline) {
    if (queue.size() >= maxWaiting) {
      return Future.failedFuture(new StoreException(StoreError.OVERLOADED,
          "rejected execution: [" + queue.size() + "] requests of this kind are waiting already"));
    }
    Promise<WriteResult> answer = Promise.promise();
    queue.add(new Waiting<>(command, deadline, answer));
    if (inFlight < maxInFlight) {
      sendNextBatch();
    }
    return answer.future();
  }

  /**
   * Sends what waits as one statement. Commands whose deadline is too near to be sent are
   * answered "not applied" and left out. If the statement fails for a reason of its own (not a
   * connection or availability problem), no command of it took effect, and each is run again
   * as a statement of its own, so that one bad command cannot fail the others.
   */
  private void sendNextBatch() {
    List<Waiting<C>> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      Waiting<C> next = queue.poll();
      if (statements.canStart(next.deadline())) {
        batch.add(next);
      } else {
        next.answer().fail(Statements.tooLate());
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    inFlight++;
    batchSizes.record(batch.size());
    run(batch).compose(done -> Future.<Void>succeededFuture(), failure -> batch.size() > 1 && isolatable(failure)
            ? oneByOne(batch, 0) : failAll(batch, failure))
        .onComplete(finished -> {
          inFlight--;
          sendNextBatch();
        });
  }

  private Future<Void> run(List<Waiting<C>> batch) {
    long earliest = batch.stream().mapToLong(Waiting::deadline).min().orElseThrow();
    return statements.run(sql, arguments.apply(batch.stream().map(Waiting::command).toList()), earliest)
        .map(rows -> {
          answer(batch, rows);
          return null;
        });
  }

  /** Each command as a statement of its own, in arrival order: what the batch would have answered. */
  private Future<Void> oneByOne(List<Waiting<C>> batch, int index) {
    if (index == batch.size()) {
      return Future.succeededFuture();
    }
    List<Waiting<C>> single = List.of(batch.get(index));
    return run(single).recover(failure -> failAll(single, failure)).compose(done -> oneByOne(batch, index + 1));
  }

  private Future<Void> failAll(List<Waiting<C>> batch, Throwable failure) {
    batch.forEach(waiting -> waiting.answer().tryFail(failure));
    return Future.succeededFuture();
  }

  /** A statement PostgreSQL refused for what it carried, not for where or when it ran. */
  private static boolean isolatable(Throwable failure) {
    StoreError error = StoreErrors.classify(failure).error();
    return error == StoreError.INVALID_VALUE || error == StoreError.DATABASE_FAILURE;
  }

  private void answer(List<Waiting<C>> batch, RowSet<Row> rows) {
    for (Row row : rows) {
      Waiting<C> waiting = batch.get((int) row.getLong("ord").longValue() - 1);
      if (!row.getBoolean("found")) {
        waiting.answer().fail(StoreException.connectorNotFound(connectorId.apply(waiting.command())));
      } else {
        waiting.answer().complete(row.getBoolean("changed") ? WriteResult.UPDATED : WriteResult.NOOP);
      }
    }
  }
}
