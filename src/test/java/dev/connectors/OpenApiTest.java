package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.config.AppConfig;
import dev.connectors.http.ApiRouter;
import dev.connectors.http.ChangeFeed;
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
        ServiceMetrics.registry(), Buffer.buffer("{}"), null, () -> false,
        new ChangeFeed(vertx, new StoreClient(vertx.eventBus(), 1000), ServiceMetrics.registry()));
    Set<String> served = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() != null && route.methods() != null) {
        route.methods().forEach(method -> served.add(method.name() + " "
            + route.getPath().replaceAll(":[A-Za-z_]+", "{}")));
      }
    }
    assertThat(served).hasSizeGreaterThan(30);
    assertThat(documented).as("documented routes").containsExactlyInAnyOrderElementsOf(served);

    // request bodies: declared once, by the schema the endpoint validates with
    Set<String> withBody = new TreeSet<>();
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        JsonObject body = paths.getJsonObject(path).getJsonObject(method).getJsonObject("requestBody");
        if (body != null) {
          JsonObject schema = body.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema");
          assertThat(schema.getBoolean("additionalProperties")).isFalse();
          assertThat(schema.getString("title")).as(method + " " + path).endsWith("_request");
          withBody.add(method.toUpperCase() + " " + path.replaceAll("\\{[^}]+}", "{}"));
        }
      }
    }
    assertThat(withBody).hasSizeGreaterThan(20);
    JsonObject file = new JsonObject(vertx.fileSystem().readFileBlocking("openapi.json"));
    assertThat(file.encode()).as("openapi.json declares no request schema of its own").doesNotContain("\"additionalProperties\":false");
  }

  @Test
  @DisplayName("the response schemas name exactly the fields the service writes: the Connector and SyncJob records")
  void responseSchemasMatchTheRecords() {
    JsonObject schemas = api.get("/_openapi").json().getJsonObject("components").getJsonObject("schemas");
    assertThat(schemas.getJsonObject("Connector").getJsonObject("properties").fieldNames())
        .containsExactlyInAnyOrderElementsOf(jsonNames(dev.connectors.model.Connector.class));
    assertThat(schemas.getJsonObject("SyncJob").getJsonObject("properties").fieldNames())
        .containsExactlyInAnyOrderElementsOf(jsonNames(dev.connectors.model.SyncJob.class));
  }

  /** The JSON field names of a record written with snake_case naming. */
  private static Set<String> jsonNames(Class<? extends Record> type) {
    Set<String> names = new TreeSet<>();
    for (var component : type.getRecordComponents()) {
      names.add(component.getName().replaceAll("([A-Z])", "_$1").toLowerCase());
    }
    return names;
  }
}
