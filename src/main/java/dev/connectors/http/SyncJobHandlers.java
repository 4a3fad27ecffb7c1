package dev.connectors.http;

import static dev.connectors.http.JsonBody.Kind.ANY;
import static dev.connectors.http.JsonBody.Kind.DATE;
import static dev.connectors.http.JsonBody.Kind.LONG;
import static dev.connectors.http.JsonBody.Kind.OBJECT;
import static dev.connectors.http.JsonBody.Kind.STRING;

import dev.connectors.http.JsonBody.Schema;
import dev.connectors.model.SyncJobCommands.CreateSyncJob;
import dev.connectors.model.SyncJobCommands.DeleteSyncJob;
import dev.connectors.model.SyncJobCommands.GetSyncJob;
import dev.connectors.model.SyncJobCommands.ListSyncJobs;
import dev.connectors.model.SyncJobCommands.SyncJobUpdate;
import dev.connectors.model.SyncJobCommands.UpdateSyncJob;
import dev.connectors.store.StoreClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** {@code /_connector/_sync_job}: create, read, list, delete and update sync jobs. */
final class SyncJobHandlers {

  static final String PATH_PARAM = "job_id";

  private static final Set<String> JOB_TYPES = Set.of("full", "incremental", "access_control");
  private static final Set<String> TRIGGER_METHODS = Set.of("on_demand", "scheduled");
  private static final Set<String> STATUSES =
      Set.of("canceling", "canceled", "completed", "error", "in_progress", "pending", "suspended");

  static final Schema CREATE = new Schema("connector_sync_job_post_request",
      Map.of("id", STRING, "job_type", STRING, "trigger_method", STRING));

  /**
   * One update endpoint; a null schema takes no body. {@code _cancel} answers
   * {@code {"result": …}}; the others answer {@code {}}: Elasticsearch's source answers them with
   * the result too, but the official Java client (elasticsearch-java 9.5) decodes their answers as
   * empty objects and fails on any field, so the service answers what the client can read.
   */
  record Endpoint(String suffix, SyncJobUpdate update, Schema schema, Consumer<JsonObject> check,
      boolean answersResult) {
  }

  static final List<Endpoint> ENDPOINTS = List.of(
      new Endpoint("_cancel", SyncJobUpdate.CANCEL, null, body -> { }, true),
      new Endpoint("_check_in", SyncJobUpdate.CHECK_IN, null, body -> { }, false),
      new Endpoint("_claim", SyncJobUpdate.CLAIM, new Schema("connector_sync_job_claim_request",
          Map.of("worker_hostname", STRING, "sync_cursor", ANY)),
          body -> JsonBody.requireValue(body, "worker_hostname"), false),
      new Endpoint("_error", SyncJobUpdate.ERROR, new Schema("connector_sync_job_error_request",
          Map.of("error", STRING)), body -> JsonBody.requireValue(body, "error"), false),
      new Endpoint("_stats", SyncJobUpdate.STATS, new Schema("connector_sync_job_update_stats_request",
          Map.of("deleted_document_count", LONG, "indexed_document_count", LONG,
              "indexed_document_volume", LONG, "total_document_count", LONG, "last_seen", DATE,
              "metadata", OBJECT)),
          SyncJobHandlers::checkStats, false));

  private final StoreClient store;

  SyncJobHandlers(StoreClient store) {
    this.store = store;
  }

  /** {@code POST /_connector/_sync_job}: a pending job for a live connector. */
  void createSyncJob(RoutingContext ctx) {
    QueryParams.allow(ctx);
    Map<String, Object> body = JsonBody.required(ctx.body().buffer(), CREATE);
    String connectorId = (String) body.get("id");
    if (connectorId == null || connectorId.isBlank()) {
      throw ApiException.validation("[id] of the connector cannot be [null] or [\"\"].");
    }
    String jobType = oneOf("job_type", (String) body.getOrDefault("job_type", "full"), JOB_TYPES);
    String trigger = oneOf("trigger_method", (String) body.getOrDefault("trigger_method", "on_demand"),
        TRIGGER_METHODS);
    SecurityGate.requireWrite(ctx, connectorId, "cluster:admin/xpack/connector/sync_job/post");
    String jobId = ConnectorIds.generate();
    store.send(new CreateSyncJob(jobId, connectorId, jobType == null ? "full" : jobType,
            trigger == null ? "on_demand" : trigger))
        .onSuccess(result -> Responses.json(ctx, 200, new JsonObject().put("id", jobId)))
        .onFailure(ctx::fail);
  }

  void getSyncJob(RoutingContext ctx) {
    String id = jobId(ctx);
    QueryParams.allow(ctx);
    store.send(new GetSyncJob(id, SecurityGate.readable(ctx)))
        .onSuccess(job -> Responses.json(ctx, 200, job))
        .onFailure(ctx::fail);
  }

  /** The list's filters, as Elasticsearch has them. */
  static final List<String> LIST_FILTERS = List.of("status", "connector_id", "job_type");

  /**
   * {@code GET /_connector/_sync_job}: a page of jobs, newest first; when more follow, a cursor
   * ({@code next}, beyond Elasticsearch) that {@code search_after} continues with.
   */
  void listSyncJobs(RoutingContext ctx) {
    QueryParams request = QueryParams.allow(ctx, "from", "size", "search_after", "status", "connector_id", "job_type");
    int from = request.integer("from", 0);
    int size = request.integer("size", Paging.DEFAULT_SIZE);
    Paging.check(from, size);
    JsonObject cursor = Cursor.decode(request);
    QueryParams filters = Cursor.filters(ctx, request, cursor, LIST_FILTERS);
    String status = oneOf("status", filters.text("status"), STATUSES);
    List<String> jobTypes = filters.list("job_type");
    jobTypes.forEach(type -> oneOf("job_type", type, JOB_TYPES));
    ListSyncJobs.After after = null;
    if (cursor != null) {
      JsonArray position = Cursor.after(cursor, Cursor::isWholeNumber, request.text("search_after"));
      after = new ListSyncJobs.After(position.getLong(0), position.getString(1));
    }
    store.send(new ListSyncJobs(from, size, status, filters.text("connector_id"), jobTypes, after,
            SecurityGate.readable(ctx)))
        .onSuccess(page -> Responses.jsonOffLoop(ctx, 200, Cursor.answer(page, last -> Cursor.listCursor(filters,
            LIST_FILTERS, new JsonArray().add(micros(last.createdAt())).add(last.id())))))
        .onFailure(ctx::fail);
  }

  private static long micros(Instant time) {
    return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
  }

  void deleteSyncJob(RoutingContext ctx) {
    String id = jobId(ctx);
    QueryParams.allow(ctx);
    store.send(new DeleteSyncJob(id, SecurityGate.writable(ctx)))
        .onSuccess(result -> Responses.json(ctx, 200, new JsonObject().put("acknowledged", true)))
        .onFailure(ctx::fail);
  }

  void update(RoutingContext ctx, Endpoint endpoint) {
    String id = jobId(ctx);
    QueryParams.allow(ctx);
    JsonObject patch = JsonBody.patch(ctx, endpoint.schema(), endpoint.check());
    store.send(new UpdateSyncJob(id, endpoint.update(), patch, SecurityGate.writable(ctx)))
        .onSuccess(result -> Responses.json(ctx, 200, endpoint.answersResult()
            ? new JsonObject().put("result", result.wireName()) : new JsonObject()))
        .onFailure(ctx::fail);
  }

  /** Elasticsearch's rules: three counts required, and no count negative (every one named, numbered). */
  private static void checkStats(JsonObject body) {
    List.of("deleted_document_count", "indexed_document_count", "indexed_document_volume")
        .forEach(field -> JsonBody.requireValue(body, field));
    List<String> negative = java.util.stream.Stream.of("deleted_document_count", "indexed_document_count",
            "indexed_document_volume", "total_document_count")
        .filter(field -> body.getLong(field) != null && body.getLong(field) < 0)
        .map(field -> "[" + field + "] cannot be negative.").toList();
    if (!negative.isEmpty()) {
      throw ApiException.validation(negative);
    }
  }

  private static String jobId(RoutingContext ctx) {
    return ConnectorIds.checked(ctx.pathParam(PATH_PARAM), "connector_sync_job_id");
  }

  /** The value when it is one of the accepted ones (or null); else a 400 naming them. */
  private static String oneOf(String field, String value, Set<String> accepted) {
    if (value != null && !accepted.contains(value)) {
      throw ApiException.illegalArgument("[" + field + "] must be one of " + accepted.stream().sorted().toList()
          + ", got [" + value + "]");
    }
    return value;
  }
}
