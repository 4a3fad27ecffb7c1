package dev.connectors.store;

import dev.connectors.model.StoreCommand;
import dev.connectors.model.WriteResult;
import io.micrometer.core.instrument.DistributionSummary;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
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

  private record Waiting<C>(C command, Promise<WriteResult> answer) {
  }

  private final Pool pool;
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
  CoalescingBatcher(Pool pool, String sql, Function<List<C>, Tuple> arguments, Function<C, String> connectorId,
      int maxBatch, int maxInFlight, int maxWaiting, DistributionSummary batchSizes) {
    this.pool = pool;
    this.sql = sql;
    this.arguments = arguments;
    this.connectorId = connectorId;
    this.batchSizes = batchSizes;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.maxWaiting = maxWaiting;
  }

  /** The command's answer; refused at once (OVERLOADED) when {@code maxWaiting} already wait. */
  Future<WriteResult> submit(C command) {
    if (queue.size() >= maxWaiting) {
      return Future.failedFuture(new StoreException(StoreError.OVERLOADED,
          "rejected execution: [" + queue.size() + "] requests of this kind are waiting already"));
    }
    Promise<WriteResult> answer = Promise.promise();
    queue.add(new Waiting<>(command, answer));
    if (inFlight < maxInFlight) {
      sendNextBatch();
    }
    return answer.future();
  }

  private void sendNextBatch() {
    if (queue.isEmpty()) {
      return;
    }
    List<Waiting<C>> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.poll());
    }
    inFlight++;
    batchSizes.record(batch.size());
    pool.preparedQuery(sql)
        .execute(arguments.apply(batch.stream().map(Waiting::command).toList()))
        .onComplete(result -> {
          inFlight--;
          if (result.succeeded()) {
            answer(batch, result.result());
          } else {
            batch.forEach(waiting -> waiting.answer().fail(result.cause()));
          }
          sendNextBatch();
        });
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
