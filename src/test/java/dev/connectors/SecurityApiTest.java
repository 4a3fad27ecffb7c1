package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.Api;
import dev.connectors.support.ServiceEnv;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.Watch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Security: API keys and the user elastic")
@ServiceEnv({"SECURITY_ENABLED=true", "ADMIN_PASSWORD=s3cret-admin", "WATCH_HEARTBEAT=400ms"})
class SecurityApiTest extends ServiceTest {

  private static final Map<String, String> ADMIN = basic("elastic", "s3cret-admin");

  @Test
  @DisplayName("without credentials: 401 security_exception with WWW-Authenticate; health, metrics and / stay open")
  void unauthenticated() {
    var response = api.get("/_connector/x");
    response.assertError(401, "security_exception", "missing authentication credentials for REST request [/_connector/x]");
    assertThat(response.headers().get("www-authenticate")).containsExactly("ApiKey, Basic realm=\"security\"");
    for (String open : List.of("/", "/_health/live", "/_health/ready", "/_metrics", "/_openapi")) {
      assertThat(api.get(open).status()).as(open).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("Basic elastic with the right password passes; a wrong password or another user gets 401")
  void basic() {
    String id = uniqueId("sec");
    assertThat(as(ADMIN, "PUT", "/_connector/" + id, "{}").status()).isEqualTo(201);
    as(basic("elastic", "wrong-password"), "GET", "/_connector/" + id, null).assertError(401, "security_exception",
        "unable to authenticate user [elastic] for REST request [/_connector/" + id + "]");
    assertThat(as(basic("mallory", "s3cret-admin"), "GET", "/_connector/" + id, null).status()).isEqualTo(401);
    assertThat(as(Map.of("Authorization", "Bearer abc"), "GET", "/_connector/" + id, null).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("a key for connector A reads and updates A only (its error history too), lists and counts A alone: "
      + "B and other keys answer 403 naming action and key")
  void connectorKey() {
    String a = created();
    String b = created();
    JsonObject key = managerOf("fleet-a", a);
    Map<String, String> auth = apiKey(key);
    assertThat(as(auth, "PUT", "/_connector/" + a + "/_error", "{\"error\":\"x\"}").status()).isEqualTo(200);
    assertThat(as(auth, "GET", "/_connector/" + a, null).status()).isEqualTo(200);
    assertThat(as(auth, "PUT", "/_connector/" + a + "/_check_in", null).status()).isEqualTo(200);

    as(auth, "PUT", "/_connector/" + b + "/_error", "{\"error\":\"x\"}").assertError(403, "security_exception",
        "action [cluster:admin/xpack/connector/error/put] is unauthorized for API key id [" + key.getString("id")
            + "] of user [elastic]");
    assertThat(as(auth, "GET", "/_connector/" + b, null).status()).isEqualTo(403);
    JsonObject listed = as(auth, "GET", "/_connector?size=10000", null).json();
    assertThat(listed.getLong("count")).as("a scoped key lists its own connectors only").isEqualTo(1);
    assertThat(listed.getJsonArray("results").getJsonObject(0).getString("id")).isEqualTo(a);
    assertThat(as(auth, "GET", "/_connector/_sync_job", null).status()).isEqualTo(200);
    assertThat(as(auth, "GET", "/_license", null).status()).as("any authenticated caller reads the license").isEqualTo(200);
    assertThat(api.get("/_license").status()).isEqualTo(401);
    assertThat(as(auth, "GET", "/_connector/" + a + "/_error_history", null).status()).isEqualTo(200);
    JsonObject stats = as(auth, "GET", "/_connector/_stats", null).json();
    assertThat(stats.getJsonObject("connectors").getLong("total")).as("a scoped key counts its own").isEqualTo(1);
    assertThat(stats.getJsonObject("connectors").getJsonObject("by_status").getLong("error")).isEqualTo(1);
    as(auth, "GET", "/_connector/" + b + "/_error_history", null).assertError(403, "security_exception",
        "action [cluster:admin/xpack/connector/errorhistory/get] is unauthorized for API key id ["
            + key.getString("id") + "] of user [elastic]");
    assertThat(as(auth, "POST", "/_security/api_key", "{\"name\":\"more\"}").status()).isEqualTo(403);

    JsonObject whoami = as(auth, "GET", "/_security/_authenticate", null).json();
    assertThat(whoami.getString("username")).isEqualTo("elastic");
    assertThat(whoami.getString("authentication_type")).isEqualTo("api_key");
    assertThat(whoami.getJsonObject("api_key").getString("id")).isEqualTo(key.getString("id"));
  }

  @Test
  @DisplayName("a connector-scoped key watches its own connectors only; without credentials a watch is 401; a watch "
      + "ends when its key is invalidated")
  void scopedWatch() throws Exception {
    String a = created();
    String b = created();
    JsonObject key = createKey(new JsonObject().put("name", "watch-a").put("role_descriptors", new JsonObject()
        .put("connector", new JsonObject().put("cluster", new JsonArray().add("monitor_connector"))
            .put("connectors", new JsonArray().add(a)))));
    try (Watch anonymous = Watch.open(port, "")) {
      assertThat(anonymous.status()).isEqualTo(401);
    }
    try (Watch watch = Watch.open(port, "", apiKey(key))) {
      assertThat(watch.status()).isEqualTo(200);
      as(ADMIN, "PUT", "/_connector/" + b + "/_error", "{\"error\":\"b's\"}");
      as(ADMIN, "PUT", "/_connector/" + a + "/_error", "{\"error\":\"a's\"}");
      Watch.Event first = watch.nextEvent(Duration.ofSeconds(2));
      assertThat(first.data().getString("id")).as("B's change is not shown to A's key").isEqualTo(a);
      assertThat(as(ADMIN, "DELETE", "/_security/api_key", new JsonObject().put("ids", new JsonArray()
          .add(key.getString("id"))).encode()).status()).isEqualTo(200);
      watch.awaitEnd(Duration.ofSeconds(3));
    }
  }

  @Test
  @DisplayName("monitor_connector reads but cannot write; a key that reads no connector cannot list or count them; a key "
      + "without role descriptors has its creator's privileges")
  void privileges() {
    String a = created();
    Map<String, String> monitor = apiKey(createKey(new JsonObject().put("name", "monitor").put("role_descriptors",
        new JsonObject().put("r", new JsonObject().put("cluster", new JsonArray().add("monitor_connector"))))));
    assertThat(as(monitor, "GET", "/_connector/" + a, null).status()).isEqualTo(200);
    assertThat(as(monitor, "GET", "/_connector", null).status()).isEqualTo(200);
    assertThat(as(monitor, "PUT", "/_connector/" + a + "/_error", "{\"error\":null}").status()).isEqualTo(403);

    Map<String, String> keysOnly = apiKey(createKey(new JsonObject().put("name", "keys-only").put("role_descriptors",
        new JsonObject().put("r", new JsonObject().put("cluster", new JsonArray().add("manage_own_api_key"))))));
    for (String fleetRead : List.of("/_connector", "/_connector/_sync_job", "/_connector/_stats")) {
      assertThat(as(keysOnly, "GET", fleetRead, null).status()).as(fleetRead).isEqualTo(403);
    }

    Map<String, String> full = apiKey(createKey(new JsonObject().put("name", "admin-like")));
    assertThat(as(full, "PUT", "/_connector/" + a + "/_error", "{\"error\":null}").status()).isEqualTo(200);
    assertThat(as(full, "GET", "/_security/api_key", null).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("an expired key and an invalidated key get 401; an unknown id and a wrong secret get the same answer")
  void expiredInvalidatedUnknown() throws Exception {
    String a = created();
    JsonObject expiring = createKey(new JsonObject().put("name", "short").put("expiration", "1ms"));
    dev.connectors.support.Auth.within(java.time.Duration.ofSeconds(5),
        v -> as(apiKey(expiring), "GET", "/_connector/" + a, null).status() == 401);
    as(apiKey(expiring), "GET", "/_connector/" + a, null).assertError(401, "security_exception", "api key is expired");

    JsonObject doomed = createKey(new JsonObject().put("name", "doomed"));
    assertThat(as(apiKey(doomed), "GET", "/_connector/" + a, null).status()).isEqualTo(200);
    JsonObject invalidated = as(ADMIN, "DELETE", "/_security/api_key",
        new JsonObject().put("ids", new JsonArray().add(doomed.getString("id"))).encode()).json();
    assertThat(invalidated.getJsonArray("invalidated_api_keys")).containsExactly(doomed.getString("id"));
    as(apiKey(doomed), "GET", "/_connector/" + a, null)
        .assertError(401, "security_exception", "api key has been invalidated");

    var unknown = as(encoded("no-such-id", "whatever"), "GET", "/_connector/" + a, null);
    var wrongSecret = as(encoded(doomed.getString("id").substring(0, 5) + "x", "whatever"), "GET", "/_connector/" + a, null);
    var badSecretOfRealKey = as(encoded(createKey(new JsonObject().put("name", "k")).getString("id"), "wrong"),
        "GET", "/_connector/" + a, null);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(badSecretOfRealKey.body()).isEqualTo(unknown.body()).isEqualTo(wrongSecret.body());
  }

  @Test
  @DisplayName("listing keys shows ids and names, never a secret; keys are stored only as hashes")
  void listingHidesSecrets() {
    JsonObject key = createKey(new JsonObject().put("name", "listed"));
    String body = as(ADMIN, "GET", "/_security/api_key", null).body();
    assertThat(body).contains(key.getString("id")).contains("\"listed\"").doesNotContain(key.getString("api_key"));
    Object stored = dev.connectors.support.TestDatabase.row("SELECT secret_hash FROM api_keys WHERE id = ?",
        key.getString("id")).get("secret_hash");
    assertThat(stored).isNotEqualTo(key.getString("api_key"));
    assertThat((String) stored).hasSize(64);
  }

  @Test
  @DisplayName("a malformed percent-encoding in the path answers 400, before any credentials are looked at")
  void malformedPath() throws Exception {
    try (var socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write("GET /_connector/a%zz HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] buffer = new byte[512];
      int n = socket.getInputStream().read(buffer);
      assertThat(new String(buffer, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400");
    }
  }

  private static JsonObject createKey(JsonObject request) {
    var response = as(ADMIN, "POST", "/_security/api_key", request.encode());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonObject key = response.json();
    assertThat(new String(Base64.getDecoder().decode(key.getString("encoded")), StandardCharsets.UTF_8))
        .isEqualTo(key.getString("id") + ":" + key.getString("api_key"));
    return key;
  }

  @Test
  @DisplayName("the index view under a key for connector A: searches and _doc show A's connector and jobs only, "
      + "B's documents are not found, _update of B is 403 and of B's job 404; without credentials 401")
  void scopedIndexView() {
    String a = syncable();
    String b = syncable();
    String jobOfB = as(ADMIN, "POST", "/_connector/_sync_job", "{\"id\":\"" + b + "\"}").json().getString("id");
    String jobOfA = as(ADMIN, "POST", "/_connector/_sync_job", "{\"id\":\"" + a + "\"}").json().getString("id");
    Map<String, String> auth = apiKey(managerOf("framework-a", a));

    assertThat(api.post("/.elastic-connectors/_search", "{}").status()).isEqualTo(401);
    String both = "{\"query\":{\"terms\":{\"_id\":[\"" + a + "\",\"" + b + "\"]}}}";
    JsonObject found = as(auth, "POST", "/.elastic-connectors/_search", both).json().getJsonObject("hits");
    assertThat(found.getJsonObject("total").getInteger("value")).isEqualTo(1);
    assertThat(found.getJsonArray("hits").getJsonObject(0).getString("_id")).isEqualTo(a);
    assertThat(as(auth, "POST", "/.elastic-connectors/_count", both).json().getInteger("count")).isEqualTo(1);
    assertThat(as(auth, "GET", "/.elastic-connectors/_doc/" + b, null).status()).isEqualTo(404);
    assertThat(as(auth, "GET", "/.elastic-connectors-sync-jobs/_doc/" + jobOfB, null).status()).isEqualTo(404);
    JsonObject jobs = as(auth, "POST", "/.elastic-connectors-sync-jobs/_search", "{}").json().getJsonObject("hits");
    assertThat(jobs.getJsonArray("hits").stream().map(h -> ((JsonObject) h).getString("_id")).toList()).containsExactly(jobOfA);

    assertThat(as(auth, "POST", "/.elastic-connectors/_update/" + a, "{\"doc\":{\"last_sync_status\":\"completed\"}}").status())
        .isEqualTo(200);
    as(auth, "POST", "/.elastic-connectors/_update/" + b, "{\"doc\":{\"status\":\"error\",\"error\":\"x\"}}").assertError(403,
        "security_exception", "action [indices:data/write/update] is unauthorized for " + "API key id ["
            + as(auth, "GET", "/_security/_authenticate", null).json().getJsonObject("api_key").getString("id") + "] of user [elastic]");
    assertThat(as(auth, "POST", "/.elastic-connectors-sync-jobs/_update/" + jobOfB, "{\"doc\":{\"status\":\"canceled\"}}")
        .status()).isEqualTo(404);
    assertThat(as(ADMIN, "GET", "/_connector/" + b, null).json().getString("error")).isNull();
    assertThat(as(ADMIN, "GET", "/_connector/_sync_job/" + jobOfB, null).json().getString("status")).isEqualTo("pending");
  }

  @Test
  @DisplayName("sync jobs under a key for connector A (the connectors framework's key): A's jobs can be created, read, "
      + "claimed and updated; B's are not found and a job for B is 403")
  void scopedSyncJobs() {
    String a = syncable();
    String b = syncable();
    String jobOfB = as(ADMIN, "POST", "/_connector/_sync_job", "{\"id\":\"" + b + "\"}").json().getString("id");
    JsonObject key = managerOf("jobs-a", a);
    Map<String, String> auth = apiKey(key);

    var created = as(auth, "POST", "/_connector/_sync_job", "{\"id\":\"" + a + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String jobOfA = created.json().getString("id");
    assertThat(as(auth, "GET", "/_connector/_sync_job/" + jobOfA, null).status()).isEqualTo(200);
    assertThat(as(auth, "PUT", "/_connector/_sync_job/" + jobOfA + "/_claim", "{\"worker_hostname\":\"h\"}").status()).isEqualTo(200);
    assertThat(as(auth, "PUT", "/_connector/_sync_job/" + jobOfA + "/_check_in", null).status()).isEqualTo(200);

    as(auth, "POST", "/_connector/_sync_job", "{\"id\":\"" + b + "\"}").assertError(403, "security_exception",
        "action [cluster:admin/xpack/connector/sync_job/post] is unauthorized for API key id [" + key.getString("id")
            + "] of user [elastic]");
    for (String[] call : new String[][] {{"GET", ""}, {"PUT", "/_claim"}, {"PUT", "/_cancel"}, {"PUT", "/_check_in"},
        {"DELETE", ""}}) {
      String body = call[1].equals("/_claim") ? "{\"worker_hostname\":\"h\"}" : null;
      assertThat(as(auth, call[0], "/_connector/_sync_job/" + jobOfB + call[1], body).status())
          .as(call[0] + " B's job" + call[1]).isEqualTo(404);
    }
    JsonObject untouched = as(ADMIN, "GET", "/_connector/_sync_job/" + jobOfB, null).json();
    assertThat(untouched.getString("status")).isEqualTo("pending");
    assertThat(untouched.getString("worker_hostname")).isNull();
  }

  /** A key with manage_connector on one connector only: what a connector (or its framework) is given. */
  private static JsonObject managerOf(String name, String connector) {
    return createKey(new JsonObject().put("name", name).put("role_descriptors", new JsonObject()
        .put("connector", new JsonObject().put("cluster", new JsonArray().add("manage_connector"))
            .put("connectors", new JsonArray().add(connector)))));
  }

  /** A connector that can sync: an index and a service type. */
  private static String syncable() {
    String id = created();
    assertThat(as(ADMIN, "PUT", "/_connector/" + id + "/_index_name", "{\"index_name\":\"search-" + id + "\"}").status()).isEqualTo(200);
    assertThat(as(ADMIN, "PUT", "/_connector/" + id + "/_service_type", "{\"service_type\":\"dir\"}").status()).isEqualTo(200);
    return id;
  }

  private static String created() {
    String id = uniqueId("sec");
    assertThat(as(ADMIN, "PUT", "/_connector/" + id, "{}").status()).isEqualTo(201);
    return id;
  }

  private static Api.Response as(Map<String, String> auth, String method, String path, String json) {
    return api.send(method, path, json == null ? null : Api.JSON,
        json == null ? null : json.getBytes(StandardCharsets.UTF_8), auth);
  }

  private static Map<String, String> apiKey(JsonObject key) {
    return Map.of("Authorization", "ApiKey " + key.getString("encoded"));
  }

  private static Map<String, String> encoded(String id, String secret) {
    return Map.of("Authorization", "ApiKey " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)));
  }

  private static Map<String, String> basic(String user, String password) {
    return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }
}
