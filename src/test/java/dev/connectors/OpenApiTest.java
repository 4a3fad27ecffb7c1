package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.config.AppConfig;
import dev.connectors.http.ApiRouter;
import dev.connectors.store.StoreClient;
import dev.connectors.support.ServiceTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GET /_openapi")
@org.junit.jupiter.api.extension.ExtendWith(io.vertx.junit5.VertxExtension.class)
class OpenApiTest extends ServiceTest {

  @Test
  @DisplayName("serves an OpenAPI 3.1 document naming exactly the routes the router serves")
  void documentMatchesRouter(Vertx vertx) {
    var response = api.get("/_openapi");
    assertThat(response.status()).isEqualTo(200);
    JsonObject document = response.json();
    assertThat(document.getString("openapi")).isEqualTo("3.1.0");

    Set<String> documented = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        documented.add(method.toUpperCase() + " " + path.replaceAll("\\{[^}]+}", "{}"));
      }
    }

    var router = ApiRouter.create(vertx, AppConfig.fromEnv(Map.of()), new StoreClient(vertx.eventBus(), 1000),
        ServiceMetrics.registry(), Buffer.buffer("{}"), null, () -> false);
    Set<String> served = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() != null && route.methods() != null) {
        route.methods().forEach(method -> served.add(method.name() + " "
            + route.getPath().replaceAll(":[A-Za-z_]+", "{}")));
      }
    }
    assertThat(served).hasSizeGreaterThan(30);
    assertThat(documented).as("documented routes").containsExactlyInAnyOrderElementsOf(served);
  }
}
