package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GET /_health/live and /_health/ready")
class HealthApiTest extends ServiceTest {

  @Test
  @DisplayName("live answers 200 while the process runs; ready answers 200 with PostgreSQL reachable and migrated")
  void health() {
    var live = api.get("/_health/live");
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json()).isEqualTo(new JsonObject().put("status", "live"));
    var ready = api.get("/_health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json()).isEqualTo(new JsonObject().put("status", "ready"));
  }
}
