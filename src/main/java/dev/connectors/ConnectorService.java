package dev.connectors;

import dev.connectors.config.AppConfig;
import dev.connectors.http.ChangeFeed;
import dev.connectors.http.HttpVerticle;
import dev.connectors.http.StartingResponder;
import dev.connectors.model.SecurityCommands.AdminPasswordHash;
import dev.connectors.security.ApiKeyCache;
import dev.connectors.security.AuthThrottle;
import dev.connectors.security.Authenticator;
import dev.connectors.security.PasswordHash;
import dev.connectors.security.RevocationListener;
import dev.connectors.security.Secrets;
import dev.connectors.store.Housekeeping;
import dev.connectors.store.StoreClient;
import dev.connectors.store.DatabaseMigrator;
import dev.connectors.store.PostgresTargets;
import dev.connectors.store.StoreVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the service on a Vert.x instance, in the order that makes it safe to serve: migrate the
 * database, deploy the store verticles, then open the HTTP listeners. Tests start it the same way.
 */
public final class ConnectorService {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectorService.class);

  /** Failed authentications are counted per client address and per user over this window. */
  private static final long AUTH_FAILURE_WINDOW_MILLIS = 60_000;
  /** How long an unknown key id is remembered as unknown. */
  private static final long UNKNOWN_KEY_TTL_MILLIS = 5_000;
  private static final int UNKNOWN_KEYS_REMEMBERED = 10_000;

  private final Vertx vertx;
  private final String storeDeployment;
  private final String httpDeployment;
  private final RevocationListener revocations;
  private final Housekeeping housekeeping;
  private final ChangeFeed feed;
  private final AtomicBoolean stopping;
  private final long shutdownGraceMillis;
  private final long shutdownDrainMillis;
  private final int port;

  private ConnectorService(Vertx vertx, String storeDeployment, String httpDeployment,
      RevocationListener revocations, Housekeeping housekeeping, ChangeFeed feed, AtomicBoolean stopping,
      AppConfig config) {
    this.vertx = vertx;
    this.housekeeping = housekeeping;
    this.feed = feed;
    this.stopping = stopping;
    this.shutdownGraceMillis = config.shutdownGraceMillis();
    this.shutdownDrainMillis = config.shutdownDrainMillis();
    this.storeDeployment = storeDeployment;
    this.httpDeployment = httpDeployment;
    this.revocations = revocations;
    this.port = config.httpPort();
  }

  /** The port the service listens on: HTTP_PORT, or the one the system picked for HTTP_PORT=0. */
  public int port() {
    return port;
  }

  /** Starts with a metrics registry of its own (Vert.x's own metrics only where enabled). */
  public static Future<ConnectorService> start(Vertx vertx, AppConfig config) {
    return start(vertx, config, ServiceMetrics.registry());
  }

  public static Future<ConnectorService> start(Vertx vertx, AppConfig config,
      PrometheusMeterRegistry registry) {
    var perEventLoop = new DeploymentOptions().setInstances(config.eventLoops());
    var stores = new DeploymentOptions().setInstances(config.storeVerticles());
    AtomicBoolean stopping = new AtomicBoolean();
    var feed = new ChangeFeed(vertx, new StoreClient(vertx.eventBus(), config.storeTimeoutMillis()),
        registry);
    return StartingResponder.listen(vertx, config).compose(standIn -> {
      // HTTP_PORT=0: the stand-in's port, picked by the system, is the service's from now on
      AppConfig bound = config.httpPort() == 0 ? config.withHttpPort(standIn.actualPort()) : config;
      return vertx.executeBlocking(() -> {
            DatabaseMigrator.migrate(bound.database()); // waits for PostgreSQL to be reachable
            return null;
          })
          .compose(migrated -> vertx.deployVerticle(() -> new StoreVerticle(bound, registry), stores))
          .onSuccess(store -> feed.start())
          .compose(store -> security(vertx, bound).compose(security -> standIn.close().compose(closed -> vertx.deployVerticle(
                  () -> new HttpVerticle(bound, registry, security == null ? null : security.authenticator(), stopping::get, feed),
                  perEventLoop))
              .map(http -> new ConnectorService(vertx, store, http, security == null ? null : security.revocations(),
                  housekeeping(vertx, bound, registry), feed, stopping, bound))))
          .onFailure(failed -> {
            feed.stop();
            standIn.close();
          });
    });
  }

  private static Housekeeping housekeeping(Vertx vertx, AppConfig config, PrometheusMeterRegistry registry) {
    var housekeeping = new Housekeeping(vertx, new StoreClient(vertx.eventBus(), config.storeTimeoutMillis()),
        config.fleet(), registry);
    housekeeping.start();
    return housekeeping;
  }

  private record Security(Authenticator authenticator, RevocationListener revocations) {
  }

  /**
   * With security on: the password hash of {@code elastic}, the key cache and the listener that
   * keeps it honest across instances, the failure throttle. Null with security off.
   */
  private static Future<Security> security(Vertx vertx, AppConfig config) {
    if (!config.securityEnabled()) {
      LOG.warn("SECURITY_ENABLED=false: every request is served without authentication");
      return Future.succeededFuture(null);
    }
    var store = new StoreClient(vertx.eventBus(), config.storeTimeoutMillis());
    var keys = new ApiKeyCache(config.apiKeyCacheTtlMillis(), UNKNOWN_KEY_TTL_MILLIS, UNKNOWN_KEYS_REMEMBERED,
        System::currentTimeMillis);
    return adminPasswordHash(vertx, config, store).compose(hash -> RevocationListener
        .start(vertx, new PostgresTargets(vertx, config), keys)
        .map(listener -> new Security(new Authenticator(vertx, store, hash, keys,
            new AuthThrottle(config.authFailureLimit(), AUTH_FAILURE_WINDOW_MILLIS, System::currentTimeMillis),
            config.apiKeyCacheTtlMillis(), Math.max(1, Runtime.getRuntime().availableProcessors()),
            System::currentTimeMillis), listener)));
  }

  /**
   * The stored form of the password of {@code elastic}: of ADMIN_PASSWORD, or of one generated
   * at the first start, whose hash is stored (the first instance to store one wins) and which is
   * printed that one time only. Hashing is slow on purpose, so it runs on a worker thread.
   */
  private static Future<String> adminPasswordHash(Vertx vertx, AppConfig config, StoreClient store) {
    if (config.adminPassword() != null) {
      return vertx.executeBlocking(() -> PasswordHash.hash(config.adminPassword()));
    }
    String generated = Secrets.generate();
    return vertx.executeBlocking(() -> PasswordHash.hash(generated))
        .compose(proposed -> store.send(new AdminPasswordHash(proposed)).map(stored -> {
          if (stored.equals(proposed)) {
            LOG.warn("generated the password of user [elastic], shown this once: {}", generated);
          }
          return stored;
        }));
  }

  /** How long {@link #stop()} may take at the most, for whoever waits on it. */
  public long shutdownMillis() {
    return shutdownDrainMillis + shutdownGraceMillis;
  }

  /**
   * Reports not ready at once and keeps serving for the drain period (a load balancer's health
   * check notices and stops sending), then closes the listeners (requests in flight finish,
   * within the grace period), then the store and its connections.
   */
  public Future<Void> stop() {
    stopping.set(true);
    housekeeping.stop();
    Promise<Void> drained = Promise.promise();
    vertx.setTimer(Math.max(1, shutdownDrainMillis), fired -> drained.complete());
    return drained.future()
        .compose(v -> {
          feed.stop(); // watch streams end now; their clients resume elsewhere from their last id
          return vertx.undeploy(httpDeployment);
        })
        .compose(v -> revocations == null ? Future.succeededFuture() : revocations.stop())
        .compose(v -> vertx.undeploy(storeDeployment));
  }
}
