package dev.connectors.http;

import dev.connectors.config.UpstreamConfig;
import dev.connectors.model.IndexCommands.ContentIndices;
import dev.connectors.security.Action;
import dev.connectors.security.Principal;
import dev.connectors.store.StoreClient;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The content plane (beyond Elasticsearch's Connector API, so that the connectors framework
 * needs one host): with {@code ELASTICSEARCH_UPSTREAM_URL} set, every request that is not the
 * control plane goes to that Elasticsearch, bodies streamed both ways.
 * <ul>
 *   <li>The caller authenticates here, as for every endpoint; the upstream is called with the
 *       service's own credential, never the caller's.</li>
 *   <li>A caller limited to some connectors (a connector's API key) reaches only their content
 *       indices ({@code index_name}, and its {@code .search-acl-filter-} twin), by name, with the
 *       operations the framework uses; a {@code _bulk} body is read whole and every action line
 *       checked before a byte of it goes upstream. A caller not limited to connectors (the
 *       {@code elastic} user, an unrestricted key) reaches everything.</li>
 * </ul>
 */
final class ContentProxy {

  /** Operations on an index a connector-scoped caller may use, and whether each only reads. */
  private static final Set<String> READS = Set.of("", "_search", "_count", "_mapping", "_settings", "_stats", "_doc");
  private static final Set<String> WRITES = Set.of("", "_doc", "_create", "_update", "_bulk", "_refresh",
      "_delete_by_query", "_mapping", "_settings");
  /** Headers that belong to one connection, not to the request or response passed on. */
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "authorization");

  private final UpstreamConfig upstream;
  private final HttpClientAgent client;
  private final StoreClient store;

  ContentProxy(Vertx vertx, UpstreamConfig upstream, StoreClient store) {
    this.upstream = upstream;
    this.store = store;
    this.client = vertx.createHttpClient(new HttpClientOptions()
            .setDefaultHost(upstream.url().getHost())
            .setDefaultPort(upstream.port())
            .setSsl("https".equals(upstream.url().getScheme()))
            .setConnectTimeout(10_000)
            .setIdleTimeout(300)
            .setDecompressionSupported(false),
        new PoolOptions().setHttp1MaxSize(64));
  }

  /** The paths this service answers itself; everything else is the content plane. */
  static boolean isControlPlane(String path) {
    return path.equals("/") || path.equals("/_license") || path.equals("/_metrics") || path.equals("/_openapi")
        || path.startsWith("/_connector") || path.startsWith("/.elastic-connectors") || path.startsWith("/_security/")
        || path.startsWith("/_health/") || path.equals(FleetDashboard.PATH) || path.startsWith(FleetDashboard.PATH + "/");
  }

  /** For the gate: a caller that may reach no connector at all reaches no content either. */
  static String authorize(Principal principal) {
    Set<String> readable = principal.permission().connectorsAllowing(Action.READ_CONNECTORS);
    return readable == null || !readable.isEmpty() ? null : "indices:data/read/search";
  }

  /** A route handler after the gate: proxies the content plane, passes the control plane on. */
  void handle(RoutingContext ctx) {
    String path = SecurityGate.normalizedPath(ctx);
    if (isControlPlane(path)) {
      ctx.next();
      return;
    }
    Request request = Request.of(ctx.request().method(), path);
    Set<String> scope = SecurityGate.principal(ctx).permission()
        .connectorsAllowing(request.reads() ? Action.READ_CONNECTORS : Action.WRITE_CONNECTORS);
    if (scope == null) {
      forward(ctx, path, null);
      return;
    }
    if (!request.allowedShape()) {
      throw refused(ctx, request, List.of());
    }
    store.send(new ContentIndices(List.copyOf(scope))).onComplete(indices -> {
      if (indices.failed()) {
        ctx.fail(indices.cause());
        return;
      }
      Set<String> allowed = new HashSet<>();
      indices.result().forEach(name -> {
        allowed.add(name);
        allowed.add(".search-acl-filter-" + name);
      });
      if (!allowed.containsAll(request.indices())) {
        ctx.fail(refused(ctx, request, request.indices()));
        return;
      }
      if (!request.bulk()) {
        forward(ctx, path, null);
        return;
      }
      readWhole(ctx.request(), upstream.maxBulkBytes()).onComplete(read -> {
        if (read.failed()) {
          ctx.fail(read.cause());
          return;
        }
        List<String> named;
        try {
          named = bulkIndices(read.result(), request.indices().isEmpty() ? null : request.indices().get(0));
        } catch (ApiException malformed) {
          ctx.fail(malformed);
          return;
        }
        if (!allowed.containsAll(named)) {
          ctx.fail(refused(ctx, request, named.stream().filter(name -> !allowed.contains(name)).distinct().toList()));
          return;
        }
        forward(ctx, path, read.result());
      });
    });
  }

  /**
   * Sends the request upstream on {@code path}, the one that was checked (its body streamed, or
   * {@code body} when it was read), and streams the answer back.
   */
  private void forward(RoutingContext ctx, String path, Buffer body) {
    HttpServerRequest request = ctx.request();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    copyHeaders(request.headers(), headers);
    if (upstream.authorization() != null) {
      headers.set(HttpHeaders.AUTHORIZATION, upstream.authorization());
    }
    if (body != null) {
      headers.set(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()));
    }
    // the path as it was checked (dot segments resolved), never the raw one: /search-b/../search-a
    // was let through as search-a's and must reach search-a
    String query = request.query() == null ? "" : "?" + request.query();
    RequestOptions options = new RequestOptions().setMethod(request.method())
        .setURI(upstream.pathPrefix() + path + query).setIdleTimeout(300_000).setHeaders(headers);
    client.request(options)
        .compose(out -> send(out, request, body))
        .onComplete(answered -> {
          if (answered.failed()) {
            if (!ctx.response().headWritten()) {
              ctx.fail(new ApiException(502, "upstream_exception", "the upstream Elasticsearch ("
                  + upstream.url() + ") did not answer: " + answered.cause().getMessage()));
            }
            return;
          }
          HttpClientResponse in = answered.result();
          var response = ctx.response().setStatusCode(in.statusCode()).setStatusMessage(in.statusMessage());
          response.headers().clear();
          copyHeaders(in.headers(), response.headers());
          if (in.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            response.setChunked(true);
          }
          in.pipeTo(response);
        });
  }

  private static Future<HttpClientResponse> send(HttpClientRequest out, HttpServerRequest request, Buffer body) {
    if (body != null) {
      return out.send(body);
    }
    if (!MediaTypes.announcesBody(request)) {
      return out.send();
    }
    if (request.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
      out.setChunked(true);
    }
    return out.send(request);
  }

  private static void copyHeaders(MultiMap from, MultiMap to) {
    from.forEach((name, value) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        to.add(name, value);
      }
    });
  }

  /** The whole body, or 413 past {@code max} bytes (nothing is kept beyond it). */
  private static Future<Buffer> readWhole(HttpServerRequest request, long max) {
    Promise<Buffer> read = Promise.promise();
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (body.length() + chunk.length() > max) {
        read.tryFail(new ApiException(413, "content_too_long_exception", "the [_bulk] body is larger than "
            + "UPSTREAM_BULK_MAX_BYTES (" + max + " bytes) allows a connector-scoped caller"));
        request.handler(null);
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(ended -> read.tryComplete(body));
    request.exceptionHandler(read::tryFail);
    request.resume();
    return read.future();
  }

  /**
   * The index each action line of a {@code _bulk} body names ({@code _index}, else the path's);
   * a line that is not an action, or names none, is a 400.
   */
  static List<String> bulkIndices(Buffer body, String pathIndex) {
    List<String> indices = new ArrayList<>();
    String[] lines = body.toString(StandardCharsets.UTF_8).split("\n");
    boolean sourceNext = false;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      if (sourceNext) {
        sourceNext = false;
        continue;
      }
      JsonObject action;
      try {
        action = new JsonObject(line);
      } catch (DecodeException e) {
        throw ApiException.illegalArgument("Malformed action/metadata line, expected START_OBJECT");
      }
      if (action.size() != 1) {
        throw ApiException.illegalArgument("Malformed action/metadata line, expected one action");
      }
      String operation = action.fieldNames().iterator().next();
      if (!(action.getValue(operation) instanceof JsonObject metadata)
          || !Set.of("index", "create", "update", "delete").contains(operation)) {
        throw ApiException.illegalArgument("Malformed action/metadata line, expected field [create], [delete], "
            + "[index] or [update] but found [" + operation + "]");
      }
      String index = metadata.getValue("_index") instanceof String named ? named : pathIndex;
      if (index == null) {
        throw ApiException.validation("index is missing");
      }
      indices.add(index);
      sourceNext = !operation.equals("delete");
    }
    return indices;
  }

  private static ApiException refused(RoutingContext ctx, Request request, List<String> indices) {
    return SecurityGate.unauthorized(request.action(), SecurityGate.principal(ctx),
        (indices.isEmpty() ? "" : " on indices [" + String.join(",", indices) + "]")
            + ": a connector's key reaches its own connectors' content indices only");
  }

  /**
   * What a content request is, for a connector-scoped caller: the indices its path names, the
   * operation, and whether it only reads.
   */
  record Request(HttpMethod method, List<String> indices, String operation, boolean scroll) {

    static Request of(HttpMethod method, String path) {
      String[] segments = path.split("/");
      if (segments.length < 2 || segments[1].startsWith("_")) {
        String operation = segments.length < 2 ? "" : segments[1];
        boolean scroll = segments.length == 3 && segments[1].equals("_search") && segments[2].equals("scroll");
        return new Request(method, List.of(), operation, scroll);
      }
      List<String> indices = List.of(SecurityGate.decodedSegment(segments[1]).split(","));
      return new Request(method, indices, segments.length > 2 ? segments[2] : "", false);
    }

    boolean bulk() {
      return operation.equals("_bulk");
    }

    boolean reads() {
      return method == HttpMethod.GET || method == HttpMethod.HEAD || operation.equals("_search")
          || operation.equals("_count") || scroll;
    }

    /** A request of a shape a connector-scoped caller may send: on named indices, a bulk, or a scroll. */
    boolean allowedShape() {
      if (scroll || (indices.isEmpty() && bulk())) {
        return true;
      }
      if (indices.isEmpty() || indices.stream().anyMatch(name -> name.isEmpty() || name.contains("*")
          || name.startsWith("_") || name.startsWith("-"))) {
        return false;
      }
      return reads() ? READS.contains(operation) || WRITES.contains(operation) : WRITES.contains(operation);
    }

    /** Elasticsearch's name of the action, for a refusal. */
    String action() {
      return switch (operation) {
        case "_bulk" -> "indices:data/write/bulk";
        case "_search", "_count" -> "indices:data/read/search";
        case "_doc", "_create", "_update" -> reads() ? "indices:data/read/get" : "indices:data/write/index";
        case "" -> reads() ? "indices:admin/get" : "indices:admin/create";
        default -> scroll ? "indices:data/read/scroll" : "indices:admin/" + operation.replace("_", "");
      };
    }
  }
}
