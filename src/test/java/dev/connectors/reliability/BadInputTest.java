package dev.connectors.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceEnv;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Bad input gets a 4xx Elasticsearch error body, never a 5xx or a hang")
@ServiceEnv({"MAX_BODY_BYTES=65536", "IDLE_TIMEOUT_S=2"})
class BadInputTest extends ServiceTest {

  @Test
  @DisplayName("a body over MAX_BODY_BYTES answers 413 with an error body and stores nothing")
  void bodyTooLarge() {
    String id = newConnector("bad");
    var response = api.put("/_connector/" + id + "/_error", "{\"error\":\"" + "x".repeat(70_000) + "\"}");
    response.assertError(413, "content_too_long_exception", "the request body is larger than the service accepts");
    assertThat(TestDatabase.row("SELECT error FROM connectors WHERE id = ?", id).get("error")).isNull();
  }

  @Test
  @DisplayName("a long message under the limit is stored whole")
  void longMessage() {
    String id = newConnector("bad");
    String message = "é".repeat(30_000);
    assertThat(api.put("/_connector/" + id + "/_error", new JsonObject().put("error", message).encode()).status())
        .isEqualTo(200);
    assertThat(TestDatabase.row("SELECT error FROM connectors WHERE id = ?", id)).containsEntry("error", message);
  }

  @Test
  @DisplayName("deeply nested JSON answers 400 x_content_parse_exception")
  void deeplyNested() {
    String id = newConnector("bad");
    String nested = "[".repeat(5_000) + "]".repeat(5_000);
    var asError = api.put("/_connector/" + id + "/_error", "{\"error\":" + nested + "}");
    asError.assertError(400, "x_content_parse_exception",
        "[connector_update_error_request] error doesn't support values of type: START_ARRAY");
    var asFeatures = api.put("/_connector/" + id + "/_features", "{\"features\":{\"a\":" + nested + "}}");
    assertThat(asFeatures.status()).isEqualTo(400);
    assertThat(asFeatures.json().getJsonObject("error").getString("type")).isEqualTo("x_content_parse_exception");
  }

  @Test
  @DisplayName("a body without a Content-Type answers 406; no body needs none")
  void missingContentType() {
    String id = newConnector("bad");
    api.send("PUT", "/_connector/" + id + "/_error", null, "{\"error\":\"x\"}".getBytes(StandardCharsets.UTF_8))
        .assertError(406, "media_type_header_exception", "Content-Type header is missing");
    assertThat(api.send("PUT", "/_connector/" + id + "/_check_in", null, null).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a wrong method answers 405 with an Allow header naming the methods the path serves")
  void allowHeader() throws Exception {
    String raw = rawRequest("POST /_connector/x/_error HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 405");
    assertThat(raw.toLowerCase()).contains("allow: put");
    String connector = rawRequest("PATCH /_connector/x HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
    assertThat(connector.toLowerCase()).contains("allow: delete, get, put");
  }

  @Test
  @DisplayName("ids with an encoded slash, dots, unicode or percent signs are plain ids")
  void oddIds() {
    for (String[] id : new String[][] {{"a%2Fb", "a/b"}, {"..%2F..", "../.."}, {"100%25", "100%"},
        {"%E2%9C%93", "✓"}, {"a+b", "a+b"}}) {
      var created = api.put("/_connector/" + id[0], "{}");
      assertThat(created.status()).as(id[1] + ": " + created.body()).isIn(200, 201);
      assertThat(created.json().getString("id")).isEqualTo(id[1]);
      assertThat(api.put("/_connector/" + id[0] + "/_error", "{\"error\":\"x\"}").status()).isEqualTo(200);
      assertThat(api.get("/_connector/" + id[0]).json().getString("error")).isEqualTo("x");
    }
  }

  @Test
  @DisplayName("a malformed percent-encoding or invalid UTF-8 in a path answers 4xx, never a 5xx")
  void malformedPaths() throws Exception {
    for (String path : new String[] {"/_connector/a%/_error", "/_connector/%FF%FE/_error", "/_connector/%zz"}) {
      String raw = rawRequest("PUT " + path + " HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
          + "Content-Length: 13\r\n\r\n{\"error\":\"x\"}");
      int status = Integer.parseInt(raw.substring(9, 12));
      assertThat(status).as(path + " → " + raw).isBetween(400, 499);
    }
  }

  @Test
  @DisplayName("a NUL character in an id answers 400, never a 5xx")
  void nulInId() {
    api.put("/_connector/a%00b/_error", "{\"error\":\"x\"}").assertError(400, "illegal_argument_exception",
        "[connector_id] must not contain the NUL character (\\u0000)");
    assertThat(api.get("/_connector/a%00b").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("a client that stalls mid-request is disconnected by the idle timeout, and others are served")
  void slowClient() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("PUT /_connector/x/_error HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"err".getBytes());
      out.flush();
      assertThat(api.get("/").status()).isEqualTo(200);
      long start = System.nanoTime();
      int read = socket.getInputStream().read();
      assertThat(read).as("connection closed by the service").isEqualTo(-1);
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(8_000);
    }
  }

  private static String rawRequest(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      int n = in.read(buffer);
      return new String(buffer, 0, n, StandardCharsets.UTF_8);
    }
  }

}
