package dev.connectors.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * {@code GET /_fleet} (beyond Elasticsearch): the fleet dashboard, plain HTML, CSS and JavaScript
 * modules served from the jar ({@code src/main/resources/fleet}). The files hold no data and are
 * served without credentials; the page asks for a key or a password and calls the API with it.
 */
final class FleetDashboard {

  static final String PATH = "/_fleet";
  /** Scripts, styles, images and connections from this service only: the page talks to no other host. */
  private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
      + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private FleetDashboard() {
  }

  static boolean isPage(String path) {
    return path.equals(PATH) || path.startsWith(PATH + "/");
  }

  /** {@code /_fleet} → {@code /_fleet/}, so that the page's relative paths resolve under it. */
  static void redirect(RoutingContext ctx) {
    if (!ctx.request().path().equals(PATH)) {
      ctx.next(); // the route also matches "/_fleet/": the page itself
      return;
    }
    ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, PATH + "/").end();
  }

  static void securityHeaders(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  static StaticHandler files() {
    return StaticHandler.create("fleet").setIndexPage("index.html").setDirectoryListing(false)
        .setCachingEnabled(false);
  }
}
