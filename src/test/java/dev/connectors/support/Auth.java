package dev.connectors.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;

/** Credentials as clients send them, and the calls the security tests make with them. */
public final class Auth {

  private Auth() {
  }

  public static Map<String, String> basic(String user, String password) {
    return Map.of("Authorization", "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** The {@code Authorization} of a key as {@code POST /_security/api_key} answered it. */
  public static Map<String, String> apiKey(JsonObject key) {
    return Map.of("Authorization", "ApiKey " + key.getString("encoded"));
  }

  public static Map<String, String> apiKey(String id, String secret) {
    return Map.of("Authorization", "ApiKey " + Base64.getEncoder()
        .encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)));
  }

  public static Api.Response as(Api api, Map<String, String> auth, String method, String path, String json) {
    return api.send(method, path, json == null ? null : Api.JSON,
        json == null ? null : json.getBytes(StandardCharsets.UTF_8), auth);
  }

  /** A new key made by {@code creator}; fails the test unless it is made. */
  public static JsonObject createKey(Api api, Map<String, String> creator, JsonObject request) {
    var response = as(api, creator, "POST", "/_security/api_key", request.encode());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  /** A connector made by {@code creator}; its id. */
  public static String createConnector(Api api, Map<String, String> creator, String id) {
    assertThat(as(api, creator, "PUT", "/_connector/" + id, "{}").status()).isIn(200, 201);
    return id;
  }

  /**
   * Polls {@code check} until it holds, failing after {@code within}; answers how long it took.
   * For what must happen "within N seconds" across instances.
   */
  public static Duration within(Duration within, Predicate<Void> check) throws InterruptedException {
    long start = System.nanoTime();
    while (!check.test(null)) {
      if (System.nanoTime() - start > within.toNanos()) {
        throw new AssertionError("did not hold within " + within);
      }
      Thread.sleep(10);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
