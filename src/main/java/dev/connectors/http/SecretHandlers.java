package dev.connectors.http;

import dev.connectors.http.JsonBody.Kind;
import dev.connectors.http.JsonBody.Schema;
import dev.connectors.model.SecretCommands.DeleteSecret;
import dev.connectors.model.SecretCommands.GetSecret;
import dev.connectors.model.SecretCommands.StoreSecret;
import dev.connectors.model.WriteResult;
import dev.connectors.security.SecretBox;
import dev.connectors.store.StoreClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code /_connector/_secret}: the connector secrets API (Kibana and the connectors CLI keep
 * Elastic-managed connectors' credentials there). Values are sealed here, with
 * {@code SECRETS_KEY}, before they go to the store, and opened here on the way out; without
 * the key the API answers 400 and stores nothing.
 */
final class SecretHandlers {

  static final String PATH_PARAM = "secret_id";
  static final Schema VALUE = new Schema("connector_secret_request", Map.of("value", Kind.STRING));

  private final StoreClient store;
  /** Null when SECRETS_KEY is not set. */
  private final SecretBox box;

  SecretHandlers(StoreClient store, SecretBox box) {
    this.store = store;
    this.box = box;
  }

  /** {@code POST /_connector/_secret {"value": …}}: a new secret under a generated id. */
  void create(RoutingContext ctx) {
    QueryParams.allow(ctx);
    String value = value(ctx);
    String id = ConnectorIds.generate();
    store.send(new StoreSecret(id, box().seal(id, value)))
        .onSuccess(created -> Responses.json(ctx, 200, new JsonObject().put("id", id)))
        .onFailure(ctx::fail);
  }

  /** {@code PUT /_connector/_secret/{id} {"value": …}}: creates (201) or replaces (200). */
  void put(RoutingContext ctx) {
    String id = id(ctx);
    QueryParams.allow(ctx);
    String value = value(ctx);
    store.send(new StoreSecret(id, box().seal(id, value)))
        .onSuccess(result -> Responses.json(ctx, result == WriteResult.CREATED ? 201 : 200,
            new JsonObject().put("result", result.wireName())))
        .onFailure(ctx::fail);
  }

  /** {@code GET /_connector/_secret/{id}}: {@code {"id", "value"}}. */
  void get(RoutingContext ctx) {
    String id = id(ctx);
    QueryParams.allow(ctx);
    SecretBox opener = box();
    store.send(new GetSecret(id))
        .map(sealed -> opener.open(id, sealed)) // a value that does not authenticate fails here: 500, never hidden
        .onSuccess(value -> Responses.json(ctx, 200, new JsonObject().put("id", id).put("value", value)))
        .onFailure(ctx::fail);
  }

  /** {@code DELETE /_connector/_secret/{id}}: {@code {"deleted": true}}. */
  void delete(RoutingContext ctx) {
    String id = id(ctx);
    QueryParams.allow(ctx);
    box();
    store.send(new DeleteSecret(id))
        .onSuccess(deleted -> Responses.json(ctx, 200, new JsonObject().put("deleted", true)))
        .onFailure(ctx::fail);
  }

  private SecretBox box() {
    if (box == null) {
      throw ApiException.illegalArgument("the connector secrets API needs SECRETS_KEY (base64 of 32 random bytes) "
          + "in the service's environment; without it no secret is stored or read");
    }
    return box;
  }

  private String value(RoutingContext ctx) {
    box();
    Map<String, Object> body = JsonBody.required(ctx.body().buffer(), VALUE);
    String value = (String) body.get("value");
    if (value == null || value.isEmpty()) {
      throw ApiException.validation("[value] of the connector secret cannot be [null] or [\"\"]");
    }
    return value;
  }

  private static String id(RoutingContext ctx) {
    return ConnectorIds.checked(ctx.pathParam(PATH_PARAM), "id");
  }
}
