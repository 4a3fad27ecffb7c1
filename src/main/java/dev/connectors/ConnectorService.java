package dev.connectors;

import dev.connectors.config.AppConfig;
import dev.connectors.http.HttpVerticle;
import dev.connectors.model.SecurityCommands.AdminPasswordHash;
import dev.connectors.security.Secrets;
import dev.connectors.security.SecuritySettings;
import dev.connectors.store.StoreClient;
import dev.connectors.store.DatabaseMigrator;
import dev.connectors.store.StoreVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the service on a Vert.x instance, in the order that makes it safe to serve: migrate the
 * database, deploy the store verticles, then open the HTTP listeners. Tests start it the same way.
 */
public final class ConnectorService {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectorService.class);

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
        .compose(store -> securitySettings(vertx, config)
            .compose(security -> vertx.deployVerticle(() -> new HttpVerticle(config, registry, security), perEventLoop))
            .map(http -> new ConnectorService(vertx, store, http, config.shutdownGraceMillis())));
  }

  /**
   * The password of {@code elastic}: ADMIN_PASSWORD, or one generated at the first start, whose
   * hash is stored and which is printed that one time only.
   */
  private static Future<SecuritySettings> securitySettings(Vertx vertx, AppConfig config) {
    if (!config.securityEnabled()) {
      LOG.warn("SECURITY_ENABLED=false: every request is served without authentication");
      return Future.succeededFuture(SecuritySettings.DISABLED);
    }
    if (config.adminPassword() != null) {
      return Future.succeededFuture(new SecuritySettings(true, Secrets.sha256(config.adminPassword())));
    }
    String generated = Secrets.generate();
    String proposed = Secrets.sha256(generated);
    return new StoreClient(vertx.eventBus(), config.storeTimeoutMillis())
        .send(new AdminPasswordHash(proposed))
        .map(stored -> {
          if (stored.equals(proposed)) {
            LOG.warn("generated the password of user [elastic], shown this once: {}", generated);
          }
          return new SecuritySettings(true, stored);
        });
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
