package dev.connectors.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Bounds the requests one HTTP verticle handles at once. Past the bound a request is refused at
 * once with 429, before anything is queued for the database, so a burst far above capacity
 * cannot grow the queues behind it. Confined to its verticle's event loop.
 */
final class InFlightLimit {

  private final int max;
  private int inFlight;

  InFlightLimit(int max) {
    this.max = max;
  }

  /** A route handler, first in line. */
  void admit(RoutingContext ctx) {
    if (ctx.request().path().equals(SecurityGate.WATCH)) {
      ctx.next(); // a stream lasts as long as its client wants; MAX_WATCHERS bounds them instead
      return;
    }
    if (inFlight >= max) {
      throw ApiException.rejected("rejected execution: the service is handling [" + inFlight
          + "] requests already; retry later");
    }
    inFlight++;
    ctx.addEndHandler(ended -> inFlight--);
    ctx.next();
  }
}
