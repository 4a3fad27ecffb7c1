package dev.connectors.http;

import dev.connectors.model.IndexView;

import dev.connectors.security.Action;
import dev.connectors.security.Authenticator;
import dev.connectors.security.Credentials;
import dev.connectors.security.Principal;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Authentication in the Elasticsearch style ({@code Authorization: ApiKey <base64(id:key)>}, or
 * {@code Basic} for the user {@code elastic}) and authorization by the caller's permission, in
 * front of every endpoint but the service's own health, metrics and description — and in front
 * of the body: a request is authenticated before its body is read, so an anonymous client
 * cannot make the service buffer anything. The credentials themselves are checked by the
 * instance's {@link Authenticator}.
 */
final class SecurityGate {

  static final String PRINCIPAL = "principal";
  /** {@code GET /_connector/_stats} (beyond Elasticsearch), not a connector named {@code _stats}. */
  static final String STATS = "/_connector/_stats";
  /** {@code GET /_connector/_watch} (beyond Elasticsearch), the connectors' changes as a stream. */
  static final String WATCH = "/_connector/_watch";
  /** The reads over the fleet, and the action a caller that may read no connector lacks. */
  private static final Map<String, String> FLEET_READS = Map.of(
      STATS, "cluster:admin/xpack/connector/stats/get",
      WATCH, "cluster:admin/xpack/connector/watch/get",
      "/_connector", "cluster:admin/xpack/connector/get",
      "/_connector/_sync_job", "cluster:admin/xpack/connector/syncjob/get");
  private static final Set<String> OPEN = Set.of("/", "/_health/live", "/_health/ready", "/_metrics", "/_openapi");

  private final Authenticator authenticator;

  /** Whether the content plane is proxied upstream ({@link ContentProxy}), which checks its own requests. */
  private final boolean contentProxied;

  /** {@code authenticator} null: security is off, every request passes as the superuser. */
  SecurityGate(Authenticator authenticator, boolean contentProxied) {
    this.authenticator = authenticator;
    this.contentProxied = contentProxied;
  }

  /** A route handler ahead of the body handler and every endpoint. */
  void check(RoutingContext ctx) {
    String path = normalizedPath(ctx);
    if (authenticator == null || OPEN.contains(path) || FleetDashboard.isPage(path)) {
      ctx.put(PRINCIPAL, Principal.SUPERUSER);
      ctx.next();
      return;
    }
    Credentials credentials = Credentials.parse(ctx.request().getHeader("Authorization"));
    if (credentials == null) {
      throw Authenticator.unauthenticated("missing authentication credentials for REST request ["
          + ctx.request().path() + "]");
    }
    // a body announced must wait, unread, until the caller is known; the body handler resumes it
    boolean body = MediaTypes.announcesBody(ctx.request());
    if (body) {
      ctx.request().pause();
    }
    admit(ctx, credentials, path).onComplete(admitted -> {
      if (admitted.failed()) {
        ctx.fail(admitted.cause());
        return;
      }
      ctx.put(PRINCIPAL, admitted.result());
      ctx.next();
    });
  }

  /**
   * Whether the caller of a request still passes the gate — its key not invalidated or expired
   * since, its permission unchanged — for a stream that outlives the moment it was let in.
   */
  Future<Boolean> stillAllowed(RoutingContext ctx) {
    Credentials credentials = Credentials.parse(ctx.request().getHeader("Authorization"));
    if (authenticator == null || credentials == null) {
      return Future.succeededFuture(authenticator == null);
    }
    return admit(ctx, credentials, ctx.normalizedPath()).map(principal -> true).otherwise(false);
  }

  /** The caller the credentials authenticate, if its permission allows the request; else 401 or 403. */
  private Future<Principal> admit(RoutingContext ctx, Credentials credentials, String path) {
    return authenticator.authenticate(credentials, ctx.request().remoteAddress().host(), ctx.request().path())
        .compose(principal -> {
          String action = contentProxied && !ContentProxy.isControlPlane(path) ? ContentProxy.authorize(principal)
              : authorize(principal, ctx.request().method().name(), path);
          return action == null ? Future.succeededFuture(principal) : Future.failedFuture(unauthorized(action, principal, ""));
        });
  }

  /**
   * The connectors the caller may read, for a read over the fleet to show only those: null when
   * every one (security off included).
   */
  static List<String> readable(RoutingContext ctx) {
    Set<String> readable = principal(ctx).permission().connectorsAllowing(Action.READ_CONNECTORS);
    return readable == null ? null : List.copyOf(readable);
  }

  /** The connectors the caller may write, for the index view's updates: null when every one. */
  static List<String> writable(RoutingContext ctx) {
    Set<String> writable = principal(ctx).permission().connectorsAllowing(Action.WRITE_CONNECTORS);
    return writable == null ? null : List.copyOf(writable);
  }

  /**
   * For an endpoint whose connector is named in the body (a sync job's creation): 403, as the
   * gate answers, unless the caller may write that connector.
   */
  static void requireWrite(RoutingContext ctx, String connectorId, String action) {
    Principal principal = principal(ctx);
    if (!principal.permission().allows(Action.WRITE_CONNECTORS, connectorId)) {
      throw unauthorized(action, principal, "");
    }
  }

  /** Elasticsearch's 403: the action the caller lacks, who the caller is, and {@code more} said after it. */
  static ApiException unauthorized(String action, Principal principal, String more) {
    return new ApiException(403, "security_exception", "action [" + action + "] is unauthorized for "
        + principal.described() + more);
  }

  /** A segment of a request's path as text: its percent-encoding decoded, a {@code +} kept as it is. */
  static String decodedSegment(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The caller, as the gate let it through. */
  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  /** Null when allowed; else the Elasticsearch action name the caller lacks. */
  static String authorize(Principal principal, String method, String path) {
    if (path.startsWith("/_security/")) {
      boolean allowed = path.equals("/_security/_authenticate")
          || principal.permission().allows(Action.MANAGE_OWN_API_KEYS, null);
      return allowed ? null : "cluster:admin/xpack/security" + path.substring("/_security".length());
    }
    if (path.equals("/_license")) {
      return null; // Elasticsearch asks for monitor; every connector key of a fleet has it
    }
    String[] segments = path.split("/");
    if (segments.length > 1 && IndexView.named(segments[1]) != null) {
      return authorizeIndexView(principal, method, segments);
    }
    if (segments.length > 2 && segments[2].equals("_secret")) {
      Action needed = method.equals("GET") ? Action.READ_SECRETS : Action.WRITE_SECRETS;
      return principal.permission().allows(needed, null) ? null
          : "cluster:admin/xpack/connector/secret/" + method.toLowerCase();
    }
    if (method.equals("GET") && FLEET_READS.containsKey(path)) {
      // a read over the fleet: any reader passes and sees what it may read (a scoped key, its own)
      Set<String> readable = principal.permission().connectorsAllowing(Action.READ_CONNECTORS);
      return readable == null || !readable.isEmpty() ? null : FLEET_READS.get(path);
    }
    // /_connector → list or create; /_connector/_sync_job... → jobs; /_connector/{id}[/...] → one connector
    String connectorId = segments.length > 2 && !segments[2].equals("_sync_job")
        ? decodedSegment(segments[2]) : null;
    String operation = segments.length > 3 ? String.join("/", Arrays.copyOfRange(segments, 3, segments.length))
        : (segments.length > 2 && segments[2].equals("_sync_job") ? "sync_job" : "");
    String action = "cluster:admin/xpack/connector/" + (operation.isEmpty() ? method.toLowerCase() : operation
        .replace("_", "") + "/" + method.toLowerCase());
    Action needed = method.equals("GET") || method.equals("HEAD") ? Action.READ_CONNECTORS : Action.WRITE_CONNECTORS;
    if (segments.length > 2 && segments[2].equals("_sync_job")) {
      // a job's connector is known only to the store (or, for a new job, from the body): a caller
      // that may reach some connector passes, and reaches its own connectors' jobs only
      Set<String> allowed = principal.permission().connectorsAllowing(needed);
      return allowed == null || !allowed.isEmpty() ? null : action;
    }
    return principal.permission().allows(needed, connectorId) ? null : action;
  }

  /**
   * The index view: every caller that may read some connector may search and read (and sees
   * the documents of its connectors only); an update of a connector needs write on it, of a
   * sync job write on some connector (the statement checks the job's). Elasticsearch's index
   * action names.
   */
  private static String authorizeIndexView(Principal principal, String method, String[] segments) {
    boolean update = segments.length > 2 && segments[2].equals("_update");
    Set<String> allowed = principal.permission().connectorsAllowing(update ? Action.WRITE_CONNECTORS : Action.READ_CONNECTORS);
    if (update && IndexView.named(segments[1]) == IndexView.CONNECTORS && segments.length > 3) {
      String id = decodedSegment(segments[3]);
      return principal.permission().allows(Action.WRITE_CONNECTORS, id) ? null : "indices:data/write/update";
    }
    if (allowed == null || !allowed.isEmpty()) {
      return null;
    }
    if (update) {
      return "indices:data/write/update";
    }
    return segments.length > 2 && segments[2].equals("_doc") ? "indices:data/read/get"
        : segments.length > 2 ? "indices:data/read/search" : "indices:admin/get";
  }

  /** The path with dot segments resolved; a malformed percent-encoding is the client's error. */
  static String normalizedPath(RoutingContext ctx) {
    try {
      return ctx.normalizedPath();
    } catch (IllegalArgumentException malformed) {
      throw ApiException.illegalArgument("malformed path [" + ctx.request().path() + "]");
    }
  }
}
