package dev.connectors.http;

import dev.connectors.config.AppConfig;
import dev.connectors.model.CheckReady;
import dev.connectors.model.IndexView;
import dev.connectors.security.Authenticator;
import dev.connectors.security.SecretBox;
import dev.connectors.store.StoreClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/** Every route of the service, and the handlers that run before and after them. */
public final class ApiRouter {

  private static final String CONNECTOR = "/_connector/:" + ConnectorIds.PATH_PARAM;
  private static final String SYNC_JOBS = "/_connector/_sync_job";
  private static final String SECRETS = "/_connector/_secret";
  private static final String SECRET = SECRETS + "/:" + SecretHandlers.PATH_PARAM;
  private static final String SYNC_JOB = SYNC_JOBS + "/:" + SyncJobHandlers.PATH_PARAM;

  private ApiRouter() {
  }

  public static Router create(Vertx vertx, AppConfig config, StoreClient store,
      PrometheusMeterRegistry registry, Buffer openapi, Authenticator authenticator, BooleanSupplier stopping,
      ChangeFeed feed) {
    var connectors = new ConnectorHandlers(store, config.fleet().offlineAfter().value());
    var updates = new UpdateHandlers(store);
    var syncJobs = new SyncJobHandlers(store);
    var proxy = config.upstream() == null ? null : new ContentProxy(vertx, config.upstream(), store);
    var gate = new SecurityGate(authenticator, proxy != null);
    var fleet = new FleetHandlers(store, config.fleet(), feed, gate::stillAllowed);
    Router router = Router.router(vertx);

    if (config.accessLog()) {
      router.route().handler(AccessLog.recorder(path -> routeTemplate(router, path)));
    }
    router.route().handler(Responses::productHeader);
    router.route().handler(new InFlightLimit(config.maxInFlightRequests())::admit);
    router.route().handler(ConnectorIds::checkPath);
    router.route().handler(ctx -> {
      if (proxy != null && !ContentProxy.isControlPlane(ctx.normalizedPath())) {
        ctx.next(); // the content plane's bodies are the upstream's to judge (a _bulk is NDJSON)
      } else {
        MediaTypes.requireJsonBody(ctx);
      }
    });
    router.route().handler(gate::check);
    if (proxy != null) {
      router.route().handler(proxy::handle);
    }
    // only now, after authentication, is a body read (a request without one skips the body
    // handler: after an asynchronous authentication it may have ended already)
    BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
    router.route().handler(ctx -> {
      if (MediaTypes.announcesBody(ctx.request())) {
        body.handle(ctx);
      } else {
        ctx.next();
      }
    });

    JsonObject clusterInfo = ClusterInfo.of(config);
    router.get("/").handler(ctx -> {
      QueryParams.allow(ctx);
      Responses.json(ctx, 200, clusterInfo);
    });
    router.head("/").handler(ApiRouter::ping);
    JsonObject license = ClusterInfo.license(config);
    router.get("/_license").handler(ctx -> {
      QueryParams.allow(ctx, "accept_enterprise", "local");
      Responses.json(ctx, 200, license);
    });
    router.get("/_health/live").handler(ApiRouter::live);
    router.get("/_health/ready").handler(ctx -> ready(ctx, store, stopping));
    router.get("/_metrics").handler(PrometheusScrapingHandler.create(registry));

    var doc = new OpenApiDocument();
    var securityApi = new SecurityHandlers(store, authenticator == null ? null : authenticator.keys());
    withBody(router, doc, HttpMethod.POST, "/_security/api_key", SecurityHandlers.CREATE).handler(securityApi::createApiKey);
    router.get("/_security/api_key").handler(securityApi::listApiKeys);
    withBody(router, doc, HttpMethod.DELETE, "/_security/api_key", SecurityHandlers.INVALIDATE).handler(securityApi::invalidateApiKeys);
    router.get("/_security/_authenticate").handler(securityApi::authenticate);

    // secret and sync-job routes first: /_connector/_secret/x would otherwise match /_connector/{id}/<update>
    var secrets = new SecretHandlers(store, config.secretsKey() == null ? null : new SecretBox(config.secretsKey()));
    withBody(router, doc, HttpMethod.POST, SECRETS, SecretHandlers.VALUE).handler(secrets::create);
    router.get(SECRET).handler(secrets::get);
    withBody(router, doc, HttpMethod.PUT, SECRET, SecretHandlers.VALUE).handler(secrets::put);
    router.delete(SECRET).handler(secrets::delete);

    withBody(router, doc, HttpMethod.POST, SYNC_JOBS, SyncJobHandlers.CREATE).handler(syncJobs::createSyncJob);
    router.get(SYNC_JOBS).handler(syncJobs::listSyncJobs);
    router.get(SYNC_JOB).handler(syncJobs::getSyncJob);
    router.delete(SYNC_JOB).handler(syncJobs::deleteSyncJob);
    for (SyncJobHandlers.Endpoint endpoint : SyncJobHandlers.ENDPOINTS) {
      withBody(router, doc, HttpMethod.PUT, SYNC_JOB + "/" + endpoint.suffix(), endpoint.schema()).handler(ctx -> syncJobs.update(ctx, endpoint));
    }

    router.get("/_connector").handler(connectors::listConnectors);
    router.get(SecurityGate.STATS).handler(fleet::stats); // before /_connector/{id}
    router.get(SecurityGate.WATCH).handler(fleet::watch);
    withBody(router, doc, HttpMethod.PUT, "/_connector", ConnectorHandlers.CREATE).handler(connectors::postConnector);
    withBody(router, doc, HttpMethod.POST, "/_connector", ConnectorHandlers.CREATE).handler(connectors::postConnector);
    withBody(router, doc, HttpMethod.PUT, CONNECTOR, ConnectorHandlers.CREATE).handler(connectors::putConnector);
    router.get(CONNECTOR).handler(connectors::getConnector);
    router.get(CONNECTOR + "/_error_history").handler(fleet::errorHistory);
    router.delete(CONNECTOR).handler(connectors::deleteConnector);
    withBody(router, doc, HttpMethod.PUT, CONNECTOR + "/_error", ConnectorHandlers.UPDATE_ERROR).handler(connectors::updateError);
    for (UpdateHandlers.Endpoint endpoint : UpdateHandlers.ENDPOINTS) {
      withBody(router, doc, HttpMethod.PUT, CONNECTOR + "/" + endpoint.suffix(), endpoint.schema()).handler(ctx -> updates.update(ctx, endpoint));
    }

    // the index view: the two tables as the connectors framework's indices, under both names
    var indexView = new IndexViewHandlers(store);
    for (IndexView view : IndexView.values()) {
      for (String name : view.names()) {
        String index = "/" + name;
        router.head(index).handler(indexView::exists);
        router.get(index).handler(indexView::describe);
        router.put(index).handler(indexView::create);
        router.get(index + "/_doc/:" + IndexViewHandlers.DOC_ID).handler(indexView::get);
        withBody(router, doc, HttpMethod.GET, index + "/_search", IndexViewHandlers.SEARCH).handler(indexView::search);
        withBody(router, doc, HttpMethod.POST, index + "/_search", IndexViewHandlers.SEARCH).handler(indexView::search);
        withBody(router, doc, HttpMethod.GET, index + "/_count", IndexViewHandlers.COUNT).handler(indexView::count);
        withBody(router, doc, HttpMethod.POST, index + "/_count", IndexViewHandlers.COUNT).handler(indexView::count);
        withBody(router, doc, HttpMethod.POST, index + "/_update/:" + IndexViewHandlers.DOC_ID, IndexViewHandlers.UPDATE)
            .handler(indexView::update);
      }
    }

    // the fleet dashboard (beyond Elasticsearch): static files, open like /_openapi; every number
    // on it comes from the API with the credential the page is given
    router.get(FleetDashboard.PATH).handler(FleetDashboard::redirect);
    router.get(FleetDashboard.PATH + "/*").handler(FleetDashboard::securityHeaders).handler(FleetDashboard.files());

    Buffer document = doc.render(openapi);
    router.get("/_openapi").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON).end(document));

    router.route().failureHandler(ErrorRenderer::render);
    router.errorHandler(404, ErrorRenderer::render);
    router.errorHandler(405, ctx -> {
      ctx.response().putHeader(HttpHeaders.ALLOW, allowedMethods(router, ctx.normalizedPath()));
      ErrorRenderer.render(ctx);
    });
    return router;
  }

  /** A route whose request body the endpoint's schema defines, for validation and for the document alike. */
  private static Route withBody(Router router, OpenApiDocument doc, HttpMethod method, String path,
      JsonBody.Schema schema) {
    if (schema != null) {
      doc.requestBody(method, path, schema);
    }
    return router.route(method, path);
  }

  /** The methods the router serves on this path, for the {@code Allow} header of a 405. */
  private static String allowedMethods(Router router, String path) {
    Set<String> methods = new TreeSet<>();
    for (Route route : endpointsMatching(router, path)) {
      route.methods().forEach(method -> methods.add(method.name()));
    }
    return String.join(", ", methods);
  }

  /** The route template ({@code /_connector/:id/_error}) a path falls under, for the access log. */
  private static String routeTemplate(Router router, String path) {
    List<Route> matching = endpointsMatching(router, path);
    return matching.isEmpty() ? "unmatched" : matching.get(0).getPath();
  }

  /** The endpoint routes whose path template matches; worked out only for failed requests. */
  private static List<Route> endpointsMatching(Router router, String path) {
    return router.getRoutes().stream()
        .filter(route -> route.getPath() != null && route.methods() != null
            && path.matches(route.getPath().replaceAll(":[A-Za-z_]+", "[^/]+")))
        .toList();
  }

  /** {@code GET /_health/live}: the process is up. */
  private static void live(RoutingContext ctx) {
    Responses.json(ctx, 200, new JsonObject().put("status", "live"));
  }

  /**
   * {@code GET /_health/ready}: PostgreSQL answers, is migrated and takes writes, and the
   * service is not stopping; 503 otherwise.
   */
  private static void ready(RoutingContext ctx, StoreClient store, BooleanSupplier stopping) {
    if (stopping.getAsBoolean()) {
      throw ApiException.unavailable("the service is stopping: it finishes what it has and takes no new work");
    }
    store.send(new CheckReady())
        .onSuccess(ready -> Responses.json(ctx, 200, new JsonObject().put("status", "ready")))
        .onFailure(ctx::fail);
  }

  /** {@code HEAD /}: the official clients' {@code ping()}; 200 without a body. */
  private static void ping(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON).end();
  }

}
