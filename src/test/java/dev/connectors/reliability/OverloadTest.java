package dev.connectors.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceEnv;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Overload: bounded queues answer 429 at once, and the service answers normally right after")
@ServiceEnv({"MAX_IN_FLIGHT_REQUESTS=8", "DB_WAIT_QUEUE_MAX=4", "EVENT_LOOPS=1"})
class OverloadTest extends ServiceTest {

  @Test
  @DisplayName("a burst far above the bounds gets 200 or 429 es_rejected_execution_exception, never a 5xx")
  void burst() throws Exception {
    String id = uniqueId("overload");
    api.put("/_connector/" + id, "{}");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String body = "{\"error\":" + (i % 2 == 0 ? "null" : "\"e" + i + "\"") + "}";
      answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_connector/"
              + id + "/_error")).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    int ok = 0;
    int rejected = 0;
    for (var answer : answers) {
      HttpResponse<String> response = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(response.statusCode()).as(response.body()).isIn(200, 429);
      if (response.statusCode() == 429) {
        rejected++;
        JsonObject error = new JsonObject(response.body());
        assertThat(error.getInteger("status")).isEqualTo(429);
        assertThat(error.getJsonObject("error").getString("type")).isEqualTo("es_rejected_execution_exception");
        assertThat(error.getJsonObject("error").getString("reason")).startsWith("rejected execution");
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
      } else {
        ok++;
      }
    }
    assertThat(rejected).as("requests refused").isPositive();
    assertThat(ok).as("requests served").isPositive();

    assertThat(api.put("/_connector/" + id + "/_error", "{\"error\":\"after\"}").status()).isEqualTo(200);
    assertThat(TestDatabase.row("SELECT error, status FROM connectors WHERE id = ?", id))
        .containsEntry("error", "after").containsEntry("status", "error");
  }
}
