package dev.connectors.store;

import dev.connectors.config.AppConfig;
import dev.connectors.model.CheckReady;
import dev.connectors.model.StoreCommand;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The event-bus worker: owns a non-blocking PostgreSQL pool and consumes the store commands,
 * each run as one SQL statement by its feature's store ({@link ConnectorStore},
 * {@link SyncJobStore}, {@link KeyStore}, {@link SecretStore}), and replies with the result or a
 * {@link StoreError} ({@link StoreErrors}). One instance per event loop, up to
 * {@code DB_POOL_SIZE}; each owns a share of the connections.
 */
public class StoreVerticle extends VerticleBase implements CommandHandlers {

  private static final DeliveryOptions REPLY = LocalCodec.options();

  private final AppConfig config;
  private final MeterRegistry registry;
  private Pool pool;
  private Statements statements;

  public StoreVerticle(AppConfig config, MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    LocalCodec.registerOn(vertx.eventBus());
    var targets = new PostgresTargets(vertx, config);
    pool = PgBuilder.pool()
        .with(new PoolOptions()
            .setName("connector-store@" + Thread.currentThread().getName())
            .setMaxSize(config.poolSizePerStore())
            .setMaxWaitQueueSize(config.dbWaitQueueMax())
            .setConnectionTimeout((int) config.storeTimeoutMillis())
            .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
            .setMaxLifetime((int) config.dbMaxLifetimeMillis())
            .setMaxLifetimeUnit(TimeUnit.MILLISECONDS))
        .with(new NetClientOptions().setConnectTimeout(targets.connectTimeoutMillis()))
        // PostgreSQL ends every statement in time for its request's deadline (see Statements)
        .connectingTo(() -> targets.chooser().get().map(options -> new PgConnectOptions(options)
            .addProperty("statement_timeout", Long.toString(config.statementTimeoutMillis()))))
        .using(vertx)
        .build();
    statements = new Statements(pool, config.statementTimeoutMillis(), System::currentTimeMillis);
    List<MessageConsumer<?>> consumers = new ArrayList<>();
    consumers.add(serve(CheckReady.class, this::checkReady));
    consumers.addAll(new ConnectorStore(vertx, statements, config, registry).register(this));
    consumers.addAll(new SyncJobStore(vertx, statements).register(this));
    consumers.addAll(new KeyStore(statements).register(this));
    consumers.addAll(new SecretStore(statements).register(this));
    consumers.addAll(new FleetStore(statements).register(this));
    consumers.addAll(new IndexViewStore(vertx, statements, config, registry).register(this));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }

  /** The connection options of the first host of DATABASE_URL (tests connect with them directly). */
  public static PgConnectOptions connectOptions(AppConfig config) {
    return PostgresTargets.options(config.database(), config.database().hosts().get(0));
  }

  /** Ready: migrated, and writable (not a standby, not recovering, not set read-only). */
  private Future<Boolean> checkReady(CheckReady c, long deadline) {
    return statements.run(SqlQueries.READY, Tuple.tuple(), deadline).map(rows -> {
      Row row = Rows.firstRow(rows);
      if (row.getBoolean("read_only")) {
        throw new StoreException(StoreError.UNAVAILABLE, "the database is read-only (a standby, or a primary "
            + "still recovering): writes would fail");
      }
      return row.getLong("migrations") > 0;
    });
  }

  @Override
  public <C extends StoreCommand<R>, R> MessageConsumer<C> serve(Class<C> type,
      BiFunction<C, Long, Future<R>> handler) {
    return vertx.eventBus().<C>localConsumer(StoreAddress.of(type), message -> {
      String deadline = message.headers().get(StoreClient.DEADLINE_HEADER);
      handler.apply(message.body(), deadline == null ? System.currentTimeMillis() + config.storeTimeoutMillis()
              : Long.parseLong(deadline))
          .onComplete(result -> message.reply(result, REPLY), failure -> StoreErrors.replyFailure(message, failure));
    });
  }
}
