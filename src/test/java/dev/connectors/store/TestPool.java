package dev.connectors.store;

import dev.connectors.config.AppConfig;
import dev.connectors.support.TestDatabase;
import dev.connectors.model.StoreCommand;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * For tests of the store's parts without the service around them: a pool on this run's
 * migrated test database, connected as the store verticle connects.
 */
final class TestPool {

  private TestPool() {
  }

  static Pool open(Vertx vertx) {
    AppConfig config = AppConfig.fromEnv(Map.of("DATABASE_URL", TestDatabase.url().url()));
    DatabaseMigrator.migrate(config.database());
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(StoreVerticle.connectOptions(config)).using(vertx).build();
  }

  /**
   * Submits every command from the event loop of {@code context} at once to a batcher made
   * there (the first goes alone, the rest queue), and gives each command's answer as
   * {@code shown}, or as {@code failed} makes of its failure (a failed future fails the call).
   */
  static <C extends StoreCommand<R>, R, S> List<S> submitAtOnce(Context context,
      Supplier<CoalescingBatcher<C, R>> batchers, List<C> commands, Function<R, S> shown,
      Function<Throwable, Future<S>> failed) throws Exception {
    CompletableFuture<List<S>> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      CoalescingBatcher<C, R> batcher = batchers.get();
      List<Future<S>> answers = commands.stream()
          .map(command -> batcher.submit(command, System.currentTimeMillis() + 30_000).map(shown).recover(failed))
          .toList();
      Future.all(answers).onComplete(
          all -> done.complete(answers.stream().map(Future::result).toList()),
          done::completeExceptionally);
    });
    return done.get(30, TimeUnit.SECONDS);
  }

  /** For {@link #submitAtOnce}: a 404 shown as {@code notFound}; any other failure fails the call. */
  static <S> Function<Throwable, Future<S>> notFoundAs(S notFound) {
    return failure -> failure instanceof StoreException e && e.error() == StoreError.NOT_FOUND
        ? Future.succeededFuture(notFound) : Future.failedFuture(failure);
  }
}
