package dev.connectors.support;

import dev.connectors.ConnectorService;
import dev.connectors.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the API tests: starts the whole service, as {@code Main} does, on a Vert.x instance
 * of the test class's own, against this run's fresh PostgreSQL database.
 */
@ExtendWith(VertxExtension.class)
public abstract class ServiceTest {

  protected static Api api;
  protected static int port;

  @BeforeAll
  static void startService(Vertx vertx, VertxTestContext started) {
    AppConfig config = AppConfig.fromEnv(Map.of())
        .withDatabase(TestDatabase.url())
        .withHttpPort(freePort());
    ConnectorService.start(vertx, config).onComplete(started.succeeding(service -> {
      port = config.httpPort();
      api = new Api(port);
      started.completeNow();
    }));
  }

  /** A connector id no other test uses. */
  protected static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
