package dev.connectors.http;

import dev.connectors.config.FleetConfig;
import dev.connectors.model.ConnectorStatus;
import dev.connectors.model.FleetCommands.FleetCounts;
import dev.connectors.model.FleetCommands.GetErrorHistory;
import dev.connectors.model.FleetCommands.GetFleetStats;
import dev.connectors.model.SyncJobStatus;
import dev.connectors.store.StoreClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The fleet endpoints, which go beyond Elasticsearch's API (README, "Fleet operations"): each
 * parses its request into a command, sends it to the store and renders the reply.
 */
final class FleetHandlers {

  private final StoreClient store;
  private final FleetConfig fleet;
  private final ChangeFeed feed;
  private final Function<RoutingContext, Future<Boolean>> stillAllowed;

  FleetHandlers(StoreClient store, FleetConfig fleet, ChangeFeed feed,
      Function<RoutingContext, Future<Boolean>> stillAllowed) {
    this.store = store;
    this.fleet = fleet;
    this.feed = feed;
    this.stillAllowed = stillAllowed;
  }

  /**
   * {@code GET /_connector/_watch}: the connectors' changes as Server-Sent Events, from now on
   * or, with {@code Last-Event-ID}, from the change after that one; filtered by {@code ids},
   * {@code status} and the caller's connectors.
   */
  void watch(RoutingContext ctx) {
    QueryParams params = QueryParams.allow(ctx, "ids", "status");
    List<String> statuses = params.list("status");
    statuses.forEach(ConnectorHandlers::checkStatus);
    if (feed.watchers() >= fleet.maxWatchers()) {
      throw ApiException.rejected("rejected execution: the service is serving [" + feed.watchers()
          + "] watch streams already (MAX_WATCHERS); retry later");
    }
    List<String> scope = SecurityGate.readable(ctx);
    var filter = new WatchStream.Filter(Set.copyOf(params.list("ids")), Set.copyOf(statuses),
        scope == null ? null : Set.copyOf(scope));
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    Long after = changeNumber(lastEventId);
    var stream = new WatchStream(ctx.vertx(), ctx.response(), filter, fleet.watchHeartbeat().value().toMillis(),
        after, () -> stillAllowed.apply(ctx));
    stream.open(() -> feed.unsubscribe(stream));
    if (lastEventId != null && after == null) {
      feed.subscribe(stream, null, "Last-Event-ID [" + lastEventId + "] is not a change number of this service");
    } else {
      feed.subscribe(stream, after, null);
    }
  }

  /** A change number as the stream sent it, or null when there is none or it is not one. */
  private static Long changeNumber(String lastEventId) {
    if (lastEventId == null || !lastEventId.trim().matches("[0-9]{1,18}")) {
      return null;
    }
    return Long.parseLong(lastEventId.trim());
  }

  /** {@code GET /_connector/{id}/_error_history}: the changes of error and status, newest first. */
  void errorHistory(RoutingContext ctx) {
    String id = ConnectorIds.fromPath(ctx);
    QueryParams params = QueryParams.allow(ctx, "size", "search_after");
    int size = params.integer("size", Paging.DEFAULT_SIZE);
    Paging.check(0, size);
    JsonObject cursor = Cursor.decode(params);
    Long before = cursor == null ? null : Cursor.position(cursor, "before", params.text("search_after"));
    store.send(new GetErrorHistory(id, size, before, fleet.errorHistoryMax()))
        .onSuccess(history -> Responses.json(ctx, 200, Cursor.answer(history,
            oldestShown -> new JsonObject().put("before", oldestShown.seq()))))
        .onFailure(ctx::fail);
  }

  /**
   * {@code GET /_connector/_stats}: the fleet counted on the server — of every connector from
   * the snapshot housekeeping keeps (as of {@code counted_at}), or, for a connector-scoped key,
   * of its own connectors, counted now.
   */
  void stats(RoutingContext ctx) {
    QueryParams.allow(ctx);
    var command = new GetFleetStats(fleet.offlineAfter().value(), fleet.idleJobAfter().value(),
        SecurityGate.readable(ctx));
    store.send(command)
        .onSuccess(counts -> Responses.json(ctx, 200, statsAnswer(counts)))
        .onFailure(ctx::fail);
  }

  private Map<String, Object> statsAnswer(FleetCounts counted) {
    Map<String, Long> counts = counted.counts();
    Map<String, Object> connectorsByStatus = new LinkedHashMap<>();
    for (ConnectorStatus status : ConnectorStatus.values()) {
      connectorsByStatus.put(status.wireName(), counts.getOrDefault("connectors_" + status.wireName(), 0L));
    }
    Map<String, Object> jobsByStatus = new LinkedHashMap<>();
    for (SyncJobStatus status : SYNC_JOB_STATUS_ORDER) {
      jobsByStatus.put(status.wireName(), counts.getOrDefault("sync_jobs_" + status.wireName(), 0L));
    }
    Map<String, Object> connectors = new LinkedHashMap<>();
    connectors.put("total", counts.getOrDefault("total", 0L));
    connectors.put("by_status", connectorsByStatus);
    connectors.put("offline", counts.getOrDefault("offline", 0L));
    Map<String, Object> jobs = new LinkedHashMap<>();
    jobs.put("by_status", jobsByStatus);
    jobs.put("idle", counts.getOrDefault("idle", 0L));
    jobs.put("orphaned", counts.getOrDefault("orphaned", 0L));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("connectors", connectors);
    answer.put("sync_jobs", jobs);
    answer.put("offline_after", fleet.offlineAfter().text());
    answer.put("idle_job_after", fleet.idleJobAfter().text());
    answer.put("counted_at", counted.countedAt());
    return answer;
  }

  /** The order the answer lists job statuses in: a job's life, then its ends. */
  private static final List<SyncJobStatus> SYNC_JOB_STATUS_ORDER = List.of(SyncJobStatus.PENDING,
      SyncJobStatus.IN_PROGRESS, SyncJobStatus.COMPLETED, SyncJobStatus.CANCELING, SyncJobStatus.CANCELED,
      SyncJobStatus.ERROR, SyncJobStatus.SUSPENDED);
}
