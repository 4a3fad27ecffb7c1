package dev.connectors.store;

import dev.connectors.config.FleetConfig;
import dev.connectors.model.ConnectorStatus;
import dev.connectors.model.FleetCommands.AnnounceOffline;
import dev.connectors.model.FleetCommands.CancelOrphanedJobs;
import dev.connectors.model.FleetCommands.PruneChanges;
import dev.connectors.model.FleetCommands.DeleteExpiredJobs;
import dev.connectors.model.FleetCommands.FleetCounts;
import dev.connectors.model.FleetCommands.GetFleetStats;
import dev.connectors.model.FleetCommands.PruneErrorHistory;
import dev.connectors.model.FleetCommands.ReapIdleJobs;
import dev.connectors.model.FleetCommands.RefreshFleetStats;
import dev.connectors.model.SyncJobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's periodic upkeep of the fleet data, off every request's path, one pass every
 * {@code HOUSEKEEPING_INTERVAL} (the next starts when the last has ended):
 * <ul>
 *   <li>prunes the error histories that grew to their newest {@code ERROR_HISTORY_MAX} entries
 *       (reads never show more; idempotent, so any instance may);</li>
 *   <li>recounts the fleet for {@code GET /_connector/_stats} when no other instance is at it or
 *       just did it, and sets the fleet gauges of {@code /_metrics} from the latest count;</li>
 *   <li>sets idle jobs to {@code error} after {@code IDLE_JOB_TIMEOUT}, cancels the unfinished
 *       jobs of deleted connectors, deletes finished jobs after {@code SYNC_JOB_RETENTION}, each
 *       in batches of 1,000 — each statement only on the instance that holds the housekeeping's
 *       advisory lock ({@code SqlQueries.HOUSEKEEPING_TURN}), and counted by the instance that
 *       acted;</li>
 *   <li>announces connectors gone offline or back online as changes, and deletes changes older
 *       than {@code CHANGES_RETENTION} — both under the same lock ({@code GET /_connector/_watch}).</li>
 * </ul>
 */
public final class Housekeeping {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
  /** Jobs changed by one housekeeping statement, and statements of one kind per pass at the most. */
  private static final int BATCH = 1_000;
  private static final int BATCHES_PER_PASS = 20;

  private final Vertx vertx;
  private final StoreClient store;
  private final FleetConfig fleet;
  private final Map<String, Counter> actions = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private volatile boolean stopped;
  private long prunedUpTo;

  public Housekeeping(Vertx vertx, StoreClient store, FleetConfig fleet, MeterRegistry registry) {
    this.vertx = vertx;
    this.store = store;
    this.fleet = fleet;
    this.registry = registry;
    for (String action : new String[] {"idle_job_error", "orphan_job_canceled", "finished_job_deleted"}) {
      actions.put(action, Counter.builder("connector_service_housekeeping_actions")
          .description("sync jobs this instance's housekeeping changed").tag("action", action).register(registry));
    }
    for (ConnectorStatus status : ConnectorStatus.values()) {
      gauge("connector_service_connectors", "connectors_" + status.wireName(), status.wireName());
    }
    gauge("connector_service_connectors_offline", "offline", null);
    for (SyncJobStatus status : SyncJobStatus.values()) {
      gauge("connector_service_sync_jobs", "sync_jobs_" + status.wireName(), status.wireName());
    }
    gauge("connector_service_sync_jobs_idle", "idle", null);
  }

  private void gauge(String name, String count, String status) {
    AtomicLong value = gauges.computeIfAbsent(count, key -> new AtomicLong());
    var builder = Gauge.builder(name, value, AtomicLong::doubleValue)
        .description("the fleet as last counted for GET /_connector/_stats");
    (status == null ? builder : builder.tag("status", status)).register(registry);
  }

  public void start() {
    schedule();
  }

  public void stop() {
    stopped = true;
  }

  private void schedule() {
    if (!stopped) {
      vertx.setTimer(fleet.housekeepingInterval().value().toMillis(), tick -> pass().onComplete(done -> schedule()));
    }
  }

  private Future<?> pass() {
    var prune = store.send(new PruneErrorHistory(prunedUpTo, fleet.errorHistoryMax()))
        .onSuccess(newest -> prunedUpTo = newest);
    var recount = store.send(new RefreshFleetStats(fleet.offlineAfter().value(), fleet.idleJobAfter().value(),
            fleet.housekeepingInterval().value().dividedBy(2)))
        .compose(refreshed -> store.send(new GetFleetStats(fleet.offlineAfter().value(), fleet.idleJobAfter().value(),
            null)))
        .onSuccess(this::setGauges);
    Future<?> jobs = reapIdleJobs(BATCHES_PER_PASS)
        .compose(reaped -> cancelOrphanedJobs(BATCHES_PER_PASS))
        .compose(canceled -> deleteExpiredJobs(BATCHES_PER_PASS));
    Future<?> changes = store.send(new AnnounceOffline(fleet.offlineAfter().value()))
        .compose(announced -> inBatches(BATCHES_PER_PASS, null, () -> store.send(new PruneChanges(
            fleet.changesRetention().value(), BATCH))));
    return Future.join(prune, recount, jobs, changes).onFailure(failed -> LOG.warn(
        "a housekeeping step failed, retried at the next pass: {}", failed.getMessage()));
  }

  private Future<?> reapIdleJobs(int batchesLeft) {
    if (fleet.idleJobTimeout().value().isZero()) {
      return Future.succeededFuture();
    }
    String message = "idle job: no check-in for " + fleet.idleJobTimeout().text();
    return inBatches(batchesLeft, "idle_job_error", () -> store.send(new ReapIdleJobs(fleet.idleJobTimeout().value(),
        message, BATCH)));
  }

  private Future<?> cancelOrphanedJobs(int batchesLeft) {
    return inBatches(batchesLeft, "orphan_job_canceled", () -> store.send(new CancelOrphanedJobs(BATCH)));
  }

  private Future<?> deleteExpiredJobs(int batchesLeft) {
    if (fleet.syncJobRetention().value().isZero()) {
      return Future.succeededFuture();
    }
    return inBatches(batchesLeft, "finished_job_deleted", () -> store.send(new DeleteExpiredJobs(
        fleet.syncJobRetention().value(), BATCH)));
  }

  /** Batch after batch, each counted when it is an action, while batches come back full, up to a bound per pass. */
  private Future<?> inBatches(int batchesLeft, String action, Supplier<Future<Integer>> batch) {
    if (batchesLeft == 0) {
      return Future.succeededFuture();
    }
    return batch.get().compose(n -> {
      if (action != null) {
        actions.get(action).increment(n);
      }
      return n == BATCH ? inBatches(batchesLeft - 1, action, batch) : Future.succeededFuture();
    });
  }

  private void setGauges(FleetCounts counted) {
    gauges.forEach((count, value) -> value.set(counted.counts().getOrDefault(count, 0L)));
  }
}
