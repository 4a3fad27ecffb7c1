package dev.connectors.store;

import dev.connectors.config.AppConfig;
import dev.connectors.model.CheckReady;
import dev.connectors.model.Connector;
import dev.connectors.model.ConnectorUpdate;
import dev.connectors.model.CreateConnector;
import dev.connectors.model.DeleteConnector;
import dev.connectors.model.GetConnector;
import dev.connectors.model.ListConnectors;
import dev.connectors.model.Page;
import dev.connectors.model.SecretCommands.DeleteSecret;
import dev.connectors.model.SecretCommands.GetSecret;
import dev.connectors.model.SecretCommands.StoreSecret;
import dev.connectors.model.SecurityCommands.AdminPasswordHash;
import dev.connectors.model.SecurityCommands.ApiKey;
import dev.connectors.model.SecurityCommands.CreateApiKey;
import dev.connectors.model.SecurityCommands.FindApiKey;
import dev.connectors.model.SecurityCommands.Invalidation;
import dev.connectors.model.SecurityCommands.InvalidateApiKeys;
import dev.connectors.model.SecurityCommands.ListApiKeys;
import dev.connectors.model.SecurityCommands.UpgradeAdminPasswordHash;
import dev.connectors.model.StoreCommand;
import dev.connectors.model.SyncJob;
import dev.connectors.model.SyncJobCommands.CreateSyncJob;
import dev.connectors.model.SyncJobCommands.DeleteSyncJob;
import dev.connectors.model.SyncJobCommands.GetSyncJob;
import dev.connectors.model.SyncJobCommands.ListSyncJobs;
import dev.connectors.model.SyncJobCommands.UpdateSyncJob;
import dev.connectors.model.UpdateConnector;
import dev.connectors.model.UpdateError;
import dev.connectors.model.WriteResult;
import dev.connectors.security.SecretBox.Sealed;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-bus worker: consumes store commands, runs each as one SQL statement on its own
 * non-blocking PostgreSQL pool, and replies with the result or a {@link StoreError}. One
 * instance runs per event loop; each owns a share of the configured connections.
 */
public class StoreVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StoreVerticle.class);
  private static final DeliveryOptions REPLY = LocalCodec.options();
  /** What the pool answers once it is closed (during shutdown): nothing was sent. */
  private static final String POOL_CLOSED = "Pool closed";

  private final AppConfig config;
  private final MeterRegistry registry;
  private Pool pool;
  private Statements statements;
  private CoalescingBatcher<UpdateError> errorBatcher;
  private CoalescingBatcher<UpdateConnector> checkInBatcher;

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
    int batchesInFlight = Math.min(config.errorBatchesInFlight(), config.poolSizePerStore());
    errorBatcher = new CoalescingBatcher<>(statements, SqlQueries.UPDATE_ERRORS, StoreVerticle::updateErrorArguments,
        UpdateError::id, config.errorBatchMax(), batchesInFlight, config.dbWaitQueueMax(), batchSizes("update_error"));
    checkInBatcher = new CoalescingBatcher<>(statements, SqlQueries.CHECK_INS,
        commands -> Tuple.of(commands.stream().map(UpdateConnector::id).toArray(String[]::new)),
        UpdateConnector::id, config.errorBatchMax(), batchesInFlight, config.dbWaitQueueMax(), batchSizes("check_in"));
    List<MessageConsumer<?>> consumers = List.of(
        serve(CheckReady.class, this::checkReady),
        serve(CreateConnector.class, this::createConnector),
        serve(GetConnector.class, this::getConnector),
        serve(DeleteConnector.class, this::deleteConnector),
        serve(UpdateError.class, errorBatcher::submit),
        serve(UpdateConnector.class, this::updateConnector),
        serve(ListConnectors.class, this::listConnectors),
        serve(CreateSyncJob.class, this::createSyncJob),
        serve(GetSyncJob.class, this::getSyncJob),
        serve(ListSyncJobs.class, this::listSyncJobs),
        serve(DeleteSyncJob.class, this::deleteSyncJob),
        serve(UpdateSyncJob.class, this::updateSyncJob),
        serve(CreateApiKey.class, this::createApiKey),
        serve(FindApiKey.class, this::findApiKey),
        serve(ListApiKeys.class, this::listApiKeys),
        serve(InvalidateApiKeys.class, this::invalidateApiKeys),
        serve(AdminPasswordHash.class, this::adminPasswordHash),
        serve(UpgradeAdminPasswordHash.class, this::upgradeAdminPasswordHash),
        serve(StoreSecret.class, this::storeSecret),
        serve(GetSecret.class, this::getSecret),
        serve(DeleteSecret.class, this::deleteSecret));
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
      Row row = firstRow(rows);
      if (row.getBoolean("read_only")) {
        throw new StoreException(StoreError.UNAVAILABLE, "the database is read-only (a standby, or a primary "
            + "still recovering): writes would fail");
      }
      return row.getLong("migrations") > 0;
    });
  }

  private Future<WriteResult> createConnector(CreateConnector c, long deadline) {
    Tuple args = Tuple.of(c.id(), c.name(), c.description(), c.indexName(), c.serviceType(),
        c.language(), c.isNative(), c.initialStatus().wireName());
    return statements.run(SqlQueries.CREATE_OR_REPLACE_CONNECTOR, args, deadline)
        .map(rows -> firstRow(rows).getBoolean("inserted") ? WriteResult.CREATED : WriteResult.UPDATED)
        .recover(failure -> Future.failedFuture(indexNameConflict(failure, c.indexName())));
  }

  private Future<Connector> getConnector(GetConnector c, long deadline) {
    return statements.run(SqlQueries.GET_CONNECTOR, Tuple.of(c.id(), c.includeDeleted()), deadline)
        .map(rows -> {
          if (rows.rowCount() == 0) {
            throw StoreException.connectorNotFound(c.id());
          }
          return Rows.toConnector(firstRow(rows));
        });
  }

  private Future<WriteResult> deleteConnector(DeleteConnector c, long deadline) {
    String sql = c.hard() ? SqlQueries.HARD_DELETE_CONNECTOR : SqlQueries.SOFT_DELETE_CONNECTOR;
    return statements.run(sql, Tuple.of(c.id(), c.deleteSyncJobs()), deadline).map(rows -> {
      if (rows.rowCount() == 0) {
        throw StoreException.connectorNotFound(c.id());
      }
      return WriteResult.DELETED;
    });
  }

  private DistributionSummary batchSizes(String statement) {
    return DistributionSummary.builder("connector_service_batch_size")
        .description("requests coalesced into one statement")
        .tag("statement", statement)
        .publishPercentileHistogram()
        .register(registry);
  }

  static Tuple updateErrorArguments(List<UpdateError> commands) {
    return Tuple.of(
        commands.stream().map(UpdateError::id).toArray(String[]::new),
        commands.stream().map(UpdateError::error).toArray(String[]::new),
        commands.stream().map(c -> c.status().wireName()).toArray(String[]::new));
  }

  private Future<WriteResult> updateConnector(UpdateConnector c, long deadline) {
    if (c.update() == ConnectorUpdate.CHECK_IN) {
      return checkInBatcher.submit(c, deadline);
    }
    String indexName = c.patch().getString("index_name");
    return conditionalUpdate(SqlQueries.update(c.update()), c.id(), c.patch(),
            () -> StoreException.connectorNotFound(c.id()), deadline)
        .recover(failure -> Future.failedFuture(indexNameConflict(failure, indexName)));
  }

  private Future<Page<Connector>> listConnectors(ListConnectors c, long deadline) {
    String pattern = c.query() == null ? null : "%" + likeEscaped(c.query()) + "%";
    Tuple args = Tuple.of(c.includeDeleted(), c.indexNames().toArray(String[]::new),
            c.names().toArray(String[]::new), c.serviceTypes().toArray(String[]::new))
        .addValue(pattern).addValue(c.from()).addValue(c.size());
    return statements.run(SqlQueries.LIST_CONNECTORS, args, deadline)
        .map(rows -> Rows.toPage(rows, Rows::toConnector));
  }

  private Future<WriteResult> createSyncJob(CreateSyncJob c, long deadline) {
    return statements.run(SqlQueries.CREATE_SYNC_JOB, Tuple.of(c.id(), c.connectorId(), c.jobType(), c.triggerMethod()),
        deadline).map(rows -> {
          Row row = firstRow(rows);
          if (!row.getBoolean("found")) {
            throw new StoreException(StoreError.NOT_FOUND, "Connector with id '" + c.connectorId() + "' does not exist.");
          }
          if (!row.getBoolean("created")) {
            boolean noIndex = row.getString("index_name") == null || row.getString("index_name").isEmpty();
            throw new StoreException(StoreError.RULE_VIOLATION, "Cannot start a sync for connector [" + c.connectorId()
                + (noIndex ? "] with no index attached. Set the [index_name] property for the connector to enable "
                    + "syncing data." : "] with [service_type] not defined. Set the service type of your connector "
                    + "before starting the sync."));
          }
          return WriteResult.CREATED;
        });
  }

  private Future<SyncJob> getSyncJob(GetSyncJob c, long deadline) {
    return statements.run(SqlQueries.GET_SYNC_JOB, Tuple.of(c.id()), deadline).map(rows -> {
      if (rows.rowCount() == 0) {
        throw StoreException.syncJobNotFound(c.id());
      }
      return Rows.toSyncJob(firstRow(rows));
    });
  }

  private Future<Page<SyncJob>> listSyncJobs(ListSyncJobs c, long deadline) {
    Tuple args = Tuple.of(c.status(), c.connectorId(), c.jobTypes().toArray(String[]::new), c.from(), c.size());
    return statements.run(SqlQueries.LIST_SYNC_JOBS, args, deadline)
        .map(rows -> Rows.toPage(rows, Rows::toSyncJob));
  }

  private Future<WriteResult> deleteSyncJob(DeleteSyncJob c, long deadline) {
    return statements.run(SqlQueries.DELETE_SYNC_JOB, Tuple.of(c.id()), deadline).map(rows -> {
      if (rows.rowCount() == 0) {
        throw StoreException.syncJobNotFound(c.id());
      }
      return WriteResult.DELETED;
    });
  }

  private Future<WriteResult> updateSyncJob(UpdateSyncJob c, long deadline) {
    return conditionalUpdate(SqlQueries.update(c.update()), c.id(), c.patch(),
        () -> StoreException.syncJobNotFound(c.id()), deadline);
  }

  private Future<WriteResult> createApiKey(CreateApiKey c, long deadline) {
    var key = c.key();
    Tuple args = Tuple.of(key.id(), key.name(), key.secretHash(), key.creator(), key.permission().toJson(),
        key.expiration() == null ? null : key.expiration().atOffset(ZoneOffset.UTC), key.parentId());
    return statements.run(SqlQueries.CREATE_API_KEY, args, deadline).map(rows -> WriteResult.CREATED);
  }

  private Future<ApiKey> findApiKey(FindApiKey c, long deadline) {
    return statements.run(SqlQueries.FIND_API_KEY, Tuple.of(c.id()), deadline).map(rows -> {
      if (rows.rowCount() == 0) {
        throw new StoreException(StoreError.NOT_FOUND, "api key [" + c.id() + "] not found");
      }
      return Rows.toApiKey(firstRow(rows));
    });
  }

  private Future<List<ApiKey>> listApiKeys(ListApiKeys c, long deadline) {
    return statements.run(SqlQueries.LIST_API_KEYS, Tuple.of(c.ownedBy()), deadline).map(rows -> {
      List<ApiKey> keys = new ArrayList<>();
      rows.forEach(row -> keys.add(Rows.toApiKey(row)));
      return keys;
    });
  }

  private Future<Invalidation> invalidateApiKeys(InvalidateApiKeys c, long deadline) {
    return statements.run(SqlQueries.INVALIDATE_API_KEYS, Tuple.of(c.ids().toArray(String[]::new), c.ownedBy()), deadline)
        .map(rows -> {
          List<String> invalidated = new ArrayList<>();
          List<String> previously = new ArrayList<>();
          rows.forEach(row -> (row.getBoolean("previously") ? previously : invalidated).add(row.getString("id")));
          return new Invalidation(invalidated, previously);
        });
  }

  private Future<String> adminPasswordHash(AdminPasswordHash c, long deadline) {
    return statements.run(SqlQueries.ADMIN_PASSWORD_HASH, Tuple.of(c.proposedHash()), deadline)
        .map(rows -> firstRow(rows).getString("value"));
  }

  private Future<WriteResult> upgradeAdminPasswordHash(UpgradeAdminPasswordHash c, long deadline) {
    return statements.run(SqlQueries.UPGRADE_ADMIN_PASSWORD_HASH, Tuple.of(c.previous(), c.replacement()), deadline)
        .map(rows -> rows.rowCount() == 0 ? WriteResult.NOOP : WriteResult.UPDATED);
  }

  private Future<WriteResult> storeSecret(StoreSecret c, long deadline) {
    Tuple args = Tuple.of(c.id(), Buffer.buffer(c.sealed().nonce()), Buffer.buffer(c.sealed().ciphertext()));
    return statements.run(SqlQueries.STORE_SECRET, args, deadline)
        .map(rows -> firstRow(rows).getBoolean("inserted") ? WriteResult.CREATED : WriteResult.UPDATED);
  }

  private Future<Sealed> getSecret(GetSecret c, long deadline) {
    return statements.run(SqlQueries.GET_SECRET, Tuple.of(c.id()), deadline).map(rows -> {
      if (rows.rowCount() == 0) {
        throw StoreException.secretNotFound(c.id());
      }
      Row row = firstRow(rows);
      return new Sealed(row.getBuffer("nonce").getBytes(), row.getBuffer("ciphertext").getBytes());
    });
  }

  private Future<WriteResult> deleteSecret(DeleteSecret c, long deadline) {
    return statements.run(SqlQueries.DELETE_SECRET, Tuple.of(c.id()), deadline).map(rows -> {
      if (rows.rowCount() == 0) {
        throw StoreException.secretNotFound(c.id());
      }
      return WriteResult.DELETED;
    });
  }

  /** Runs a statement of {@code SqlQueries.conditionalUpdate} and reads its verdict. */
  private Future<WriteResult> conditionalUpdate(String sql, String id, JsonObject patch,
      Supplier<StoreException> notFound, long deadline) {
    return statements.run(sql, Tuple.of(id, patch), deadline).map(rows -> {
      Row row = firstRow(rows);
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

  private static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** A consumer for one command type; the handler gets the command and its deadline (epoch ms). */
  private <C extends StoreCommand<R>, R> MessageConsumer<C> serve(
      Class<C> type, BiFunction<C, Long, Future<R>> handler) {
    return vertx.eventBus().<C>localConsumer(StoreAddress.of(type), message -> {
      String deadline = message.headers().get(StoreClient.DEADLINE_HEADER);
      handler.apply(message.body(), deadline == null ? System.currentTimeMillis() + config.storeTimeoutMillis()
              : Long.parseLong(deadline))
          .onComplete(result -> message.reply(result, REPLY), failure -> replyFailure(message, failure));
    });
  }

  private static void replyFailure(Message<?> message, Throwable failure) {
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

  private static Throwable indexNameConflict(Throwable failure, String indexName) {
    if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())
        && "connectors_index_name_live_key".equals(pg.getConstraint())) {
      return new StoreException(StoreError.INDEX_NAME_IN_USE,
          "Index name [" + indexName + "] is used by another connector.");
    }
    return failure;
  }

  private static Row firstRow(RowSet<Row> rows) {
    return rows.iterator().next();
  }
}
