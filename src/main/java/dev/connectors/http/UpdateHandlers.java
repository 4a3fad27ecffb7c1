package dev.connectors.http;

import static dev.connectors.http.JsonBody.Kind.ANY;
import static dev.connectors.http.JsonBody.Kind.ARRAY;
import static dev.connectors.http.JsonBody.Kind.BOOLEAN;
import static dev.connectors.http.JsonBody.Kind.DATE;
import static dev.connectors.http.JsonBody.Kind.LONG;
import static dev.connectors.http.JsonBody.Kind.OBJECT;
import static dev.connectors.http.JsonBody.Kind.STRING;

import dev.connectors.http.JsonBody.Kind;
import dev.connectors.http.JsonBody.Schema;
import dev.connectors.model.ConnectorStatus;
import dev.connectors.model.ConnectorUpdate;
import dev.connectors.model.UpdateConnector;
import dev.connectors.store.StoreClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The partial updates {@code PUT /_connector/{id}/<suffix>}: each endpoint is its body schema
 * and its checks; all of them become an {@link UpdateConnector} command, one SQL statement, and
 * answer {@code {"result":"updated"|"noop"}}.
 */
final class UpdateHandlers {

  /**
   * One endpoint. A null schema means the endpoint takes no body; {@code check} sees the parsed
   * body before it is sent and throws for what the schema alone cannot refuse.
   */
  record Endpoint(String suffix, ConnectorUpdate update, Schema schema, Consumer<JsonObject> check) {
  }

  private static final Set<String> SYNC_STATUSES =
      Set.of("canceling", "canceled", "completed", "error", "in_progress", "pending", "suspended");

  static final List<Endpoint> ENDPOINTS = List.of(
      new Endpoint("_check_in", ConnectorUpdate.CHECK_IN, null, body -> { }),
      new Endpoint("_status", ConnectorUpdate.STATUS,
          schema("connector_update_status_request", Map.of("status", STRING)), UpdateHandlers::checkStatus),
      new Endpoint("_name", ConnectorUpdate.NAME,
          schema("connector_update_name_request", Map.of("name", STRING, "description", STRING)), body -> {
            JsonBody.requireOne(body, "[name] and [description] cannot both be null.", "name", "description");
            ConnectorRules.checkDescription(body.getString("description"));
          }),
      new Endpoint("_index_name", ConnectorUpdate.INDEX_NAME,
          schema("connector_update_index_name_request", Map.of("index_name", STRING)), body -> {
            JsonBody.requireKey(body, "index_name");
            if (body.getString("index_name") != null) {
              IndexNames.validate(body.getString("index_name"));
            }
          }),
      new Endpoint("_service_type", ConnectorUpdate.SERVICE_TYPE,
          schema("connector_update_service_type_request", Map.of("service_type", STRING)),
          body -> JsonBody.requireValue(body, "service_type")),
      new Endpoint("_native", ConnectorUpdate.NATIVE,
          schema("connector_update_native_request", Map.of("is_native", BOOLEAN)),
          body -> JsonBody.requireValue(body, "is_native")),
      new Endpoint("_api_key_id", ConnectorUpdate.API_KEY_ID,
          schema("connector_update_api_key_id_request", Map.of("api_key_id", STRING, "api_key_secret_id", STRING)),
          body -> JsonBody.requireOne(body, "[api_key_id] and [api_key_secret_id] cannot both be [null]. "
              + "Please provide a value for at least one of them.", "api_key_id", "api_key_secret_id")),
      new Endpoint("_features", ConnectorUpdate.FEATURES,
          schema("connector_update_features_request", Map.of("features", OBJECT)),
          body -> JsonBody.requireValue(body, "features")),
      new Endpoint("_pipeline", ConnectorUpdate.PIPELINE,
          schema("connector_update_pipeline_request", Map.of("pipeline", OBJECT)),
          body -> ConnectorObjects.replace(body, "pipeline", ConnectorObjects::pipeline)),
      new Endpoint("_scheduling", ConnectorUpdate.SCHEDULING,
          schema("connector_update_scheduling_request", Map.of("scheduling", OBJECT)),
          body -> ConnectorObjects.replace(body, "scheduling", ConnectorObjects::scheduling)),
      new Endpoint("_configuration", ConnectorUpdate.CONFIGURATION,
          schema("connector_update_configuration_request", Map.of("configuration", OBJECT, "values", OBJECT)),
          UpdateHandlers::checkConfiguration),
      new Endpoint("_filtering", ConnectorUpdate.FILTERING,
          schema("connector_update_filtering_request",
              Map.of("filtering", ARRAY, "rules", ARRAY, "advanced_snippet", OBJECT)),
          body -> JsonBody.requireOne(body, "[filtering], [rules] and [advanced_snippet] cannot all be null.",
              "filtering", "rules", "advanced_snippet")),
      new Endpoint("_filtering/_activate", ConnectorUpdate.FILTERING_ACTIVATE, null, body -> { }),
      new Endpoint("_filtering/_validation", ConnectorUpdate.FILTERING_VALIDATION,
          schema("connector_update_filtering_validation_request", Map.of("validation", OBJECT)),
          UpdateHandlers::checkValidation),
      new Endpoint("_last_sync", ConnectorUpdate.LAST_SYNC,
          schema("connector_update_last_sync_stats_request", Map.ofEntries(
              Map.entry("last_access_control_sync_error", STRING),
              Map.entry("last_access_control_sync_scheduled_at", DATE),
              Map.entry("last_access_control_sync_status", STRING),
              Map.entry("last_deleted_document_count", LONG),
              Map.entry("last_incremental_sync_scheduled_at", DATE),
              Map.entry("last_indexed_document_count", LONG),
              Map.entry("last_seen", DATE),
              Map.entry("last_sync_error", STRING),
              Map.entry("last_sync_scheduled_at", DATE),
              Map.entry("last_sync_status", STRING),
              Map.entry("last_synced", DATE),
              Map.entry("sync_cursor", ANY))),
          UpdateHandlers::checkLastSync));

  private final StoreClient store;

  UpdateHandlers(StoreClient store) {
    this.store = store;
  }

  void update(RoutingContext ctx, Endpoint endpoint) {
    String id = ConnectorIds.fromPath(ctx);
    QueryParams.allow(ctx);
    JsonObject patch = JsonBody.patch(ctx, endpoint.schema(), endpoint.check());
    store.send(new UpdateConnector(id, endpoint.update(), patch))
        .onSuccess(result -> Responses.json(ctx, 200, new JsonObject().put("result", result.wireName())))
        .onFailure(ctx::fail);
  }

  private static Schema schema(String parserName, Map<String, Kind> fields) {
    return new Schema(parserName, fields);
  }

  private static void checkStatus(JsonObject body) {
    JsonBody.requireValue(body, "status");
    String status = body.getString("status");
    if (ConnectorStatus.fromWireNameOrNull(status) == null) {
      throw ApiException.illegalArgument("Unknown ConnectorStatus [" + status + "], expected one of "
          + "[created, needs_configuration, configured, connected, error]");
    }
  }

  private static void checkConfiguration(JsonObject body) {
    JsonBody.requireOne(body, "[configuration] and [values] cannot both be null.", "configuration", "values");
    if (body.containsKey("configuration") && body.containsKey("values")) {
      throw ApiException.validation("[configuration] and [values] cannot both be provided in the same request.");
    }
    if (body.containsKey("configuration")) {
      ConnectorObjects.configuration(body.getJsonObject("configuration"));
    }
  }

  private static void checkValidation(JsonObject body) {
    JsonBody.requireValue(body, "validation");
    Object state = body.getJsonObject("validation").getValue("state");
    if (!Set.of("edited", "invalid", "valid").contains(state)) {
      throw ApiException.illegalArgument("[validation.state] must be one of [edited, invalid, valid], got ["
          + state + "]");
    }
  }

  private static void checkLastSync(JsonObject body) {
    for (String field : List.of("last_sync_status", "last_access_control_sync_status")) {
      String status = body.getString(field);
      if (status != null && !SYNC_STATUSES.contains(status)) {
        throw ApiException.illegalArgument("[" + field + "] must be one of [canceling, canceled, completed, "
            + "error, in_progress, pending, suspended], got [" + status + "]");
      }
    }
  }
}
