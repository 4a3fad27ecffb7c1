package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceTest;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GET / and requests the service does not route")
class ServiceEndpointsTest extends ServiceTest {

  @Test
  @DisplayName("GET / answers what Elasticsearch 9 answers: name, cluster, a 9.x version with build_flavor and the rest, tagline; the service's own version apart")
  void identity() {
    var response = api.get("/");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    JsonObject body = response.json();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("name", "cluster_name", "cluster_uuid", "version", "tagline",
        "connector_service");
    JsonObject version = body.getJsonObject("version");
    assertThat(version.fieldNames()).containsExactlyInAnyOrder("number", "build_flavor", "build_type", "build_hash",
        "build_date", "build_snapshot", "lucene_version", "minimum_wire_compatibility_version",
        "minimum_index_compatibility_version");
    assertThat(version.getString("number")).matches("9\\.\\d+\\.\\d+");
    assertThat(version.getString("build_flavor")).isEqualTo("default");
    assertThat(version.getBoolean("build_snapshot")).isFalse();
    assertThat(body.getString("tagline")).isEqualTo("You Know, for Search");
    assertThat(body.getString("cluster_name")).isEqualTo("connector-service");
    assertThat(body.getString("cluster_uuid")).matches("[A-Za-z0-9_-]{22}");
    assertThat(body.getJsonObject("connector_service").getString("version")).isNotBlank();
  }

  @Test
  @DisplayName("GET /_license answers a basic license as Elasticsearch's self-generated one reads, in its field order "
      + "(the connectors framework reads it for some sources)")
  void license() {
    var response = api.get("/_license");
    assertThat(response.status()).isEqualTo(200);
    JsonObject license = response.json().getJsonObject("license");
    assertThat(response.json().fieldNames()).containsExactly("license");
    assertThat(List.copyOf(license.fieldNames())).containsExactly("status", "uid", "type", "issue_date",
        "issue_date_in_millis", "max_nodes", "max_resource_units", "issued_to", "issuer", "start_date_in_millis");
    assertThat(license.getString("status")).isEqualTo("active");
    assertThat(license.getString("type")).isEqualTo("basic");
    assertThat(license.getString("uid")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(license.getString("uid")).isEqualTo(api.get("/_license").json().getJsonObject("license").getString("uid"));
    assertThat(Instant.parse(license.getString("issue_date")).toEpochMilli()).isEqualTo(license.getLong("issue_date_in_millis"));
    assertThat(license.getInteger("max_nodes")).isEqualTo(1000);
    assertThat(license.getValue("max_resource_units")).isNull();
    assertThat(license.getString("issued_to")).isEqualTo("connector-service");
    assertThat(license.getString("issuer")).isEqualTo("elasticsearch");
    assertThat(license.getLong("start_date_in_millis")).isEqualTo(-1);
    assertThat(api.get("/_license?accept_enterprise=true&local=true").status()).isEqualTo(200);
    assertThat(api.get("/_license?bogus=1").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("?pretty indents the JSON answer")
  void pretty() {
    assertThat(api.get("/?pretty").body()).contains("\n  \"cluster_name\" : \"connector-service\"");
  }

  @Test
  @DisplayName("an unknown path answers 400 with Elasticsearch's 'no handler found' error body")
  void unknownPath() {
    api.get("/_nothing/here").assertError(400, "illegal_argument_exception",
        "no handler found for uri [/_nothing/here] and method [GET]");
  }

  @Test
  @DisplayName("a known path with the wrong method answers 405 with an error body")
  void wrongMethod() {
    api.send("PATCH", "/_connector/x", null, null).assertError(405, "illegal_argument_exception",
        "Incorrect HTTP method for uri [/_connector/x] and method [PATCH]");
  }

  @Test
  @DisplayName("X-Opaque-Id is echoed back on answers and on errors, as Elasticsearch does")
  void opaqueId() throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    for (String path : new String[] {"/", "/_connector/nobody"}) {
      var response = client.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + port + path)).header("X-Opaque-Id", "fleet-7/req-42").build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
      assertThat(response.headers().firstValue("X-Opaque-Id")).as(path).contains("fleet-7/req-42");
    }
  }
}
