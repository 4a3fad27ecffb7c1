package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.connectors.support.ServiceEnv;
import dev.connectors.support.ServiceTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("The access log (ACCESS_LOG=true)")
@ServiceEnv("ACCESS_LOG=true")
class AccessLogTest extends ServiceTest {

  @Test
  @DisplayName("one line per request: method, route (not the raw path), status, duration, bytes, X-Opaque-Id")
  void oneLinePerRequest() throws Exception {
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Logger access = (Logger) LoggerFactory.getLogger("access");
    access.addAppender(lines);
    try {
      String id = uniqueId("logged");
      api.put("/_connector/" + id, "{}");
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_connector/"
              + id + "/_error")).header("X-Opaque-Id", "trace-1").header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
      // the appender is asynchronous: wait for both lines, then check there are exactly two
      dev.connectors.support.Auth.within(java.time.Duration.ofSeconds(5), v -> lines.list.size() >= 2);
      assertThat(lines.list).hasSize(2);
      Map<String, Object> failed = fields(lines.list.get(1));
      assertThat(failed).containsEntry("method", "PUT").containsEntry("route", "/_connector/:id/_error")
          .containsEntry("status", 400).containsEntry("opaque_id", "trace-1").containsKeys("duration_ms", "bytes");
      assertThat(fields(lines.list.get(0))).containsEntry("route", "/_connector/:id").containsEntry("status", 201)
          .doesNotContainKey("opaque_id");
      assertThat(lines.list).allSatisfy(line -> assertThat(line.getKeyValuePairs().toString()).doesNotContain(id));
    } finally {
      access.detachAppender(lines);
    }
  }

  private static Map<String, Object> fields(ILoggingEvent event) {
    return event.getKeyValuePairs().stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
  }
}
