package dev.connectors;

import dev.connectors.config.AppConfig;
import dev.connectors.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Reads the environment, starts the service, and stops it on SIGTERM. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    AppConfig config;
    try {
      config = AppConfig.fromEnv(System.getenv());
    } catch (ConfigException e) {
      System.err.println("connector-service: " + e.getMessage());
      System.exit(2);
      return;
    }
    var registry = ServiceMetrics.registry();
    Vertx vertx = ServiceMetrics.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()), registry,
        config.metricsDisabled());
    ConnectorService.start(vertx, config, registry).onComplete(
        service -> {
          LOG.info("connector-service listening on {}://{}:{}, database {}", config.tls() ? "https" : "http",
              config.httpHost(), service.port(), config.database().redacted());
          for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), received -> shutDown(vertx, service));
          }
        },
        failure -> {
          LOG.error("connector-service could not start: {}", failure.getMessage());
          vertx.close().onComplete(closed -> System.exit(1));
        });
  }

  /**
   * SIGTERM: stop accepting, let the requests in flight finish (within SHUTDOWN_GRACE_MS), close
   * the database pool, exit 0. Runs on the JVM's signal thread, never on an event loop.
   */
  private static void shutDown(Vertx vertx, ConnectorService service) {
    LOG.info("connector-service stopping: not ready from now, serving for the drain period, then finishing requests in flight");
    int status = 0;
    try {
      service.stop().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture()
          .get(service.shutdownMillis() + 10_000, TimeUnit.MILLISECONDS);
      LOG.info("connector-service stopped");
    } catch (Exception e) {
      LOG.warn("shutdown did not complete cleanly: {}", e.toString());
      status = 1;
    }
    System.exit(status);
  }
}
