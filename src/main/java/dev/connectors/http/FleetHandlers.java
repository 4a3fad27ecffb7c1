package dev.connectors.http;

import dev.connectors.config.FleetConfig;
import dev.connectors.model.FleetCommands.GetErrorHistory;
import dev.connectors.store.StoreClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fleet endpoints, which go beyond Elasticsearch's API (README, "Fleet operations"): each
 * parses its request into a command, sends it to the store and renders the reply.
 */
final class FleetHandlers {

  private final StoreClient store;
  private final FleetConfig fleet;

  FleetHandlers(StoreClient store, FleetConfig fleet) {
    this.store = store;
    this.fleet = fleet;
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
        .onSuccess(history -> {
          Map<String, Object> answer = new LinkedHashMap<>();
          answer.put("count", history.count());
          answer.put("results", history.results());
          if (history.more() && !history.results().isEmpty()) {
            long oldestShown = history.results().get(history.results().size() - 1).seq();
            answer.put("next", Cursor.encode(new JsonObject().put("before", oldestShown)));
          }
          Responses.json(ctx, 200, answer);
        })
        .onFailure(ctx::fail);
  }
}
