package dev.connectors.http;

import dev.connectors.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * Answers on the service's address while it starts (waiting for PostgreSQL, migrating): live,
 * not ready, and 503 with {@code Retry-After} to anything else, so that an orchestrator neither
 * restarts a container that is only waiting nor sends it traffic. Closed just before the real
 * listeners open.
 */
public final class StartingResponder {

  private StartingResponder() {
  }

  public static Future<HttpServer> listen(Vertx vertx, AppConfig config) {
    return vertx.createHttpServer(HttpVerticle.serverOptions(config)).requestHandler(request -> {
      boolean live = request.path().equals("/_health/live");
      JsonObject body = live ? new JsonObject().put("status", "live") : ErrorRenderer.body(ApiException.unavailable(
          "the service is starting: it waits for PostgreSQL and its migrations"));
      var response = request.response()
          .setStatusCode(live ? 200 : 503)
          .putHeader(Responses.PRODUCT_HEADER, Responses.PRODUCT)
          .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON);
      if (!live) {
        response.putHeader("Retry-After", String.valueOf(ApiException.DEFAULT_RETRY_AFTER_SECONDS));
      }
      response.end(Buffer.buffer(body.encode()));
    }).listen();
  }
}
