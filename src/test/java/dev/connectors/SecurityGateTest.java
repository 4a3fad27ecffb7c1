package dev.connectors;


import dev.connectors.config.AppConfig;
import dev.connectors.http.ApiRouter;
import dev.connectors.http.ChangeFeed;
import dev.connectors.security.Secrets;
import dev.connectors.security.ApiKeyCache;
import dev.connectors.security.AuthThrottle;
import dev.connectors.security.Authenticator;
import dev.connectors.store.StoreClient;
import dev.connectors.support.Api;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The security gate in front of a store that is not running: the key cannot be looked up. */
@DisplayName("API-key authentication without a reachable store")
class SecurityGateTest {

  @Test
  @DisplayName("answers 503 unavailable_exception, not a 401 that would call a possibly valid key invalid")
  void storeDownIsNotBadCredentials() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      var store = new StoreClient(vertx.eventBus(), 1000);
      var authenticator = new Authenticator(vertx, store, Secrets.sha256("admin-password"),
          new ApiKeyCache(30_000, 5_000, 100, System::currentTimeMillis),
          new AuthThrottle(20, 60_000, System::currentTimeMillis), 30_000, 1, System::currentTimeMillis);
      var router = ApiRouter.create(vertx, AppConfig.fromEnv(Map.of()), store,
          ServiceMetrics.registry(), Buffer.buffer("{}"), authenticator, () -> false,
          new ChangeFeed(vertx, store, ServiceMetrics.registry()));
      int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
      String key = Base64.getEncoder().encodeToString("some-key-id:some-secret".getBytes(StandardCharsets.UTF_8));
      var response = new Api(port).send("GET", "/_connector/a", null, null, Map.of("Authorization", "ApiKey " + key));
      response.assertError(503, "unavailable_exception", "the store is not running");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
