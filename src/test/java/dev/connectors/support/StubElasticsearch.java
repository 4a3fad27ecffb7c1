package dev.connectors.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the content plane's Elasticsearch in tests: it records every request it gets
 * (method, URI, Authorization, body) and answers the content requests the connectors framework
 * sends during a sync the way Elasticsearch does, keeping the documents a {@code _bulk} indexed
 * per index so that {@code _count} tells how many arrived.
 */
public final class StubElasticsearch implements AutoCloseable {

  /** One request as it arrived. */
  public record Received(String method, String uri, String authorization, String contentType, String body) {
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> documents = new ConcurrentHashMap<>();

  public StubElasticsearch() throws Exception {
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(new Received(request.method().name(), request.uri(), request.getHeader("Authorization"),
          request.getHeader("Content-Type"), body.toString()));
      answer(request, body);
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  private void answer(HttpServerRequest request, Buffer body) {
    String path = request.path();
    String[] segments = path.split("/");
    String index = segments.length > 1 ? segments[1] : "";
    var response = request.response().putHeader("X-Elastic-Product", "Elasticsearch")
        .putHeader("Content-Type", "application/json");
    String route = path.startsWith("/_") ? path : segments.length > 2 ? "/{index}/" + segments[2] : "/{index}";
    switch (request.method().name() + " " + route) {
      case "HEAD /{index}" -> response.setStatusCode(documents.containsKey(index) ? 200 : 404).end();
      case "GET /{index}" -> response.end(documents.containsKey(index)
          ? new JsonObject().put(index, new JsonObject().put("aliases", new JsonObject())).encode() : "{}");
      case "PUT /{index}" -> {
        documents.putIfAbsent(index, 0);
        response.end(new JsonObject().put("acknowledged", true).put("shards_acknowledged", true).put("index", index).encode());
      }
      case "POST /{index}/_search" -> response.end("{\"_scroll_id\":\"scroll-1\",\"took\":1,\"timed_out\":false,"
          + "\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0},"
          + "\"hits\":{\"total\":{\"value\":0,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]}}");
      case "DELETE /_search/scroll" -> response.end("{\"succeeded\":true,\"num_freed\":1}");
      case "PUT /_bulk", "POST /_bulk" -> response.end(bulk(body, null));
      case "PUT /{index}/_bulk", "POST /{index}/_bulk" -> response.end(bulk(body, index));
      case "POST /{index}/_refresh" -> response.end("{\"_shards\":{\"total\":1,\"successful\":1,\"failed\":0}}");
      case "POST /{index}/_count", "GET /{index}/_count" -> response.end(new JsonObject()
          .put("count", documents.getOrDefault(index, 0)).put("_shards", new JsonObject().put("total", 1)
              .put("successful", 1).put("skipped", 0).put("failed", 0)).encode());
      default -> response.setStatusCode(400).end("{\"error\":{\"type\":\"stub_exception\",\"reason\":\"the stub does not "
          + "answer " + request.method() + " " + path + "\"},\"status\":400}");
    }
  }

  /** Counts the documents each index action names, and answers every item created. */
  private String bulk(Buffer body, String pathIndex) {
    StringBuilder items = new StringBuilder();
    boolean sourceNext = false;
    for (String line : body.toString().split("\n")) {
      if (line.isBlank() || sourceNext) {
        sourceNext = false;
        continue;
      }
      JsonObject action = new JsonObject(line);
      String operation = action.fieldNames().iterator().next();
      JsonObject metadata = action.getJsonObject(operation);
      String index = metadata.getString("_index", pathIndex);
      documents.merge(index, operation.equals("delete") ? -1 : 1, Integer::sum);
      items.append(items.isEmpty() ? "" : ",").append(new JsonObject().put(operation, new JsonObject()
          .put("_index", index).put("_id", metadata.getString("_id")).put("status", 201)
          .put("result", "created")).encode());
      sourceNext = !operation.equals("delete");
    }
    return "{\"errors\":false,\"took\":1,\"items\":[" + items + "]}";
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
