package dev.connectors;

import dev.connectors.config.AppConfig;
import dev.connectors.http.HttpVerticle;
import dev.connectors.store.DatabaseMigrator;
import dev.connectors.store.StoreVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Starts the service on a Vert.x instance, in the order that makes it safe to serve: migrate the
 * database, deploy the store verticles, then open the HTTP listeners. Tests start it the same way.
 */
public final class ConnectorService {

  private final Vertx vertx;
  private final String storeDeployment;
  private final String httpDeployment;
  private final long shutdownGraceMillis;

  private ConnectorService(Vertx vertx, String storeDeployment, String httpDeployment,
      long shutdownGraceMillis) {
    this.vertx = vertx;
    this.shutdownGraceMillis = shutdownGraceMillis;
    this.storeDeployment = storeDeployment;
    this.httpDeployment = httpDeployment;
  }

  /** Starts with a metrics registry of its own (Vert.x's own metrics only where enabled). */
  public static Future<ConnectorService> start(Vertx vertx, AppConfig config) {
    return start(vertx, config, ServiceMetrics.registry());
  }

  public static Future<ConnectorService> start(Vertx vertx, AppConfig config,
      PrometheusMeterRegistry registry) {
    var perEventLoop = new DeploymentOptions().setInstances(config.eventLoops());
    return vertx.executeBlocking(() -> {
          DatabaseMigrator.migrate(config.database());
          return null;
        })
        .compose(migrated -> vertx.deployVerticle(() -> new StoreVerticle(config, registry), perEventLoop))
        .compose(store -> vertx.deployVerticle(() -> new HttpVerticle(config, registry), perEventLoop)
            .map(http -> new ConnectorService(vertx, store, http, config.shutdownGraceMillis())));
  }

  public long shutdownGraceMillis() {
    return shutdownGraceMillis;
  }

  /**
   * Closes the listeners first (requests in flight finish, within the grace period), then the
   * store and its connections.
   */
  public Future<Void> stop() {
    return vertx.undeploy(httpDeployment).compose(v -> vertx.undeploy(storeDeployment));
  }
}
