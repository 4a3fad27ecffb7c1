package dev.connectors.http;

import dev.connectors.config.AppConfig;
import dev.connectors.store.StoreClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;

/**
 * Owns the router and an HTTP server on the shared listen address; one instance runs per event
 * loop, and Vert.x spreads connections across them.
 */
public class HttpVerticle extends VerticleBase {

  private final AppConfig config;

  public HttpVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    var store = new StoreClient(vertx.eventBus(), config.storeTimeoutMillis());
    var options = new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort());
    return vertx.createHttpServer(options)
        .requestHandler(ApiRouter.create(vertx, config, store))
        .listen();
  }
}
