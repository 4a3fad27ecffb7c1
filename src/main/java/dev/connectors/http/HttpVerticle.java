package dev.connectors.http;

import dev.connectors.config.AppConfig;
import dev.connectors.security.Authenticator;
import dev.connectors.store.StoreClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.ext.web.Router;
import java.net.BindException;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Owns the router and an HTTP server on the shared listen address; one instance runs per event
 * loop, and Vert.x spreads connections across them.
 */
public class HttpVerticle extends VerticleBase {

  /** Room for a fleet reconnecting at once (the kernel caps it at net.core.somaxconn). */
  private static final int ACCEPT_BACKLOG = 8192;
  /** The OpenAPI 3.1 description of every endpoint, on the classpath. */
  private static final String OPENAPI_DOCUMENT = "openapi.json";
  private static final int BIND_ATTEMPTS = 20;
  private static final long BIND_RETRY_MILLIS = 50;

  private final AppConfig config;
  private final PrometheusMeterRegistry registry;
  /** Null when security is off. */
  private final Authenticator authenticator;
  private HttpServer server;

  private final BooleanSupplier stopping;
  private final ChangeFeed feed;

  public HttpVerticle(AppConfig config, PrometheusMeterRegistry registry, Authenticator authenticator,
      BooleanSupplier stopping, ChangeFeed feed) {
    this.feed = feed;
    this.config = config;
    this.registry = registry;
    this.authenticator = authenticator;
    this.stopping = stopping;
  }

  @Override
  public Future<?> start() {
    var store = new StoreClient(vertx.eventBus(), config.storeTimeoutMillis());
    var options = serverOptions(config);
    return vertx.fileSystem().readFile(OPENAPI_DOCUMENT).compose(openapi ->
        listen(ApiRouter.create(vertx, config, store, registry, openapi, authenticator, stopping, feed), options, BIND_ATTEMPTS));
  }

  /**
   * Binds the listener. The stand-in that answered during start-up has just released the port,
   * and the kernel may take a moment to let it go: a refused bind is tried again, a few times.
   */
  private Future<HttpServer> listen(Router router, HttpServerOptions options, int attempts) {
    server = vertx.createHttpServer(options);
    MalformedRequests.install(server, options);
    server.requestHandler(request -> {
      if (!MalformedRequests.rejected(request)) {
        router.handle(request);
      }
    });
    return server.listen().recover(failure -> {
      if (!(failure instanceof BindException) || attempts <= 1) {
        return Future.failedFuture(failure);
      }
      Promise<HttpServer> retried = Promise.promise();
      vertx.setTimer(BIND_RETRY_MILLIS, fired -> listen(router, options, attempts - 1).onComplete(retried));
      return retried.future();
    });
  }

  /** The listener's options, shared with the stand-in that answers while the service starts. */
  static HttpServerOptions serverOptions(AppConfig config) {
    var options = new HttpServerOptions()
        .setHost(config.httpHost())
        .setPort(config.httpPort())
        .setIdleTimeout(config.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setAcceptBacklog(ACCEPT_BACKLOG)
        .setHttp2ClearTextEnabled(false);
    if (config.tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(config.tlsCertPath())
          .setKeyPath(config.tlsKeyPath()));
    }
    return options;
  }

  /** Stops accepting, lets the requests in flight finish within the grace period, then closes. */
  @Override
  public Future<?> stop() {
    return server.shutdown(config.shutdownGraceMillis(), TimeUnit.MILLISECONDS);
  }
}
