package dev.connectors.security;

import static dev.connectors.support.Auth.apiKey;
import static dev.connectors.support.Auth.as;
import static dev.connectors.support.Auth.basic;
import static dev.connectors.support.Auth.createConnector;
import static dev.connectors.support.Auth.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.Api;
import dev.connectors.support.ServiceInstances;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A key never does more than its creator, nor than each of its roles, on two instances")
class KeyEscalationTest {

  private static final Map<String, String> ADMIN = basic("elastic", "escalation-admin");
  private static ServiceInstances instances;
  private static Api first;
  private static Api second;

  @BeforeAll
  static void start() throws Exception {
    instances = ServiceInstances.start(2, KeyEscalationTest.class,
        Map.of("SECURITY_ENABLED", "true", "ADMIN_PASSWORD", "escalation-admin"));
    first = instances.get(0).api();
    second = instances.get(1).api();
  }

  @AfterAll
  static void stop() throws Exception {
    instances.close();
  }

  @Test
  @DisplayName("a key limited to connector a, holding manage_security, cannot mint a key for connector b (403), nor one for every connector")
  void connectorScopeCannotWiden() {
    String a = connector();
    String b = connector();
    JsonObject scoped = createKey(first, ADMIN, key("scoped", role(a, "manage_connector", "manage_security")));
    var forB = as(second, apiKey(scoped), "POST", "/_security/api_key", key("for-b", role(b, "manage_connector")).encode());
    assertThat(forB.status()).as(forB.body()).isEqualTo(403);
    assertThat(forB.json().getJsonObject("error").getString("type")).isEqualTo("security_exception");
    var everywhere = as(second, apiKey(scoped), "POST", "/_security/api_key",
        key("everywhere", new JsonObject().put("r", new JsonObject().put("cluster", new JsonArray().add("manage_connector")))).encode());
    assertThat(everywhere.status()).isEqualTo(403);

    // a key it may mint stays inside its scope even without role descriptors
    JsonObject inherited = createKey(second, apiKey(scoped), new JsonObject().put("name", "inherited"));
    assertThat(as(first, apiKey(inherited), "PUT", "/_connector/" + a + "/_error", "{\"error\":\"x\"}").status()).isEqualTo(200);
    assertThat(as(first, apiKey(inherited), "PUT", "/_connector/" + b + "/_error", "{\"error\":\"x\"}").status()).isEqualTo(403);
    // and a key for a itself works
    JsonObject forA = createKey(second, apiKey(scoped), key("for-a", role(a, "manage_connector")));
    assertThat(as(first, apiKey(forA), "PUT", "/_connector/" + a + "/_check_in", null).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("roles add up but never mix: monitor on every connector plus manage on x cannot write a, can read a, can write x")
  void rolesAreNotMerged() {
    String a = connector();
    String x = connector();
    JsonObject key = createKey(first, ADMIN, new JsonObject().put("name", "two-roles").put("role_descriptors", new JsonObject()
        .put("watch", new JsonObject().put("cluster", new JsonArray().add("monitor_connector")))
        .put("own", role(x, "manage_connector").getJsonObject("r"))));
    assertThat(as(second, apiKey(key), "PUT", "/_connector/" + a + "/_error", "{\"error\":\"x\"}").status()).isEqualTo(403);
    assertThat(as(second, apiKey(key), "GET", "/_connector/" + a, null).status()).isEqualTo(200);
    assertThat(as(second, apiKey(key), "PUT", "/_connector/" + x + "/_error", "{\"error\":\"x\"}").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a key's powers over keys are bounded too: manage_own_api_key lists and invalidates only the keys it made")
  void ownKeysOnly() {
    JsonObject owner = createKey(first, ADMIN, key("owner", new JsonObject().put("r", new JsonObject()
        .put("cluster", new JsonArray().add("manage_own_api_key").add("manage_connector")))));
    JsonObject stranger = createKey(first, ADMIN, new JsonObject().put("name", "stranger"));
    JsonObject mine = createKey(second, apiKey(owner), new JsonObject().put("name", "mine"));
    var listed = as(second, apiKey(owner), "GET", "/_security/api_key", null).json().getJsonArray("api_keys");
    assertThat(listed.stream().map(k -> ((JsonObject) k).getString("id")))
        .contains(mine.getString("id")).doesNotContain(stranger.getString("id"));
    var invalidated = as(first, apiKey(owner), "DELETE", "/_security/api_key",
        new JsonObject().put("ids", new JsonArray().add(stranger.getString("id"))).encode()).json();
    assertThat(invalidated.getJsonArray("invalidated_api_keys")).isEmpty();
    assertThat(as(first, apiKey(stranger), "GET", "/_security/_authenticate", null).status()).isEqualTo(200);
    // and it cannot grant manage_api_key, which it lacks
    var wider = as(first, apiKey(owner), "POST", "/_security/api_key", key("wider", new JsonObject().put("r",
        new JsonObject().put("cluster", new JsonArray().add("manage_api_key")))).encode());
    assertThat(wider.status()).isEqualTo(403);
  }

  @Test
  @DisplayName("Elasticsearch's role-descriptor shape, as Kibana and the connectors CLI write it, is accepted and mapped")
  void elasticsearchShape() {
    String a = connector();
    JsonObject kibanaStyle = createKey(first, ADMIN, new JsonObject().put("name", "cli").put("role_descriptors",
        new JsonObject().put("connector-role", new JsonObject()
            .put("cluster", new JsonArray().add("monitor").add("manage_connector"))
            .put("indices", new JsonArray().add(new JsonObject()
                .put("names", new JsonArray().add("search-a").add(".search-acl-filter-search-a").add(".elastic-connectors*"))
                .put("privileges", new JsonArray().add("all")).put("allow_restricted_indices", false)))
            .put("applications", new JsonArray()).put("run_as", new JsonArray()).put("metadata", new JsonObject())
            .put("transient_metadata", new JsonObject().put("enabled", true)))));
    assertThat(as(second, apiKey(kibanaStyle), "PUT", "/_connector/" + a + "/_check_in", null).status()).isEqualTo(200);

    JsonObject indexOnly = createKey(first, ADMIN, new JsonObject().put("name", "reader").put("role_descriptors",
        new JsonObject().put("r", new JsonObject().put("cluster", new JsonArray().add("monitor"))
            .put("index", new JsonArray().add(new JsonObject().put("names", ".elastic-connectors")
                .put("privileges", new JsonArray().add("read").add("some_future_privilege")))))));
    assertThat(as(second, apiKey(indexOnly), "GET", "/_connector/" + a, null).status()).isEqualTo(200);
    assertThat(as(second, apiKey(indexOnly), "PUT", "/_connector/" + a + "/_check_in", null).status()).isEqualTo(403);

    JsonObject monitorOnly = createKey(first, ADMIN, key("monitor", new JsonObject().put("r",
        new JsonObject().put("cluster", new JsonArray().add("monitor")))));
    assertThat(as(second, apiKey(monitorOnly), "GET", "/_connector/" + a, null).status()).isEqualTo(403);
  }

  @Test
  @DisplayName("malformed role descriptors answer 400: a string for cluster, a null privilege, an unknown privilege or field")
  void malformedRoleDescriptors() {
    for (JsonObject descriptor : new JsonObject[] {
        new JsonObject().put("cluster", "all"),
        new JsonObject().put("cluster", new JsonArray().addNull()),
        new JsonObject().put("cluster", new JsonArray().add(7)),
        new JsonObject().put("cluster", new JsonArray().add("superpowers")),
        new JsonObject().put("indices", "all"),
        new JsonObject().put("indices", new JsonArray().add(new JsonObject().put("names", 1))),
        new JsonObject().put("connectors", "a"),
        new JsonObject().put("colour", "blue")}) {
      var response = as(first, ADMIN, "POST", "/_security/api_key",
          key("bad", new JsonObject().put("r", descriptor)).encode());
      assertThat(response.status()).as(descriptor.encode() + " → " + response.body()).isEqualTo(400);
      assertThat(response.json().getInteger("status")).isEqualTo(400);
    }
    var notAnObject = as(first, ADMIN, "POST", "/_security/api_key",
        new JsonObject().put("name", "bad").put("role_descriptors", new JsonObject().put("r", "all")).encode());
    assertThat(notAnObject.status()).isEqualTo(400);
  }

  @Test
  @DisplayName("expirations out of range or not positive answer 400, and the key list stays readable")
  void expirations() {
    for (String expiration : new String[] {"3000000d", "9223372036854775807ms", "99999999999999999999d", "0s", "0d",
        "-1d", "1.5h", "1y", "", "d", "36501d"}) {
      var response = as(first, ADMIN, "POST", "/_security/api_key",
          new JsonObject().put("name", "expiring").put("expiration", expiration).encode());
      assertThat(response.status()).as("[" + expiration + "] → " + response.body()).isEqualTo(400);
      assertThat(response.json().getJsonObject("error").getString("type")).isEqualTo("illegal_argument_exception");
    }
    assertThat(as(first, ADMIN, "POST", "/_security/api_key",
        new JsonObject().put("name", "long").put("expiration", "36500d").encode()).status()).isEqualTo(200);
    assertThat(as(second, ADMIN, "GET", "/_security/api_key", null).status()).isEqualTo(200);
  }

  private static String connector() {
    return createConnector(first, ADMIN, "escalation-" + UUID.randomUUID());
  }

  private static JsonObject key(String name, JsonObject descriptors) {
    return new JsonObject().put("name", name).put("role_descriptors", descriptors);
  }

  private static JsonObject role(String connector, String... privileges) {
    return new JsonObject().put("r", new JsonObject().put("cluster", new JsonArray(java.util.List.of(privileges)))
        .put("connectors", new JsonArray().add(connector)));
  }
}
