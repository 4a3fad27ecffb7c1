package dev.connectors.security;

import static dev.connectors.support.Auth.apiKey;
import static dev.connectors.support.Auth.as;
import static dev.connectors.support.Auth.basic;
import static dev.connectors.support.Auth.createConnector;
import static dev.connectors.support.Auth.createKey;
import static dev.connectors.support.Auth.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.Api;
import dev.connectors.support.ServiceInstances;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Key revocation across three instances on one database")
class KeyRevocationTest {

  private static final Map<String, String> ADMIN = basic("elastic", "revocation-admin");
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  private static ServiceInstances instances;
  private static String connector;

  @BeforeAll
  static void start() throws Exception {
    instances = ServiceInstances.start(3, KeyRevocationTest.class,
        Map.of("SECURITY_ENABLED", "true", "ADMIN_PASSWORD", "revocation-admin"));
    connector = createConnector(api(0), ADMIN, "revocation-" + UUID.randomUUID());
  }

  @AfterAll
  static void stop() throws Exception {
    instances.close();
  }

  @Test
  @DisplayName("a key invalidated through one instance answers 401 on every instance within 1 s")
  void invalidationReachesEveryInstance() throws Exception {
    JsonObject key = cachedEverywhere(newKey());
    as(api(0), ADMIN, "DELETE", "/_security/api_key", new JsonObject().put("ids", new JsonArray().add(key.getString("id"))).encode());
    refusedEverywhereWithinOneSecond(key);
  }

  @Test
  @DisplayName("an invalidation written directly in SQL reaches every instance's cache too")
  void invalidationBySqlReachesEveryInstance() throws Exception {
    JsonObject key = cachedEverywhere(newKey());
    TestDatabase.update("UPDATE api_keys SET invalidated = true WHERE id = ?", key.getString("id"));
    refusedEverywhereWithinOneSecond(key);
  }

  @Test
  @DisplayName("while an instance's listener is disconnected, an invalidation made meanwhile still takes effect there")
  void listenerLossDoesNotMissInvalidations() throws Exception {
    JsonObject key = cachedEverywhere(newKey());
    TestDatabase.row("SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity "
        + "WHERE application_name = 'connector-service-revocation' AND datname = current_database()");
    TestDatabase.update("UPDATE api_keys SET invalidated = true WHERE id = ?", key.getString("id"));
    refusedEverywhereWithinOneSecond(key);
    // and the listeners come back: a key made now is cached and revoked as before
    JsonObject next = cachedEverywhere(newKey());
    as(api(1), ADMIN, "DELETE", "/_security/api_key", new JsonObject().put("id", next.getString("id")).encode());
    refusedEverywhereWithinOneSecond(next);
  }

  @Test
  @DisplayName("a key minted by a key records its parent, expires no later, and stops working on every instance with it")
  void childKeysFollowTheirParent() throws Exception {
    JsonObject parent = createKey(api(0), ADMIN, new JsonObject().put("name", "parent").put("expiration", "1d")
        .put("role_descriptors", new JsonObject().put("r", new JsonObject()
            .put("cluster", new JsonArray().add("manage_connector").add("manage_own_api_key")))));
    JsonObject child = createKey(api(1), apiKey(parent), new JsonObject().put("name", "child").put("expiration", "30d"));
    JsonObject grandchild = createKey(api(2), apiKey(child), new JsonObject().put("name", "grandchild"));
    assertThat(child.getLong("expiration")).isLessThanOrEqualTo(parent.getLong("expiration"));
    assertThat(grandchild.getLong("expiration")).isLessThanOrEqualTo(parent.getLong("expiration"));
    assertThat(TestDatabase.row("SELECT parent_id, creator FROM api_keys WHERE id = ?", child.getString("id")))
        .containsEntry("parent_id", parent.getString("id")).containsEntry("creator", "elastic");
    cachedEverywhere(child);
    cachedEverywhere(grandchild);

    var answer = as(api(0), ADMIN, "DELETE", "/_security/api_key",
        new JsonObject().put("ids", new JsonArray().add(parent.getString("id"))).encode()).json();
    assertThat(answer.getJsonArray("invalidated_api_keys"))
        .containsExactlyInAnyOrder(parent.getString("id"), child.getString("id"), grandchild.getString("id"));
    refusedEverywhereWithinOneSecond(child);
    refusedEverywhereWithinOneSecond(grandchild);
  }

  private static JsonObject newKey() {
    return createKey(api(0), ADMIN, new JsonObject().put("name", "fleet").put("role_descriptors", new JsonObject()
        .put("connector", new JsonObject().put("cluster", new JsonArray().add("manage_connector"))
            .put("connectors", new JsonArray().add(connector)))));
  }

  /** Uses the key on every instance, so that each has it in its cache. */
  private static JsonObject cachedEverywhere(JsonObject key) {
    for (int i = 0; i < 3; i++) {
      assertThat(read(api(i), key)).isEqualTo(200);
    }
    return key;
  }

  private static void refusedEverywhereWithinOneSecond(JsonObject key) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      Api api = api(i);
      within(ONE_SECOND, v -> read(api, key) == 401);
    }
  }

  private static int read(Api api, JsonObject key) {
    return as(api, apiKey(key), "GET", "/_connector/" + connector, null).status();
  }

  private static Api api(int i) {
    return instances.get(i).api();
  }
}
