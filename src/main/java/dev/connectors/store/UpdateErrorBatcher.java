package dev.connectors.store;

import dev.connectors.model.UpdateError;
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

/**
 * Coalesces concurrent update-error commands into one statement ({@link SqlQueries#UPDATE_ERRORS}).
 * Natural batching, no timer: a command goes out at once while fewer than {@code maxInFlight}
 * statements are running; otherwise it waits, and when a statement returns, everything waiting
 * (up to {@code maxBatch}) goes out as the next one. A lone request is never delayed. Each
 * request still gets its own answer: the one it would get as a statement of its own.
 * Confined to its verticle's event loop, so it needs no locks.
 */
final class UpdateErrorBatcher {

  private record Waiting(UpdateError command, Promise<WriteResult> answer) {
  }

  private final Pool pool;
  private final int maxBatch;
  private final int maxInFlight;
  private final int maxWaiting;
  private final DistributionSummary batchSizes;
  private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
  private int inFlight;

  UpdateErrorBatcher(Pool pool, int maxBatch, int maxInFlight, int maxWaiting,
      DistributionSummary batchSizes) {
    this.pool = pool;
    this.batchSizes = batchSizes;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.maxWaiting = maxWaiting;
  }

  /** The command's answer; refused at once (OVERLOADED) when {@code maxWaiting} already wait. */
  Future<WriteResult> submit(UpdateError command) {
    if (queue.size() >= maxWaiting) {
      return Future.failedFuture(new StoreException(StoreError.OVERLOADED,
          "rejected execution: [" + queue.size() + "] update-error requests are waiting already"));
    }
    Promise<WriteResult> answer = Promise.promise();
    queue.add(new Waiting(command, answer));
    if (inFlight < maxInFlight) {
      sendNextBatch();
    }
    return answer.future();
  }

  private void sendNextBatch() {
    if (queue.isEmpty()) {
      return;
    }
    List<Waiting> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.poll());
    }
    String[] ids = new String[batch.size()];
    String[] errors = new String[batch.size()];
    String[] statuses = new String[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      UpdateError command = batch.get(i).command();
      ids[i] = command.id();
      errors[i] = command.error();
      statuses[i] = command.status().wireName();
    }
    inFlight++;
    batchSizes.record(batch.size());
    pool.preparedQuery(SqlQueries.UPDATE_ERRORS)
        .execute(Tuple.of(ids, errors, statuses))
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

  private static void answer(List<Waiting> batch, RowSet<Row> rows) {
    for (Row row : rows) {
      Waiting waiting = batch.get((int) row.getLong("ord").longValue() - 1);
      if (!row.getBoolean("found")) {
        waiting.answer().fail(StoreException.connectorNotFound(waiting.command().id()));
      } else {
        waiting.answer().complete(row.getBoolean("changed") ? WriteResult.UPDATED : WriteResult.NOOP);
      }
    }
  }
}
