package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.Api;
import dev.connectors.support.RawHttp;
import dev.connectors.support.ServiceInstances;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Starts the service the way {@code Main} does, on a Vert.x instance with metrics enabled. */
@DisplayName("GET /_metrics")
class MetricsApiTest {

  private static ServiceInstances instance;
  private static Api api;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    instance = ServiceInstances.startWithMetrics(MetricsApiTest.class);
    api = instance.get(0).api();
    port = instance.get(0).config().httpPort();
  }

  @AfterAll
  static void stop() throws Exception {
    instance.close();
  }

  @Test
  @DisplayName("Prometheus text with requests by route and status, pool usage, coalesced batch sizes and the JVM; no raw ids")
  void prometheusText() {
    String id = "metrics-" + UUID.randomUUID();
    api.put("/_connector/" + id, "{}");
    api.put("/_connector/" + id + "/_error", "{\"error\":\"x\"}");
    api.get("/_connector/nobody-" + id);

    var response = api.get("/_metrics");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("text/plain");
    String text = response.body();
    assertThat(text).contains("vertx_http_server_requests_total{")
        .containsPattern("vertx_http_server_requests_total\\{[^}]*code=\"200\"[^}]*route=\"/_connector/:id/_error\"")
        .containsPattern("vertx_http_server_requests_total\\{[^}]*code=\"404\"[^}]*route=\"/_connector/:id\"")
        .contains("vertx_http_server_response_time_seconds_bucket")
        .contains("vertx_pool_in_use{")
        .containsPattern("connector_service_batch_size_count\\{[^}]*statement=\"update_error\"")
        .contains("jvm_memory_used_bytes")
        .doesNotContain(id);
  }

  @Test
  @DisplayName("random HTTP method tokens do not become label values: the metrics stay bounded")
  void methodLabelsStayBounded() throws Exception {
    for (int i = 0; i < 50; i++) {
      RawHttp.exchange(port, "METHOD" + i + " /_connector HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 2_000);
    }
    String metrics = api.get("/_metrics").body();
    assertThat(metrics).doesNotContain("METHOD1").containsPattern("vertx_http_server_requests_total\\{[^}]*method=\"OTHER\"");
  }
}
