package dev.connectors.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.Api;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A seeded generator throws random bodies, ids and content types at the update-error and create
 * endpoints. Every answer must be below 500 and, when an error, of Elasticsearch's shape; the
 * rows touched must still hold the error/status invariant.
 */
@DisplayName("Fuzzing the update-error and create endpoints")
class FuzzTest extends ServiceTest {

  private static final long SEED = 20261129L;
  private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=UTF-8",
      "application/vnd.elasticsearch+json; compatible-with=9", "text/plain", "", "application/xml",
      "application/vnd.elasticsearch+json; compatible-with=7", "application/json; charset=latin1"};
  private static final String[] FRAGMENTS = {"{", "}", "[", "]", "\"error\"", ":", ",", "null", "true", "1e999",
      "\"\\u0000\"", "\"x\"", "\"\\ud800\"", "-0", "\"name\"", "\"index_name\"", "\"is_native\"", " ", "\n", "\"",
      "\\", "{\"error\":", "\"is_native\":\"yes\"", "\"index_name\":\"Bad Name\"", "🚀", "'", "--", ";DROP TABLE connectors"};
  private static final String[] ID_PARTS = {"a", "B", "%20", "%2F", "%00", "..", "é", "%E2%9C%93", "'", "%25",
      "-", "_", "0", "%FF", "%C3", "+", "~", "*"};

  @Test
  @DisplayName("thousands of random requests: never a 5xx, always a well-formed answer, rows stay consistent")
  void fuzz() {
    Random random = new Random(SEED);
    List<String> known = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String id = uniqueId("fuzz");
      api.put("/_connector/" + id, "{}");
      known.add(id);
    }
    for (int i = 0; i < 3_000; i++) {
      String id = random.nextInt(3) == 0 ? randomId(random) : known.get(random.nextInt(known.size()));
      boolean errorEndpoint = random.nextInt(4) != 0;
      String path = "/_connector/" + id + (errorEndpoint ? "/_error" : "");
      byte[] body = randomBody(random);
      String contentType = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
      Api.Response response = api.send("PUT", path, contentType.isEmpty() ? null : contentType, body);
      String what = "request " + i + ": PUT " + path + " " + contentType + " "
          + new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8);
      assertThat(response.status()).as(what).isLessThan(500);
      JsonObject json = response.json();
      if (response.status() >= 400) {
        assertThat(json.getInteger("status")).as(what).isEqualTo(response.status());
        JsonObject error = json.getJsonObject("error");
        assertThat(error.getString("type")).as(what).isNotBlank();
        assertThat(error.getString("reason")).as(what).isNotNull();
        assertThat(error.getJsonArray("root_cause").getJsonObject(0).getString("type")).isEqualTo(error.getString("type"));
      } else if (!errorEndpoint && !known.contains(id)) {
        known.add(id);
      }
    }
    for (String segment : known) {
      String id = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
      Map<String, Object> row = TestDatabase.row("SELECT error, status FROM connectors WHERE id = ?", id);
      if (row != null && row.get("status").equals("error")) {
        assertThat((String) row.get("error")).as(id).isNotEmpty();
      }
      if (row != null && row.get("error") != null && !((String) row.get("error")).isEmpty()) {
        assertThat(row).as(id).containsEntry("status", "error");
      }
    }
  }

  private static String randomId(Random random) {
    StringBuilder id = new StringBuilder();
    int parts = 1 + random.nextInt(6);
    for (int i = 0; i < parts; i++) {
      id.append(ID_PARTS[random.nextInt(ID_PARTS.length)]);
    }
    return id.toString();
  }

  private static byte[] randomBody(Random random) {
    switch (random.nextInt(6)) {
      case 0:
        return null;
      case 1: {
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        return bytes;
      }
      case 2:
        return ("{\"error\":" + (random.nextBoolean() ? "null" : "\"m" + random.nextInt(5) + "\"") + "}")
            .getBytes(StandardCharsets.UTF_8);
      default: {
        StringBuilder body = new StringBuilder();
        int parts = random.nextInt(12);
        for (int i = 0; i < parts; i++) {
          body.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
      }
    }
  }
}
