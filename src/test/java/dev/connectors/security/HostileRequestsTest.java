package dev.connectors.security;

import static dev.connectors.support.Auth.as;
import static dev.connectors.support.Auth.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.Api;
import dev.connectors.support.RawHttp;
import dev.connectors.support.ServiceEnv;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Hostile requests: answered 4xx in Elasticsearch's shape, before anything costly, never 5xx or a hang")
@ServiceEnv({"SECURITY_ENABLED=true", "ADMIN_PASSWORD=hostile-admin", "AUTH_FAILURE_LIMIT=100000"})
class HostileRequestsTest extends ServiceTest {

  private static final Map<String, String> ADMIN = basic("elastic", "hostile-admin");
  private static final String ADMIN_HEADER = "Authorization: " + ADMIN.get("Authorization") + "\r\n";

  @Test
  @DisplayName("an anonymous request announcing a 1 MiB body is answered 401 at once, unread, and its connection closed")
  void bodiesWaitForAuthentication() throws Exception {
    var exchange = RawHttp.exchange(port, "PUT /_connector/x/_error HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        + "Content-Length: 1048576\r\n\r\n{\"error\":", 5_000);
    assertThat(exchange.response()).startsWith("HTTP/1.1 401").contains("security_exception");
    assertThat(exchange.closed()).isTrue();
  }

  @Test
  @DisplayName("Expect: 100-continue gets no 100 before the credentials are checked; with good ones it does")
  void continueOnlyAfterAuthentication() throws Exception {
    String request = "PUT /_connector/x/_error HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        + "Content-Length: 20\r\nExpect: 100-continue\r\n";
    var anonymous = RawHttp.exchange(port, request + "\r\n", 3_000);
    assertThat(anonymous.response()).startsWith("HTTP/1.1 401").doesNotContain("100 Continue");
    var admin = RawHttp.exchange(port, request + ADMIN_HEADER + "\r\n", 1_000);
    assertThat(admin.response()).startsWith("HTTP/1.1 100 Continue");
  }

  @Test
  @DisplayName("Content-Length with Transfer-Encoding (request smuggling) answers 400 and closes the connection")
  void contentLengthAndTransferEncoding() throws Exception {
    var exchange = RawHttp.exchange(port, "POST /_connector HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        + ADMIN_HEADER + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
        + "GET / HTTP/1.1\r\nHost: t\r\n\r\n", 5_000);
    assertThat(exchange.response()).startsWith("HTTP/1.1 400").contains("\"status\":400")
        .contains("X-Elastic-Product: Elasticsearch").doesNotContain("HTTP/1.1 201").doesNotContain("tagline");
    assertThat(exchange.closed()).isTrue();
  }

  @Test
  @DisplayName("HTTP/1.1 without Host, or a request target that is not a path, answers 400 (not 500)")
  void malformedRequestLines() throws Exception {
    assertThat(RawHttp.exchange(port, "GET /_connector HTTP/1.1\r\n\r\n", 3_000).response())
        .startsWith("HTTP/1.1 400").contains("[Host]").contains("illegal_argument_exception");
    assertThat(RawHttp.exchange(port, "GET ?x HTTP/1.1\r\nHost: t\r\n\r\n", 3_000).response())
        .startsWith("HTTP/1.1 400").contains("illegal_argument_exception");
  }

  @Test
  @DisplayName("HEAD / (the clients' ping) answers 200 without a body")
  void ping() throws Exception {
    var exchange = RawHttp.exchange(port, "HEAD / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 3_000);
    assertThat(exchange.response()).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n");
  }

  @Test
  @DisplayName("a multipart form body answers 406, not an empty body")
  void multipart() {
    var response = api.send("PUT", "/_connector/x/_error", "multipart/form-data; boundary=b",
        "--b\r\nContent-Disposition: form-data; name=\"error\"\r\n\r\nx\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8), ADMIN);
    assertThat(response.status()).isEqualTo(406);
  }

  @Test
  @DisplayName("a NUL or a stray character in an API key id answers 401 like any unknown key, without a lookup")
  void oddKeyIds() {
    var nul = as(api, Map.of("Authorization", "ApiKey " + Base64.getEncoder().encodeToString("a\u0000b:secret"
        .getBytes(StandardCharsets.UTF_8))), "GET", "/_connector/x", null);
    var unknown = as(api, dev.connectors.support.Auth.apiKey("unknown-id", "secret"), "GET", "/_connector/x", null);
    assertThat(nul.status()).isEqualTo(401);
    assertThat(nul.body()).isEqualTo(unknown.body());
  }

  @Test
  @DisplayName("invalid UTF-8 (overlong forms, encoded or escaped lone surrogates) answers 400 and stores nothing")
  void invalidUtf8() throws Exception {
    String id = dev.connectors.support.Auth.createConnector(api, ADMIN, uniqueId("utf8"));
    byte[][] bodies = {
        {'{', '"', 'e', 'r', 'r', 'o', 'r', '"', ':', '"', (byte) 0xC1, (byte) 0x81, '"', '}'},
        {'{', '"', 'e', 'r', 'r', 'o', 'r', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
        "{\"error\":\"\\ud800\"}".getBytes(StandardCharsets.US_ASCII)};
    for (byte[] body : bodies) {
      var response = api.send("PUT", "/_connector/" + id + "/_error", Api.JSON, body, ADMIN);
      assertThat(response.status()).as(response.body()).isEqualTo(400);
    }
    assertThat(TestDatabase.row("SELECT error FROM connectors WHERE id = ?", id)).containsEntry("error", null);
    assertThat(RawHttp.exchange(port, "GET /_connector/%C0%AF HTTP/1.1\r\nHost: t\r\n" + ADMIN_HEADER + "\r\n", 3_000)
        .response()).startsWith("HTTP/1.1 400");
    assertThat(RawHttp.exchange(port, "GET /_connector?query=%ED%A0%80 HTTP/1.1\r\nHost: t\r\n" + ADMIN_HEADER + "\r\n",
        3_000).response()).startsWith("HTTP/1.1 400");
  }

  @Test
  @DisplayName("blank or NUL list filters answer 400 instead of matching everything")
  void blankFilters() {
    for (String query : new String[] {"index_name=", "service_type=a,,b", "connector_name=%20", "query=%00",
        "index_name=%00"}) {
      assertThat(as(api, ADMIN, "GET", "/_connector?" + query, null).status()).as(query).isEqualTo(400);
    }
    assertThat(as(api, ADMIN, "GET", "/_connector?service_type=a,b", null).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("ids that collide with the API's own path words answer 400: _sync_job, _anything, . and ..")
  void reservedIds() throws Exception {
    for (String path : new String[] {"/_connector/_sync_job", "/_connector/_secret", "/_connector/%2E", "/_connector/%2e%2e"}) {
      assertThat(as(api, ADMIN, "PUT", path, "{}").status()).as(path).isEqualTo(400);
    }
    assertThat(RawHttp.exchange(port, "PUT /_connector/. HTTP/1.1\r\nHost: t\r\n" + ADMIN_HEADER
        + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", 3_000).response()).startsWith("HTTP/1.1 400");
    assertThat(TestDatabase.row("SELECT id FROM connectors WHERE id IN ('_sync_job', '_secret', '.', '..')")).isNull();
  }

  @Test
  @DisplayName("JSON nested deeper than 64 levels answers 400; a document too deep to read back answers 500 at once")
  void nesting() {
    String id = dev.connectors.support.Auth.createConnector(api, ADMIN, uniqueId("deep"));
    var tooDeep = as(api, ADMIN, "PUT", "/_connector/" + id + "/_pipeline", "{\"pipeline\":" + nested(64) + "}");
    tooDeep.assertError(400, "x_content_parse_exception",
        "[connector_update_pipeline_request] the request nests deeper than 64 levels");
    assertThat(as(api, ADMIN, "PUT", "/_connector/" + id + "/_features", "{\"features\":" + nested(50) + "}").status())
        .isEqualTo(200);

    // a row made deeper than any reader accepts (only SQL by hand can do that now)
    TestDatabase.update("UPDATE connectors SET pipeline = ?::jsonb WHERE id = ?", nested(1100), id);
    long start = System.nanoTime();
    assertThat(as(api, ADMIN, "GET", "/_connector/" + id, null).status()).isEqualTo(500);
    assertThat(as(api, ADMIN, "GET", "/_connector?size=10000", null).status()).isEqualTo(500);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    TestDatabase.update("DELETE FROM connectors WHERE id = ?", id);
  }

  private static String nested(int depth) {
    return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
  }
}
