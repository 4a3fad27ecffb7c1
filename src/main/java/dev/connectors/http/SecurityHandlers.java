package dev.connectors.http;

import static dev.connectors.http.JsonBody.Kind.ARRAY;
import static dev.connectors.http.JsonBody.Kind.OBJECT;
import static dev.connectors.http.JsonBody.Kind.STRING;

import dev.connectors.config.TimeValue;
import dev.connectors.http.JsonBody.Schema;
import dev.connectors.model.SecurityCommands.ApiKey;
import dev.connectors.model.SecurityCommands.CreateApiKey;
import dev.connectors.model.SecurityCommands.InvalidateApiKeys;
import dev.connectors.model.SecurityCommands.ListApiKeys;
import dev.connectors.security.Action;
import dev.connectors.security.ApiKeyCache;
import dev.connectors.security.Permission;
import dev.connectors.security.Principal;
import dev.connectors.security.Role;
import dev.connectors.security.RoleDescriptors;
import dev.connectors.security.RoleDescriptors.InvalidRoleDescriptor;
import dev.connectors.security.Secrets;
import dev.connectors.store.StoreClient;
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
import java.util.TreeSet;

/**
 * {@code /_security}: API keys (create, list, invalidate) and {@code _authenticate}. A key never
 * grants more than its creator holds, connector scope included; a key made by a key records it
 * as its parent, expires no later than it, and is invalidated with it.
 */
final class SecurityHandlers {

  static final Schema CREATE = new Schema("api_key_request",
      Map.of("name", STRING, "expiration", STRING, "role_descriptors", OBJECT, "metadata", OBJECT));
  static final Schema INVALIDATE = new Schema("invalidate_api_key_request",
      Map.of("ids", ARRAY, "id", STRING));
  /** The longest expiration a key may be given; Elasticsearch sets none, PostgreSQL's dates end. */
  static final Duration MAX_EXPIRATION = Duration.ofDays(36_500);

  private final StoreClient store;
  /** The instance's key cache, told at once of invalidations made here; null with security off. */
  private final ApiKeyCache keys;

  SecurityHandlers(StoreClient store, ApiKeyCache keys) {
    this.store = store;
    this.keys = keys;
  }

  /** {@code POST /_security/api_key}: a new key; its secret appears in this answer only. */
  void createApiKey(RoutingContext ctx) {
    QueryParams.allow(ctx);
    Principal caller = SecurityGate.principal(ctx);
    Map<String, Object> body = JsonBody.required(ctx.body().buffer(), CREATE);
    String name = (String) body.get("name");
    if (name == null || name.isBlank()) {
      throw ApiException.validation("api key name is required");
    }
    Instant expiration = earlier(expiration((String) body.get("expiration")), caller.expiration());
    JsonObject descriptors = (JsonObject) body.get("role_descriptors");
    Permission permission = descriptors == null || descriptors.isEmpty() ? caller.permission()
        : caller.permission().restrictedTo(roles(descriptors, caller));
    String id = ConnectorIds.generate();
    String secret = Secrets.generate();
    var key = new ApiKey(id, name, Secrets.sha256(secret), caller.user(), permission, null, expiration, false,
        caller.apiKeyId());
    store.send(new CreateApiKey(key)).onSuccess(created -> {
      JsonObject answer = new JsonObject().put("id", id).put("name", name).put("api_key", secret)
          .put("encoded", Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)));
      if (expiration != null) {
        answer.put("expiration", expiration.toEpochMilli());
      }
      Responses.json(ctx, 200, answer);
    }).onFailure(ctx::fail);
  }

  /** {@code GET /_security/api_key}: every key (the caller's own only, for {@code manage_own_api_key}), never a secret. */
  void listApiKeys(RoutingContext ctx) {
    QueryParams.allow(ctx);
    store.send(new ListApiKeys(ownedBy(SecurityGate.principal(ctx)))).onSuccess(found -> {
      JsonArray listed = new JsonArray();
      for (ApiKey key : found) {
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

  /**
   * {@code DELETE /_security/api_key {"ids": [...]}}: invalidates them and every key they made;
   * this instance's cache forgets them at once, the others when PostgreSQL tells them.
   */
  void invalidateApiKeys(RoutingContext ctx) {
    QueryParams.allow(ctx);
    Map<String, Object> body = JsonBody.required(ctx.body().buffer(), INVALIDATE);
    List<String> ids = new ArrayList<>();
    if (body.get("ids") != null) {
      for (Object id : (JsonArray) body.get("ids")) {
        if (!(id instanceof String text)) {
          throw ApiException.parse("[invalidate_api_key_request] ids must be an array of strings");
        }
        ids.add(text);
      }
    }
    if (body.get("id") != null) {
      ids.add((String) body.get("id"));
    }
    if (ids.isEmpty()) {
      throw ApiException.validation("one of [api key id, api key name, username, realm name] must be specified");
    }
    store.send(new InvalidateApiKeys(ids, ownedBy(SecurityGate.principal(ctx)))).onSuccess(result -> {
      if (keys != null) {
        keys.invalidate(result.invalidated());
      }
      Responses.json(ctx, 200, new JsonObject()
          .put("invalidated_api_keys", new JsonArray(result.invalidated()))
          .put("previously_invalidated_api_keys", new JsonArray(result.previouslyInvalidated()))
          .put("error_count", 0));
    }).onFailure(ctx::fail);
  }

  /** {@code GET /_security/_authenticate}: who the caller is. */
  void authenticate(RoutingContext ctx) {
    QueryParams.allow(ctx);
    Principal caller = SecurityGate.principal(ctx);
    List<String> connectors = caller.permission().connectors();
    JsonObject answer = new JsonObject().put("username", caller.user())
        .put("authentication_type", caller.apiKeyId() == null ? "realm" : "api_key")
        .put("cluster_privileges", new JsonArray(List.copyOf(caller.permission().clusterPrivileges())))
        .put("connectors", connectors == null ? null : new JsonArray(connectors));
    if (caller.apiKeyId() != null) {
      answer.put("api_key", new JsonObject().put("id", caller.apiKeyId()).put("name", caller.apiKeyName()));
    }
    Responses.json(ctx, 200, answer);
  }

  /** Null when the caller manages every key; else the caller's key, whose own keys it manages. */
  private static String ownedBy(Principal caller) {
    return caller.permission().allows(Action.MANAGE_API_KEYS, null) ? null : caller.apiKeyId();
  }

  /** The requested roles, each of which the caller must hold itself. */
  private static List<Role> roles(JsonObject descriptors, Principal caller) {
    List<Role> roles;
    try {
      roles = RoleDescriptors.parse(descriptors);
    } catch (InvalidRoleDescriptor invalid) {
      throw new ApiException(400, "parse_exception", invalid.getMessage());
    }
    for (Role role : roles) {
      if (!caller.permission().covers(role)) {
        throw new ApiException(403, "security_exception", "cannot create an API key with privileges "
            + new TreeSet<>(role.cluster()) + (role.connectors() == null ? " on every connector"
            : " on connectors " + role.connectors()) + " beyond those of " + caller.described());
      }
    }
    return roles;
  }

  /** Elasticsearch's time values ({@code 30d}, {@code 12h}, {@code 500ms}), positive and at most 100 years. */
  private static Instant expiration(String value) {
    if (value == null) {
      return null;
    }
    Duration duration;
    try {
      duration = TimeValue.parse(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.illegalArgument("failed to parse setting [expiration] with value [" + value
          + "] as a time value: " + e.getMessage());
    }
    if (duration.isZero() || duration.compareTo(MAX_EXPIRATION) > 0) {
      throw ApiException.illegalArgument("[expiration] must be more than [0s] and at most [" + MAX_EXPIRATION.toDays()
          + "d], got [" + value + "]");
    }
    return Instant.now().plus(duration);
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }
}
