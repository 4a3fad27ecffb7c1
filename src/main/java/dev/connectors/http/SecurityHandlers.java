package dev.connectors.http;

import static dev.connectors.http.JsonBody.Kind.ARRAY;
import static dev.connectors.http.JsonBody.Kind.OBJECT;
import static dev.connectors.http.JsonBody.Kind.STRING;

import dev.connectors.http.JsonBody.Schema;
import dev.connectors.model.Privileges;
import dev.connectors.model.SecurityCommands.ApiKey;
import dev.connectors.model.SecurityCommands.CreateApiKey;
import dev.connectors.model.SecurityCommands.InvalidateApiKeys;
import dev.connectors.model.SecurityCommands.ListApiKeys;
import dev.connectors.security.Principal;
import dev.connectors.security.Secrets;
import dev.connectors.store.StoreClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /_security}: API keys (create, list, invalidate) and {@code _authenticate}. */
final class SecurityHandlers {

  private static final Schema CREATE = new Schema("api_key_request",
      Map.of("name", STRING, "expiration", STRING, "role_descriptors", OBJECT, "metadata", OBJECT));
  private static final Schema INVALIDATE = new Schema("invalidate_api_key_request",
      Map.of("ids", ARRAY, "id", STRING));
  private static final Pattern EXPIRATION = Pattern.compile("(\\d+)(d|h|m|s|ms)");

  private final Vertx vertx;
  private final StoreClient store;

  SecurityHandlers(Vertx vertx, StoreClient store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** {@code POST /_security/api_key}: a new key; its secret appears in this answer only. */
  void createApiKey(RoutingContext ctx) {
    QueryParams.allow(ctx);
    Principal caller = principal(ctx);
    Map<String, Object> body = JsonBody.required(ctx.body().buffer(), CREATE);
    String name = (String) body.get("name");
    if (name == null || name.isBlank()) {
      throw ApiException.validation("api key name is required");
    }
    Instant expiration = expiration((String) body.get("expiration"));
    Privileges privileges = body.get("role_descriptors") == null ? caller.privileges()
        : fromRoleDescriptors((JsonObject) body.get("role_descriptors"), caller);
    String id = ConnectorIds.generate();
    String secret = Secrets.generate();
    var key = new ApiKey(id, name, Secrets.sha256(secret), caller.user(), privileges, null, expiration, false);
    store.send(new CreateApiKey(key)).onSuccess(created -> {
      JsonObject answer = new JsonObject().put("id", id).put("name", name).put("api_key", secret)
          .put("encoded", Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)));
      if (expiration != null) {
        answer.put("expiration", expiration.toEpochMilli());
      }
      Responses.json(ctx, 200, answer);
    }).onFailure(ctx::fail);
  }

  /** {@code GET /_security/api_key}: every key, never a secret. */
  void listApiKeys(RoutingContext ctx) {
    QueryParams.allow(ctx);
    store.send(new ListApiKeys()).onSuccess(keys -> {
      JsonArray listed = new JsonArray();
      for (ApiKey key : keys) {
        JsonObject entry = new JsonObject().put("id", key.id()).put("name", key.name())
            .put("creation", key.createdAt().toEpochMilli()).put("invalidated", key.invalidated())
            .put("username", key.creator()).put("realm", "connector_service");
        if (key.expiration() != null) {
          entry.put("expiration", key.expiration().toEpochMilli());
        }
        listed.add(entry);
      }
      Responses.json(ctx, 200, new JsonObject().put("api_keys", listed));
    }).onFailure(ctx::fail);
  }

  /** {@code DELETE /_security/api_key {"ids": [...]}}: invalidates, and every cache forgets them. */
  void invalidateApiKeys(RoutingContext ctx) {
    QueryParams.allow(ctx);
    Map<String, Object> body = JsonBody.required(ctx.body().buffer(), INVALIDATE);
    List<String> ids = new ArrayList<>();
    if (body.get("ids") != null) {
      ((JsonArray) body.get("ids")).forEach(id -> ids.add(String.valueOf(id)));
    }
    if (body.get("id") != null) {
      ids.add((String) body.get("id"));
    }
    if (ids.isEmpty()) {
      throw ApiException.validation("one of [api key id, api key name, username, realm name] must be specified");
    }
    store.send(new InvalidateApiKeys(ids)).onSuccess(result -> {
      vertx.eventBus().publish(SecurityGate.INVALIDATED_ADDRESS, new JsonArray(ids));
      Responses.json(ctx, 200, new JsonObject()
          .put("invalidated_api_keys", new JsonArray(result.invalidated()))
          .put("previously_invalidated_api_keys", new JsonArray(result.previouslyInvalidated()))
          .put("error_count", 0));
    }).onFailure(ctx::fail);
  }

  /** {@code GET /_security/_authenticate}: who the caller is. */
  void authenticate(RoutingContext ctx) {
    QueryParams.allow(ctx);
    Principal caller = principal(ctx);
    JsonObject answer = new JsonObject().put("username", caller.user())
        .put("authentication_type", caller.apiKeyId() == null ? "realm" : "api_key")
        .put("cluster_privileges", new JsonArray(List.copyOf(new TreeSet<>(caller.privileges().cluster()))))
        .put("connectors", caller.privileges().connectors() == null ? null : new JsonArray(caller.privileges().connectors()));
    if (caller.apiKeyId() != null) {
      answer.put("api_key", new JsonObject().put("id", caller.apiKeyId()).put("name", caller.apiKeyName()));
    }
    Responses.json(ctx, 200, answer);
  }

  private static Principal principal(RoutingContext ctx) {
    Principal principal = ctx.get(SecurityGate.PRINCIPAL);
    return principal != null ? principal : new Principal(Principal.ADMIN, null, null, Privileges.SUPERUSER);
  }

  /** {@code {"role": {"cluster": [...], "connectors": [...]}}}: no more than the creator holds. */
  private static Privileges fromRoleDescriptors(JsonObject descriptors, Principal caller) {
    Set<String> cluster = new TreeSet<>();
    Set<String> connectors = new TreeSet<>();
    boolean everyConnector = descriptors.isEmpty();
    for (String role : descriptors.fieldNames()) {
      if (!(descriptors.getValue(role) instanceof JsonObject descriptor)) {
        throw ApiException.parse("[role_descriptors] [" + role + "] must be an object");
      }
      for (Object privilege : descriptor.getJsonArray("cluster", new JsonArray())) {
        if (!Privileges.KNOWN.contains(privilege)) {
          throw ApiException.illegalArgument("unknown cluster privilege [" + privilege + "]. a privilege must be one of "
              + new TreeSet<>(Privileges.KNOWN));
        }
        cluster.add((String) privilege);
      }
      JsonArray ids = descriptor.getJsonArray("connectors");
      if (ids == null) {
        everyConnector = true;
      } else {
        ids.forEach(id -> connectors.add(String.valueOf(id)));
      }
    }
    if (!caller.privileges().cluster().contains("all") && !caller.privileges().cluster().containsAll(cluster)) {
      throw new ApiException(403, "security_exception", "cannot create an API key with privileges " + cluster
          + " beyond those of " + caller.described());
    }
    List<String> restriction = everyConnector ? caller.privileges().connectors() : List.copyOf(connectors);
    return new Privileges(cluster, restriction);
  }

  /** Elasticsearch's time values: 30d, 12h, 15m, 10s, 500ms. */
  private static Instant expiration(String value) {
    if (value == null) {
      return null;
    }
    Matcher m = EXPIRATION.matcher(value.trim());
    if (!m.matches()) {
      throw ApiException.illegalArgument("failed to parse setting [expiration] with value [" + value
          + "] as a time value: unit is missing or unrecognized");
    }
    long amount = Long.parseLong(m.group(1));
    Duration duration = switch (m.group(2)) {
      case "d" -> Duration.ofDays(amount);
      case "h" -> Duration.ofHours(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "s" -> Duration.ofSeconds(amount);
      default -> Duration.ofMillis(amount);
    };
    return Instant.now().plus(duration);
  }
}
