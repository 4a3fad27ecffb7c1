package dev.connectors.conformance;

import static dev.connectors.support.Auth.apiKey;
import static dev.connectors.support.Auth.as;
import static dev.connectors.support.Auth.basic;
import static dev.connectors.support.Auth.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceEnv;
import dev.connectors.support.ServiceInstances;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The connector secrets API: Elasticsearch's answers, values encrypted at rest, a privilege of its own")
@ServiceEnv({"SECURITY_ENABLED=true", "ADMIN_PASSWORD=secrets-admin", "SECRETS_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="})
class ConnectorSecretsTest extends ServiceTest {

  private static final Map<String, String> ADMIN = basic("elastic", "secrets-admin");
  private static final String SECRETS = "/_connector/_secret";

  @Test
  @DisplayName("POST → {id}; GET → {id, value}; PUT → created 201 / updated 200; DELETE → {deleted: true}; 404 when missing")
  void lifecycle() {
    String id = as(api, ADMIN, "POST", SECRETS, "{\"value\":\"hunter2\"}").json().getString("id");
    assertThat(as(api, ADMIN, "GET", SECRETS + "/" + id, null).json())
        .isEqualTo(new JsonObject().put("id", id).put("value", "hunter2"));
    var replaced = as(api, ADMIN, "PUT", SECRETS + "/" + id, "{\"value\":\"correct horse\"}");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json()).isEqualTo(new JsonObject().put("result", "updated"));
    var created = as(api, ADMIN, "PUT", SECRETS + "/my-secret-" + id, "{\"value\":\"v\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json()).isEqualTo(new JsonObject().put("result", "created"));
    assertThat(as(api, ADMIN, "GET", SECRETS + "/" + id, null).json().getString("value")).isEqualTo("correct horse");
    assertThat(as(api, ADMIN, "DELETE", SECRETS + "/" + id, null).json()).isEqualTo(new JsonObject().put("deleted", true));
    as(api, ADMIN, "GET", SECRETS + "/" + id, null).assertError(404, "resource_not_found_exception",
        "No secret with id [" + id + "]");
    as(api, ADMIN, "DELETE", SECRETS + "/" + id, null).assertError(404, "resource_not_found_exception",
        "No secret with id [" + id + "]");
    assertThat(as(api, ADMIN, "POST", SECRETS, "{\"value\":\"\"}").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("stored only as AES-GCM ciphertext: no plaintext in the row, and a ciphertext moved to another id does not open")
  void encryptedAtRest() {
    String id = as(api, ADMIN, "POST", SECRETS, "{\"value\":\"plain-text-marker\"}").json().getString("id");
    Map<String, Object> row = TestDatabase.row("SELECT encode(ciphertext, 'escape') AS c, length(nonce) AS n "
        + "FROM connector_secrets WHERE id = ?", id);
    assertThat((String) row.get("c")).doesNotContain("plain-text-marker");
    assertThat(row.get("n")).isEqualTo(12);
    String other = as(api, ADMIN, "POST", SECRETS, "{\"value\":\"x\"}").json().getString("id");
    TestDatabase.update("UPDATE connector_secrets SET (nonce, ciphertext) = (SELECT nonce, ciphertext FROM "
        + "connector_secrets WHERE id = ?) WHERE id = ?", id, other);
    assertThat(as(api, ADMIN, "GET", SECRETS + "/" + other, null).status()).isEqualTo(500);
  }

  @Test
  @DisplayName("manage_connector and connector-scoped keys cannot touch secrets; read_/write_connector_secrets can")
  void privileges() {
    String id = as(api, ADMIN, "POST", SECRETS, "{\"value\":\"s\"}").json().getString("id");
    JsonObject manager = createKey(api, ADMIN, new JsonObject().put("name", "m").put("role_descriptors", new JsonObject()
        .put("r", new JsonObject().put("cluster", new JsonArray().add("manage_connector")))));
    assertThat(as(api, apiKey(manager), "GET", SECRETS + "/" + id, null).status()).isEqualTo(403);
    JsonObject scopedReader = createKey(api, ADMIN, new JsonObject().put("name", "s").put("role_descriptors",
        new JsonObject().put("r", new JsonObject().put("cluster", new JsonArray().add("read_connector_secrets"))
            .put("connectors", new JsonArray().add("a")))));
    assertThat(as(api, apiKey(scopedReader), "GET", SECRETS + "/" + id, null).status()).isEqualTo(403);
    JsonObject reader = createKey(api, ADMIN, new JsonObject().put("name", "r").put("role_descriptors", new JsonObject()
        .put("r", new JsonObject().put("cluster", new JsonArray().add("read_connector_secrets")))));
    assertThat(as(api, apiKey(reader), "GET", SECRETS + "/" + id, null).status()).isEqualTo(200);
    var write = as(api, apiKey(reader), "PUT", SECRETS + "/" + id, "{\"value\":\"t\"}");
    write.assertError(403, "security_exception", "action [cluster:admin/xpack/connector/secret/put] is unauthorized for "
        + "API key id [" + reader.getString("id") + "] of user [elastic]");
  }

  @Test
  @DisplayName("without SECRETS_KEY the API answers 400 naming SECRETS_KEY and stores nothing")
  void withoutKey() throws Exception {
    try (var instances = ServiceInstances.start(1, ConnectorSecretsTest.class, Map.of("SECRETS_KEY", ""))) {
      var other = instances.get(0).api();
      var refused = as(other, ADMIN, "POST", SECRETS, "{\"value\":\"never-stored\"}");
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body()).contains("SECRETS_KEY");
      assertThat(as(other, ADMIN, "GET", SECRETS + "/x", null).status()).isEqualTo(400);
    }
  }
}
