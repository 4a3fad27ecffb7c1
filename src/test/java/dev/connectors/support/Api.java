package dev.connectors.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A plain HTTP client for the running service, as a connector fleet would talk to it. Every
 * answer is checked for the header the official Elasticsearch clients insist on.
 */
public final class Api {

  public static final String JSON = "application/json";

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Api(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public Response get(String path) {
    return send("GET", path, null, null);
  }

  /**
   * The ids of a whole list walk (beyond Elasticsearch): the page {@code path?size=…&<filters>},
   * then each {@code next} through {@code search_after}, until a page has none. Every page but
   * the last is full; the last is not larger.
   */
  public List<String> walk(String path, String filters, int size) {
    List<String> ids = new java.util.ArrayList<>();
    JsonObject page = get(path + "?size=" + size + filters).json();
    while (true) {
      page.getJsonArray("results").forEach(record -> ids.add(((JsonObject) record).getString("id")));
      if (!page.containsKey("next")) {
        assertThat(page.getJsonArray("results").size()).isLessThanOrEqualTo(size);
        return ids;
      }
      assertThat(page.getJsonArray("results")).hasSize(size);
      page = get(path + "?size=" + size + "&search_after=" + page.getString("next")).json();
    }
  }

  public Response delete(String path) {
    return send("DELETE", path, null, null);
  }

  public Response put(String path, String json) {
    return send("PUT", path, JSON, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  public Response post(String path, String json) {
    return send("POST", path, JSON, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  /** Any method, content type and raw body bytes; a null body sends none. */
  public Response send(String method, String path, String contentType, byte[] body) {
    return send(method, path, contentType, body, Map.of());
  }

  /** The same with extra request headers (Authorization, say). */
  public Response send(String method, String path, String contentType, byte[] body, Map<String, String> headers) {
    var request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    try {
      var response = client.send(request.build(), BodyHandlers.ofString());
      assertThat(response.headers().firstValue("X-Elastic-Product"))
          .as("X-Elastic-Product header of %s %s", method, path).contains("Elasticsearch");
      return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
          response.body(), response.headers().map());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public record Response(int status, String contentType, String body, Map<String, List<String>> headers) {

    public JsonObject json() {
      return new JsonObject(body);
    }

    /** Asserts Elasticsearch's error body: status, type and reason, repeated in root_cause. */
    public void assertError(int expectedStatus, String type, String reason) {
      assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
      assertThat(contentType).isEqualTo(JSON);
      JsonObject cause = new JsonObject().put("type", type).put("reason", reason);
      JsonObject expected = new JsonObject()
          .put("error", cause.copy().put("root_cause", new io.vertx.core.json.JsonArray().add(cause)))
          .put("status", expectedStatus);
      assertThat(json()).isEqualTo(expected);
    }
  }
}
