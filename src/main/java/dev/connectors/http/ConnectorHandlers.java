package dev.connectors.http;

import dev.connectors.http.JsonBody.Kind;
import dev.connectors.http.JsonBody.Schema;
import dev.connectors.model.ConnectorStatus;
import dev.connectors.model.CreateConnector;
import dev.connectors.model.DeleteConnector;
import dev.connectors.model.GetConnector;
import dev.connectors.model.ListConnectors;
import dev.connectors.model.UpdateError;
import dev.connectors.model.WriteResult;
import dev.connectors.store.StoreClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The connector endpoints: each parses its request into a command, sends it to the store and
 * renders the reply. Anything thrown or failed goes to {@link ErrorRenderer}.
 */
final class ConnectorHandlers {

  static final Schema CREATE = new Schema("connector_put_request", Map.of(
      "name", Kind.STRING,
      "description", Kind.STRING,
      "index_name", Kind.STRING,
      "service_type", Kind.STRING,
      "language", Kind.STRING,
      "is_native", Kind.BOOLEAN));

  static final Schema UPDATE_ERROR = new Schema("connector_update_error_request",
      Map.of("error", Kind.STRING));

  private final StoreClient store;
  private final Duration offlineAfter;

  ConnectorHandlers(StoreClient store, Duration offlineAfter) {
    this.store = store;
    this.offlineAfter = offlineAfter;
  }

  /** {@code PUT /_connector/{id}}: create, or replace an existing connector. */
  void putConnector(RoutingContext ctx) {
    createConnector(ctx, ConnectorIds.forNewConnector(ctx));
  }

  /** {@code POST /_connector} and {@code PUT /_connector}: create under a generated id. */
  void postConnector(RoutingContext ctx) {
    createConnector(ctx, ConnectorIds.generate());
  }

  private void createConnector(RoutingContext ctx, String id) {
    QueryParams.allow(ctx);
    Map<String, Object> body = JsonBody.optional(ctx.body().buffer(), CREATE);
    String indexName = (String) body.get("index_name");
    if (indexName != null) {
      IndexNames.validate(indexName);
    }
    ConnectorRules.checkNewConnector((String) body.get("description"), Boolean.TRUE.equals(body.get("is_native")),
        indexName);
    var command = new CreateConnector(id,
        (String) body.get("name"),
        (String) body.get("description"),
        indexName,
        (String) body.get("service_type"),
        (String) body.get("language"),
        Boolean.TRUE.equals(body.get("is_native")));
    store.send(command)
        .onSuccess(result -> Responses.json(ctx, result == WriteResult.CREATED ? 201 : 200,
            new JsonObject().put("id", id).put("result", result.wireName())))
        .onFailure(ctx::fail);
  }

  /** {@code GET /_connector/{id}}. */
  void getConnector(RoutingContext ctx) {
    String id = ConnectorIds.fromPath(ctx);
    boolean includeDeleted = QueryParams.allow(ctx, "include_deleted").bool("include_deleted", false);
    store.send(new GetConnector(id, includeDeleted))
        .onSuccess(connector -> Responses.json(ctx, 200, connector))
        .onFailure(ctx::fail);
  }

  /** The list's filters: Elasticsearch's, then {@code status} and {@code offline} (beyond it). */
  static final List<String> LIST_FILTERS = List.of("index_name", "connector_name", "service_type", "query",
      "include_deleted", "status", "offline");

  /**
   * {@code GET /_connector}: a page of connectors, filtered, with the total count; when more
   * follow, a cursor ({@code next}) that {@code search_after} continues with.
   */
  void listConnectors(RoutingContext ctx) {
    QueryParams request = QueryParams.allow(ctx, Stream.concat(Stream.of("from", "size", "search_after"),
        LIST_FILTERS.stream()).toArray(String[]::new));
    int from = request.integer("from", 0);
    int size = request.integer("size", Paging.DEFAULT_SIZE);
    Paging.check(from, size);
    JsonObject cursor = Cursor.decode(request);
    QueryParams filters = Cursor.filters(ctx, request, cursor, LIST_FILTERS);
    List<String> indexNames = filters.list("index_name");
    indexNames.forEach(IndexNames::validate);
    List<String> statuses = filters.list("status");
    statuses.forEach(ConnectorHandlers::checkStatus);
    ListConnectors.After after = null;
    if (cursor != null) {
      JsonArray position = Cursor.after(cursor, name -> name == null || Cursor.isText(name),
          request.text("search_after"));
      after = new ListConnectors.After(position.getString(0), position.getString(1));
    }
    var command = new ListConnectors(from, size, indexNames, filters.list("connector_name"),
        filters.list("service_type"), filters.text("query"), filters.bool("include_deleted", false), statuses,
        filters.has("offline") ? filters.bool("offline", true) : null, offlineAfter, after, SecurityGate.readable(ctx));
    store.send(command)
        .onSuccess(page -> Responses.jsonOffLoop(ctx, 200, Cursor.answer(page, last -> Cursor.listCursor(filters,
            LIST_FILTERS, new JsonArray().add(last.indexName()).add(last.id())))))
        .onFailure(ctx::fail);
  }

  static void checkStatus(String status) {
    if (ConnectorStatus.fromWireNameOrNull(status) == null) {
      throw ApiException.illegalArgument("[status] must be one of " + Arrays.stream(ConnectorStatus.values())
          .map(ConnectorStatus::wireName).toList() + ", got [" + status + "]");
    }
  }

  /** {@code DELETE /_connector/{id}}: soft by default, {@code ?hard=true} removes the row. */
  void deleteConnector(RoutingContext ctx) {
    String id = ConnectorIds.fromPath(ctx);
    QueryParams params = QueryParams.allow(ctx, "hard", "delete_sync_jobs");
    var command = new DeleteConnector(id, params.bool("hard", false), params.bool("delete_sync_jobs", false));
    store.send(command)
        .onSuccess(result -> Responses.json(ctx, 200, new JsonObject().put("acknowledged", true)))
        .onFailure(ctx::fail);
  }

  /** {@code PUT /_connector/{id}/_error}: sets error and status in one statement. */
  void updateError(RoutingContext ctx) {
    String id = ConnectorIds.fromPath(ctx);
    QueryParams.allow(ctx);
    Map<String, Object> body = JsonBody.required(ctx.body().buffer(), UPDATE_ERROR);
    if (!body.containsKey("error")) {
      throw ApiException.illegalArgument("Required [error]");
    }
    store.send(new UpdateError(id, (String) body.get("error")))
        .onSuccess(written -> Responses.json(ctx, 200, new JsonObject().put("result", written.result().wireName())))
        .onFailure(ctx::fail);
  }
}
