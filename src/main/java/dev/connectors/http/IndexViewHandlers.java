package dev.connectors.http;

import dev.connectors.http.JsonBody.Kind;
import dev.connectors.http.JsonBody.Schema;
import dev.connectors.model.IndexCommands.Count;
import dev.connectors.model.IndexCommands.DocWrite;
import dev.connectors.model.IndexCommands.GetDoc;
import dev.connectors.model.IndexCommands.Hit;
import dev.connectors.model.IndexCommands.Hits;
import dev.connectors.model.IndexCommands.Outcome;
import dev.connectors.model.IndexCommands.Search;
import dev.connectors.model.IndexCommands.Sort;
import dev.connectors.model.IndexCommands.UpdateDoc;
import dev.connectors.model.IndexView;
import dev.connectors.model.UpdateError;
import dev.connectors.store.StoreClient;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The index view (beyond the Connector API, as Elasticsearch serves it): the connectors and sync
 * jobs as the documents of {@code .elastic-connectors} and {@code .elastic-connectors-sync-jobs},
 * which Elastic's connectors framework reads and writes directly. One set of rows: what the
 * Connector API writes is read here at once, and the reverse. {@code _seq_no} is the row's
 * transaction id ({@code xmin}), new with every write; {@code _primary_term} is always 1.
 */
final class IndexViewHandlers {

  static final String DOC_ID = "docid";
  /** Elasticsearch's {@code index.max_result_window}: from + size beyond it is refused. */
  static final int MAX_RESULT_WINDOW = 10_000;
  /** A sequence number no row has (a row's {@code xmin} is at least 3). */
  private static final Long MATCHES_NO_ROW = -3L;
  /** Pages up to this many hits are rendered on the event loop; larger ones on a worker. */
  static final int SMALL_PAGE = 100;
  /** Elasticsearch's default {@code track_total_hits}. */
  static final int DEFAULT_TRACK_TOTAL_HITS = 10_000;

  static final Schema SEARCH = new Schema("search_request", Map.of(
      "query", Kind.OBJECT, "from", Kind.LONG, "size", Kind.LONG, "sort", Kind.ANY,
      "seq_no_primary_term", Kind.BOOLEAN, "_source", Kind.ANY, "track_total_hits", Kind.ANY,
      "version", Kind.BOOLEAN, "timeout", Kind.STRING));
  static final Schema COUNT = new Schema("count_request", Map.of("query", Kind.OBJECT));
  static final Schema UPDATE = new Schema("update_request", Map.of(
      "doc", Kind.OBJECT, "detect_noop", Kind.BOOLEAN, "_source", Kind.ANY, "script", Kind.ANY,
      "upsert", Kind.OBJECT, "doc_as_upsert", Kind.BOOLEAN, "scripted_upsert", Kind.BOOLEAN));

  private static final String[] SEARCH_PARAMS = {"from", "size", "sort", "seq_no_primary_term", "_source",
      "_source_includes", "_source_excludes", "track_total_hits", "rest_total_hits_as_int", "expand_wildcards",
      "ignore_unavailable", "allow_no_indices", "typed_keys", "version", "timeout", "preference", "routing",
      "request_cache", "allow_partial_search_results", "search_type", "ccs_minimize_roundtrips"};

  private final StoreClient store;

  IndexViewHandlers(StoreClient store) {
    this.store = store;
  }

  /** The view a request's path names. */
  static IndexView view(RoutingContext ctx) {
    String name = ctx.normalizedPath().split("/")[1];
    return IndexView.named(name);
  }

  /** {@code HEAD /<index>}: the view's indices always exist. */
  void exists(RoutingContext ctx) {
    QueryParams.allow(ctx, "expand_wildcards", "ignore_unavailable", "allow_no_indices", "local",
        "flat_settings", "include_defaults", "master_timeout");
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON).end();
  }

  /** {@code PUT /<index>}: it exists already, and Elasticsearch says so. */
  void create(RoutingContext ctx) {
    IndexView view = view(ctx);
    throw ApiException.aboutIndex(400, "resource_already_exists_exception",
        "index [" + view.concreteName() + "/" + ClusterInfo.uuid(view.concreteName()) + "] already exists", view.concreteName());
  }

  /** {@code GET /<index>}: its alias, mappings and settings, as Elasticsearch shows an index. */
  void describe(RoutingContext ctx) {
    QueryParams.allow(ctx, "expand_wildcards", "ignore_unavailable", "allow_no_indices", "local",
        "flat_settings", "include_defaults", "master_timeout", "features");
    IndexView view = view(ctx);
    JsonObject properties = new JsonObject();
    view.fields().forEach((name, field) -> properties.put(name, new JsonObject().put("type", field.type().mappingName())));
    JsonObject index = new JsonObject()
        .put("aliases", new JsonObject().put(view.alias(), new JsonObject().put("is_hidden", true)))
        .put("mappings", new JsonObject().put("dynamic", "false").put("properties", properties))
        .put("settings", new JsonObject().put("index", new JsonObject()
            .put("hidden", "true").put("number_of_shards", "1").put("auto_expand_replicas", "0-1")
            .put("provided_name", view.concreteName()).put("uuid", ClusterInfo.uuid(view.concreteName()))
            .put("number_of_replicas", "0")));
    Responses.json(ctx, 200, new JsonObject().put(view.concreteName(), index));
  }

  /** {@code GET /<index>/_doc/{id}}. */
  void get(RoutingContext ctx) {
    IndexView view = view(ctx);
    SourceFilter source = SourceFilter.of(null, QueryParams.allow(ctx, "_source", "_source_includes",
        "_source_excludes", "realtime", "refresh", "routing", "preference", "stored_fields", "version", "version_type"));
    String id = docId(ctx);
    store.send(new GetDoc(view, id, SecurityGate.readable(ctx)))
        .onSuccess(hits -> {
          JsonObject answer = new JsonObject().put("_index", view.concreteName()).put("_id", id);
          if (hits.hits().isEmpty()) {
            Responses.json(ctx, 404, answer.put("found", false));
            return;
          }
          Hit hit = hits.hits().get(0);
          answer.put("_version", 1).put("_seq_no", hit.seqNo()).put("_primary_term", 1).put("found", true);
          JsonObject filtered = source.apply(source(hit));
          if (filtered != null) {
            answer.put("_source", filtered);
          }
          Responses.json(ctx, 200, answer);
        })
        .onFailure(ctx::fail);
  }

  /** {@code GET|POST /<index>/_search}. */
  void search(RoutingContext ctx) {
    IndexView view = view(ctx);
    QueryParams params = QueryParams.allow(ctx, SEARCH_PARAMS);
    Map<String, Object> body = JsonBody.optional(ctx.body().buffer(), SEARCH);
    QueryDsl dsl = new QueryDsl(view);
    int from = params.has("from") ? params.integer("from", 0) : intOf(body.get("from"), 0);
    int size = params.has("size") ? params.integer("size", 10) : intOf(body.get("size"), 10);
    if (from < 0) {
      throw ApiException.illegalArgument("[from] parameter cannot be negative, found [" + from + "]");
    }
    if (size < 0) {
      throw ApiException.illegalArgument("[size] parameter cannot be negative, found [" + size + "]");
    }
    if ((long) from + size > MAX_RESULT_WINDOW) {
      throw ApiException.illegalArgument("Result window is too large, from + size must be less than or equal to: ["
          + MAX_RESULT_WINDOW + "] but was [" + ((long) from + size) + "]. See the scroll api for a more efficient way "
          + "to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.");
    }
    List<Sort> sort = dsl.sort(params.has("sort") ? new JsonArray(params.list("sort")) : body.get("sort"));
    boolean seqNo = params.has("seq_no_primary_term") ? params.bool("seq_no_primary_term", false)
        : Boolean.TRUE.equals(body.get("seq_no_primary_term"));
    Integer countUpTo = trackTotalHits(params.has("track_total_hits") ? params.text("track_total_hits")
        : body.get("track_total_hits"));
    boolean totalAsInt = params.bool("rest_total_hits_as_int", false);
    SourceFilter source = SourceFilter.of(body.get("_source"), params);
    var command = new Search(view, dsl.parse(body.get("query")), from, size, sort, countUpTo, SecurityGate.readable(ctx));
    long started = System.nanoTime();
    store.send(command)
        .compose(hits -> {
          if (hits.hits().size() <= SMALL_PAGE) { // the framework's searches: rendered here at once
            return Responses.json(ctx, 200, searchAnswer(view, hits, command, seqNo, source, totalAsInt,
                (System.nanoTime() - started) / 1_000_000));
          }
          return ctx.vertx().executeBlocking(() -> searchAnswer(view, hits, command, seqNo, source, totalAsInt,
              (System.nanoTime() - started) / 1_000_000), false).compose(answer -> Responses.jsonOffLoop(ctx, 200, answer));
        })
        .onFailure(ctx::fail);
  }

  /** {@code GET|POST /<index>/_count}. */
  void count(RoutingContext ctx) {
    IndexView view = view(ctx);
    QueryParams.allow(ctx, "expand_wildcards", "ignore_unavailable", "allow_no_indices", "preference", "routing",
        "min_score", "terminate_after");
    Map<String, Object> body = JsonBody.optional(ctx.body().buffer(), COUNT);
    store.send(new Count(view, new QueryDsl(view).parse(body.get("query")), SecurityGate.readable(ctx)))
        .onSuccess(count -> Responses.json(ctx, 200, new JsonObject().put("count", count).put("_shards", shards())))
        .onFailure(ctx::fail);
  }

  /**
   * {@code POST /<index>/_update/{id}} with a partial document, conditional on
   * {@code if_seq_no}/{@code if_primary_term} when given. On the connectors, a document of only
   * {@code status} and {@code error} as {@code PUT _error} sets them (the framework's
   * {@code connected()} and {@code error()}) goes through the same coalesced statement.
   */
  void update(RoutingContext ctx) {
    IndexView view = view(ctx);
    QueryParams params = QueryParams.allow(ctx, "if_seq_no", "if_primary_term", "refresh", "retry_on_conflict",
        "timeout", "wait_for_active_shards", "require_alias", "_source", "_source_includes", "_source_excludes",
        "routing", "lang");
    String id = docId(ctx);
    Map<String, Object> body = JsonBody.required(ctx.body().buffer(), UPDATE);
    if (body.containsKey("script") || body.containsKey("upsert") || Boolean.TRUE.equals(body.get("doc_as_upsert"))
        || Boolean.TRUE.equals(body.get("scripted_upsert"))) {
      throw ApiException.illegalArgument("connector-service's index view updates existing documents with a partial "
          + "document ([doc]) only: scripts and upserts are not supported");
    }
    if (!(body.get("doc") instanceof JsonObject doc)) {
      throw ApiException.validation("script or doc is missing");
    }
    Long ifSeqNo = params.has("if_seq_no") ? longParam(params, "if_seq_no") : null;
    Long ifPrimaryTerm = params.has("if_primary_term") ? longParam(params, "if_primary_term") : null;
    if (ifSeqNo != null && ifPrimaryTerm == null) {
      throw ApiException.validation("ifSeqNo is set, but primary term is [0]");
    }
    if (ifSeqNo == null && ifPrimaryTerm != null) {
      throw ApiException.validation("ifSeqNo is unassigned, but primary term is [" + ifPrimaryTerm + "]");
    }
    JsonObject checked = DocPatch.check(view, id, doc);
    // every row's primary term is 1: asked for another, the update must conflict, whatever the row's sequence number
    var command = new UpdateDoc(view, id, checked, ifPrimaryTerm != null && ifPrimaryTerm != 1 ? MATCHES_NO_ROW
        : ifSeqNo, SecurityGate.writable(ctx));
    UpdateError coalesced = view == IndexView.CONNECTORS && ifSeqNo == null ? asErrorUpdate(id, checked) : null;
    Future<DocWrite> write = coalesced == null ? store.send(command)
        : store.send(coalesced).map(written -> new DocWrite(switch (written.result()) {
          case NOOP -> Outcome.NOOP;
          default -> Outcome.UPDATED;
        }, written.seqNo())).recover(failure -> isNotFound(failure) ? store.send(command) : Future.failedFuture(failure));
    write.onSuccess(done -> answerUpdate(ctx, view, id, ifSeqNo, ifPrimaryTerm, done)).onFailure(ctx::fail);
  }

  private static void answerUpdate(RoutingContext ctx, IndexView view, String id, Long ifSeqNo, Long ifPrimaryTerm,
      DocWrite done) {
    String index = view.concreteName();
    switch (done.outcome()) {
      // a reply's callback fails the request: an exception thrown here would reach no one
      case MISSING -> ctx.fail(ApiException.aboutIndex(404, "document_missing_exception", "[" + id + "]: document missing", index));
      case CONFLICT -> ctx.fail(ApiException.aboutIndex(409, "version_conflict_engine_exception", "[" + id
          + "]: version conflict, required seqNo [" + ifSeqNo + "], primary term [" + ifPrimaryTerm
          + "]. current document has seqNo [" + done.seqNo() + "] and primary term [1]", index));
      default -> {
        boolean noop = done.outcome() == Outcome.NOOP;
        Responses.json(ctx, 200, new JsonObject().put("_index", index).put("_id", id).put("_version", 1)
            .put("result", noop ? "noop" : "updated")
            .put("_shards", new JsonObject().put("total", noop ? 0 : 1).put("successful", noop ? 0 : 1).put("failed", 0))
            .put("_seq_no", done.seqNo()).put("_primary_term", 1));
      }
    }
  }

  /**
   * The update as {@code PUT _error} would make it: exactly {@code status} and {@code error},
   * {@code connected} with no error or {@code error} with one. Null for any other document.
   */
  private static UpdateError asErrorUpdate(String id, JsonObject doc) {
    if (!doc.fieldNames().equals(Set.of("status", "error"))) {
      return null;
    }
    UpdateError update = new UpdateError(id, doc.getString("error"));
    return update.status().wireName().equals(doc.getString("status")) ? update : null;
  }

  private static boolean isNotFound(Throwable failure) {
    return failure instanceof ReplyException reply
        && reply.failureCode() == dev.connectors.store.StoreError.NOT_FOUND.code();
  }

  private static JsonObject searchAnswer(IndexView view, Hits found, Search search, boolean seqNo, SourceFilter source,
      boolean totalAsInt, long tookMillis) {
    boolean sorted = !search.sort().isEmpty();
    JsonArray hits = new JsonArray();
    for (Hit hit : found.hits()) {
      JsonObject rendered = new JsonObject().put("_index", view.concreteName()).put("_id", hit.id());
      if (seqNo) {
        rendered.put("_seq_no", hit.seqNo()).put("_primary_term", 1);
      }
      rendered.put("_score", sorted ? null : 1.0);
      JsonObject filtered = source.apply(source(hit));
      if (filtered != null) {
        rendered.put("_source", filtered);
      }
      if (sorted) {
        rendered.put("sort", new JsonArray(hit.sort()));
      }
      hits.add(rendered);
    }
    JsonObject answerHits = new JsonObject();
    if (found.total() != null) {
      boolean lowerBound = search.countUpTo() != Integer.MAX_VALUE && found.total() >= search.countUpTo();
      answerHits.put("total", totalAsInt ? found.total()
          : new JsonObject().put("value", found.total()).put("relation", lowerBound ? "gte" : "eq"));
    }
    answerHits.put("max_score", sorted || hits.isEmpty() ? null : 1.0).put("hits", hits);
    return new JsonObject().put("took", tookMillis).put("timed_out", false).put("_shards", shards())
        .put("hits", answerHits);
  }

  /** A hit's {@code _source}: the Connector API's document without its {@code id}. */
  private static JsonObject source(Hit hit) {
    JsonObject source = Responses.tree(hit.document());
    source.remove("id");
    return source;
  }

  private static JsonObject shards() {
    return new JsonObject().put("total", 1).put("successful", 1).put("skipped", 0).put("failed", 0);
  }

  /** {@code track_total_hits}: true counts all, false none, a number up to it; default 10,000. */
  private static Integer trackTotalHits(Object value) {
    if (value == null) {
      return DEFAULT_TRACK_TOTAL_HITS;
    }
    String text = String.valueOf(value);
    return switch (text) {
      case "true" -> Integer.MAX_VALUE;
      case "false" -> null;
      default -> {
        try {
          int upTo = Integer.parseInt(text);
          if (upTo < -1) {
            throw ApiException.illegalArgument("[track_total_hits] parameter must be positive or equals to -1, got " + upTo);
          }
          yield upTo == -1 ? null : upTo;
        } catch (NumberFormatException e) {
          throw ApiException.illegalArgument("Failed to parse value [" + text + "] as only [true] or [false] are allowed.");
        }
      }
    };
  }

  private static int intOf(Object value, int fallback) {
    if (value == null) {
      return fallback;
    }
    long number = ((Number) value).longValue();
    if (number > Integer.MAX_VALUE || number < Integer.MIN_VALUE) {
      throw ApiException.illegalArgument("[" + value + "] is out of range for an int");
    }
    return (int) number;
  }

  private static long longParam(QueryParams params, String name) {
    String value = params.text(name);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.illegalArgument("Failed to parse long parameter [" + name + "] with value [" + value + "]");
    }
  }

  private static String docId(RoutingContext ctx) {
    return ConnectorIds.checked(ctx.pathParam(DOC_ID), "id");
  }

}
