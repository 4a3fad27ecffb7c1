package dev.connectors.store;

import dev.connectors.model.StoreCommand;
import dev.connectors.model.WriteResult;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
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
 * ({@link SqlQueries#UPDATE_ERRORS}), check-ins ({@link SqlQueries#CHECK_INS}) and reads of one
 * connector ({@link SqlQueries#GET_CONNECTORS}). The statement takes the batch as arrays;
 * {@link Answers} turns its rows into each command's own answer.
 * Natural batching, no timer: a command goes out at once while fewer than {@code maxInFlight}
 * statements are running; otherwise it waits, and when a statement returns, everything waiting
 * (up to {@code maxBatch}) goes out as the next one. A lone request is never delayed. Each
 * request still gets its own answer: the one it would get as a statement of its own.
 * Confined to its verticle's event loop, so it needs no locks.
 */
final class CoalescingBatcher<C extends StoreCommand<R>, R> {

  /** Each command's answer from the rows of the batch's statement, in the batch's order. */
  interface Answers<C, R> {
    List<Future<R>> of(List<C> batch, RowSet<Row> rows);
  }

  private record Waiting<C, R>(C command, long deadline, Promise<R> answer) {
  }

  private final Statements statements;
  private final String sql;
  private final Function<List<C>, Tuple> arguments;
  private final Answers<C, R> answers;
  private final int maxBatch;
  private final int maxInFlight;
  private final int maxWaiting;
  private final DistributionSummary batchSizes;
  private final ArrayDeque<Waiting<C, R>> queue = new ArrayDeque<>();
  private int inFlight;

  /**
   * @param arguments the statement's parameters for a batch, in arrival order
   * @param answers each command's answer from the statement's rows
   */
  CoalescingBatcher(Statements statements, String sql, Function<List<C>, Tuple> arguments, Answers<C, R> answers,
      int maxBatch, int maxInFlight, int maxWaiting, DistributionSummary batchSizes) {
    this.statements = statements;
    this.sql = sql;
    this.arguments = arguments;
    this.answers = answers;
    this.batchSizes = batchSizes;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.maxWaiting = maxWaiting;
  }

  /** The command's answer; refused at once (OVERLOADED) when {@code maxWaiting} already wait. */
  Future<R> submit(C command, long deadline) {
    if (queue.size() >= maxWaiting) {
      return Future.failedFuture(new StoreException(StoreError.OVERLOADED,
          "rejected execution: [" + queue.size() + "] requests of this kind are waiting already"));
    }
    Promise<R> answer = Promise.promise();
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
    List<Waiting<C, R>> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      Waiting<C, R> next = queue.poll();
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

  private Future<Void> run(List<Waiting<C, R>> batch) {
    long earliest = batch.stream().mapToLong(Waiting::deadline).min().orElseThrow();
    List<C> commands = batch.stream().map(Waiting::command).toList();
    return statements.run(sql, arguments.apply(commands), earliest)
        .map(rows -> {
          List<Future<R>> results = answers.of(commands, rows);
          for (int i = 0; i < batch.size(); i++) {
            Future<R> result = results.get(i);
            batch.get(i).answer().handle(result != null ? result
                : Future.failedFuture(new IllegalStateException("the batch statement gave no answer for a command")));
          }
          return null;
        });
  }

  /** Each command as a statement of its own, in arrival order: what the batch would have answered. */
  private Future<Void> oneByOne(List<Waiting<C, R>> batch, int index) {
    if (index == batch.size()) {
      return Future.succeededFuture();
    }
    List<Waiting<C, R>> single = List.of(batch.get(index));
    return run(single).recover(failure -> failAll(single, failure)).compose(done -> oneByOne(batch, index + 1));
  }

  private Future<Void> failAll(List<Waiting<C, R>> batch, Throwable failure) {
    batch.forEach(waiting -> waiting.answer().tryFail(failure));
    return Future.succeededFuture();
  }

  /** A statement PostgreSQL refused for what it carried, not for where or when it ran. */
  private static boolean isolatable(Throwable failure) {
    StoreError error = StoreErrors.classify(failure).error();
    return error == StoreError.INVALID_VALUE || error == StoreError.DATABASE_FAILURE;
  }

  /**
   * The answers of a coalesced write: one row per command with the columns {@code ord} (its
   * place in the batch, from 1), {@code found} and {@code changed}.
   */
  static <C> Answers<C, WriteResult> writes(Function<C, String> connectorId) {
    return writes(connectorId, CoalescingBatcher::writeResult);
  }

  /** {@link #writes(Function)}, each found command's answer read from its row by {@code answer}. */
  static <C, R> Answers<C, R> writes(Function<C, String> connectorId, Function<Row, R> answer) {
    return (batch, rows) -> {
      List<Future<R>> results = new ArrayList<>(java.util.Collections.nCopies(batch.size(), null));
      for (Row row : rows) {
        int index = (int) row.getLong("ord").longValue() - 1;
        results.set(index, !row.getBoolean("found")
            ? Future.failedFuture(StoreException.connectorNotFound(connectorId.apply(batch.get(index))))
            : Future.succeededFuture(answer.apply(row)));
      }
      return results;
    };
  }

  /** The histogram of how many requests went into each statement ({@code connector_service_batch_size}). */
  static DistributionSummary batchSizes(MeterRegistry registry, String statement) {
    return DistributionSummary.builder("connector_service_batch_size")
        .description("requests coalesced into one statement")
        .tag("statement", statement)
        .publishPercentileHistogram()
        .register(registry);
  }

  static WriteResult writeResult(Row row) {
    return row.getBoolean("changed") ? WriteResult.UPDATED : WriteResult.NOOP;
  }
}
