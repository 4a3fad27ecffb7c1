package dev.connectors.security;

import static dev.connectors.support.Auth.as;
import static dev.connectors.support.Auth.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.Api;
import dev.connectors.support.ServiceEnv;
import dev.connectors.support.ServiceTest;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Password guessing is throttled, and the password is kept as a slow hash")
@ServiceEnv({"SECURITY_ENABLED=true", "ADMIN_PASSWORD=throttle-admin", "AUTH_FAILURE_LIMIT=20"})
class PasswordThrottleTest extends ServiceTest {

  private static final Map<String, String> ADMIN = basic("elastic", "throttle-admin");

  @Test
  @DisplayName("wrong passwords are throttled per source and user with 429 and Retry-After; a checked password still works")
  void passwordGuessing() {
    assertThat(as(api, ADMIN, "GET", "/_security/_authenticate", null).status()).isEqualTo(200);
    int refused = 0;
    Api.Response last = null;
    for (int i = 0; i < 25; i++) {
      last = as(api, basic("elastic", "guess-" + i), "GET", "/_security/_authenticate", null);
      refused += last.status() == 401 ? 1 : 0;
    }
    assertThat(refused).isEqualTo(20);
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.headers().get("retry-after")).isNotEmpty();
    assertThat(last.json().getJsonObject("error").getString("type")).isEqualTo("es_rejected_execution_exception");
    assertThat(as(api, ADMIN, "GET", "/_security/_authenticate", null).status()).isEqualTo(200);
    // API keys from the same address are not locked out
    var key = dev.connectors.support.Auth.createKey(api, ADMIN, new io.vertx.core.json.JsonObject().put("name", "k"));
    assertThat(as(api, dev.connectors.support.Auth.apiKey(key), "GET", "/_connector", null).status()).isEqualTo(200);
  }

}
