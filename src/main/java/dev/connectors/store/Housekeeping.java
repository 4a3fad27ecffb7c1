package dev.connectors.store;

import dev.connectors.config.FleetConfig;
import dev.connectors.model.FleetCommands.PruneErrorHistory;
import dev.connectors.model.FleetCommands.RefreshFleetStats;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's periodic upkeep of the fleet data, off every request's path: every
 * {@code HOUSEKEEPING_INTERVAL} it prunes the error histories that grew to their newest
 * {@code ERROR_HISTORY_MAX} entries (reads never show more, pruned or not; the pass is
 * idempotent, so instances need not agree on who runs it), and recounts the fleet for
 * {@code GET /_connector/_stats} when no other instance is at it or just did it.
 */
public final class Housekeeping {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  private final Vertx vertx;
  private final StoreClient store;
  private final FleetConfig fleet;
  private long timer = -1;
  private long prunedUpTo;

  public Housekeeping(Vertx vertx, StoreClient store, FleetConfig fleet) {
    this.vertx = vertx;
    this.store = store;
    this.fleet = fleet;
  }

  public void start() {
    timer = vertx.setPeriodic(fleet.housekeepingInterval().value().toMillis(), tick -> pass());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void pass() {
    store.send(new PruneErrorHistory(prunedUpTo, fleet.errorHistoryMax()))
        .onSuccess(newest -> prunedUpTo = newest)
        .onFailure(failed -> LOG.warn("pruning the error histories failed, retried at the next pass: {}",
            failed.getMessage()));
    var interval = fleet.housekeepingInterval().value();
    store.send(new RefreshFleetStats(fleet.offlineAfter().value(), fleet.idleJobAfter().value(), interval.dividedBy(2)))
        .onFailure(failed -> LOG.warn("counting the fleet failed, retried at the next pass: {}", failed.getMessage()));
  }
}
