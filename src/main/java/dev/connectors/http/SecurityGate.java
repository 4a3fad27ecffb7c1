package dev.connectors.http;

import dev.connectors.model.Privileges;
import dev.connectors.model.SecurityCommands.ApiKey;
import dev.connectors.model.SecurityCommands.FindApiKey;
import dev.connectors.security.Credentials;
import dev.connectors.security.Principal;
import dev.connectors.security.Secrets;
import dev.connectors.security.SecuritySettings;
import dev.connectors.store.StoreClient;
import dev.connectors.store.StoreError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Authentication in the Elasticsearch style ({@code Authorization: ApiKey <base64(id:key)>}, or
 * {@code Basic} for the user {@code elastic}) and authorization by the caller's privileges, in
 * front of every endpoint but the service's own health, metrics and description. Keys are cached
 * per HTTP verticle; an invalidation reaches every cache over the event bus.
 */
final class SecurityGate {

  static final String PRINCIPAL = "principal";
  static final String INVALIDATED_ADDRESS = "connector-service.security.invalidated";
  private static final Set<String> OPEN = Set.of("/", "/_health/live", "/_health/ready", "/_metrics", "/_openapi");
  /** Compared against when a key id is unknown, so that a miss takes as long as a wrong secret. */
  private static final String NO_KEY_HASH = Secrets.sha256("no such key");

  private final SecuritySettings settings;
  private final StoreClient store;
  private final Map<String, ApiKey> keys = new HashMap<>();

  SecurityGate(Vertx vertx, SecuritySettings settings, StoreClient store) {
    this.settings = settings;
    this.store = store;
    vertx.eventBus().<JsonArray>localConsumer(INVALIDATED_ADDRESS,
        message -> message.body().forEach(keys::remove));
  }

  /** A route handler ahead of every endpoint. */
  void check(RoutingContext ctx) {
    if (!settings.enabled()) {
      ctx.next();
      return;
    }
    String path = normalizedPath(ctx);
    if (OPEN.contains(path)) {
      ctx.next();
      return;
    }
    Credentials credentials = Credentials.parse(ctx.request().getHeader("Authorization"));
    if (credentials == null) {
      throw unauthenticated("missing authentication credentials for REST request [" + ctx.request().path() + "]");
    }
    authenticate(credentials, ctx.request().path()).onComplete(authenticated -> {
      if (authenticated.failed()) {
        ctx.fail(authenticated.cause());
        return;
      }
      Principal principal = authenticated.result();
      String action = authorize(principal, ctx.request().method().name(), path);
      if (action != null) {
        ctx.fail(new ApiException(403, "security_exception",
            "action [" + action + "] is unauthorized for " + principal.described()));
        return;
      }
      ctx.put(PRINCIPAL, principal);
      ctx.next();
    });
  }

  private Future<Principal> authenticate(Credentials credentials, String path) {
    if (credentials instanceof Credentials.Basic basic) {
      boolean ok = Secrets.matches(basic.password(), settings.adminPasswordHash());
      return ok && Principal.ADMIN.equals(basic.user())
          ? Future.succeededFuture(new Principal(Principal.ADMIN, null, null, Privileges.SUPERUSER))
          : Future.failedFuture(unauthenticated("unable to authenticate user [" + basic.user()
              + "] for REST request [" + path + "]"));
    }
    var apiKey = (Credentials.ApiKey) credentials;
    ApiKey cached = keys.get(apiKey.id());
    Future<ApiKey> key = cached != null ? Future.succeededFuture(cached) : store.send(new FindApiKey(apiKey.id()));
    return key.recover(SecurityGate::unknownKeyAsNull).compose(found -> {
      boolean secretMatches = Secrets.matches(apiKey.secret(), found == null ? NO_KEY_HASH : found.secretHash());
      if (found == null || !secretMatches) {
        return Future.failedFuture(unauthenticated("unable to authenticate with provided credentials and anonymous "
            + "access is not allowed for this request"));
      }
      if (!found.usableAt(Instant.now())) {
        keys.remove(found.id());
        return Future.failedFuture(unauthenticated(found.invalidated() ? "api key has been invalidated" : "api key is expired"));
      }
      keys.put(found.id(), found);
      return Future.succeededFuture(new Principal(found.creator(), found.id(), found.name(), found.privileges()));
    });
  }

  /**
   * An unknown key id becomes null, to be refused like a wrong secret. Any other failure (the
   * database unreachable, say) stays a failure: a 503, not a 401 for a key that may be valid.
   */
  private static Future<ApiKey> unknownKeyAsNull(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && StoreError.fromCode(reply.failureCode()) == StoreError.NOT_FOUND
        ? Future.succeededFuture(null) : Future.failedFuture(failure);
  }

  /** Null when allowed; else the Elasticsearch action name the caller lacks. */
  static String authorize(Principal principal, String method, String path) {
    Privileges privileges = principal.privileges();
    boolean read = method.equals("GET");
    if (path.startsWith("/_security/")) {
      boolean allowed = path.equals("/_security/_authenticate") || privileges.canManageSecurity();
      return allowed ? null : "cluster:admin/xpack/security" + path.substring("/_security".length());
    }
    String[] segments = path.split("/");
    // /_connector → list or create; /_connector/_sync_job... → jobs; /_connector/{id}[/...] → one connector
    String connectorId = segments.length > 2 && !segments[2].equals("_sync_job")
        ? URLDecoder.decode(segments[2].replace("+", "%2B"), StandardCharsets.UTF_8) : null;
    String operation = segments.length > 3 ? String.join("/", Arrays.copyOfRange(segments, 3, segments.length))
        : (segments.length > 2 && segments[2].equals("_sync_job") ? "sync_job" : "");
    String action = "cluster:admin/xpack/connector/" + (operation.isEmpty() ? method.toLowerCase() : operation
        .replace("_", "") + "/" + method.toLowerCase());
    boolean allowed = (read ? privileges.canReadConnectors() : privileges.canWriteConnectors())
        && privileges.reaches(connectorId);
    return allowed ? null : action;
  }

  /** The path with dot segments resolved; a malformed percent-encoding is the client's error. */
  static String normalizedPath(RoutingContext ctx) {
    try {
      return ctx.normalizedPath();
    } catch (IllegalArgumentException malformed) {
      throw ApiException.illegalArgument("malformed path [" + ctx.request().path() + "]");
    }
  }

  static ApiException unauthenticated(String reason) {
    return new ApiException(401, "security_exception", reason);
  }
}
