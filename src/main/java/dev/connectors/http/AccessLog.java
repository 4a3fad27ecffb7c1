package dev.connectors.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One access-log line per request (logger {@code access}, JSON like every log line): method,
 * route (never the raw path, which carries connector ids), status, duration, bytes sent, and the
 * client's {@code X-Opaque-Id}. No headers, bodies or secrets.
 */
final class AccessLog {

  private static final Logger LOG = LoggerFactory.getLogger("access");

  private AccessLog() {
  }

  /** A route handler, first in line; {@code routes} names the route of a request that failed. */
  static Handler<RoutingContext> recorder(Function<String, String> routes) {
    return ctx -> {
      long started = System.nanoTime();
      ctx.addEndHandler(ended -> {
        Route route = ctx.currentRoute();
        String template = route != null && route.getPath() != null ? route.getPath() : routes.apply(ctx.request().path());
        var line = LOG.atInfo()
            .addKeyValue("method", ctx.request().method().name())
            .addKeyValue("route", template)
            .addKeyValue("status", ctx.response().getStatusCode())
            .addKeyValue("duration_ms", (System.nanoTime() - started) / 1_000_000.0)
            .addKeyValue("bytes", ctx.response().bytesWritten());
        String opaqueId = ctx.request().getHeader(Responses.OPAQUE_ID_HEADER);
        if (opaqueId != null) {
          line = line.addKeyValue("opaque_id", opaqueId);
        }
        line.log("request");
      });
      ctx.next();
    };
  }
}
