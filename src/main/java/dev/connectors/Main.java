package dev.connectors;

import dev.connectors.config.AppConfig;
import dev.connectors.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()));
    ConnectorService.start(vertx, config).onComplete(
        service -> {
          LOG.info("connector-service listening on http://{}:{}, database {}",
              config.httpHost(), config.httpPort(), config.database().redacted());
          Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(vertx, service)));
        },
        failure -> {
          LOG.error("connector-service could not start: {}", failure.getMessage());
          vertx.close().onComplete(closed -> System.exit(1));
        });
  }

  private static void shutDown(Vertx vertx, ConnectorService service) {
    try {
      service.stop().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("shutdown did not complete cleanly: {}", e.toString());
    }
  }
}
