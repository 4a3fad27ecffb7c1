package dev.connectors.http;

import dev.connectors.http.JsonBody.Kind;
import dev.connectors.http.JsonBody.Schema;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /_openapi}: {@code openapi.json} (paths, summaries, responses) with every request
 * body's schema filled in from the one definition the service validates requests with, the
 * endpoint's {@link Schema}: a request field is declared once, in code, and the document follows.
 */
final class OpenApiDocument {

  /** Request schemas by operation, {@code "PUT /_connector/{}/_error"} (path parameters as {@code {}}). */
  private final Map<String, Schema> requestBodies = new TreeMap<>();

  void requestBody(HttpMethod method, String routePath, Schema schema) {
    requestBodies.put(key(method.name(), routePath.replaceAll(":[A-Za-z_]+", "{}")), schema);
  }

  Map<String, Schema> requestBodies() {
    return requestBodies;
  }

  /** The served document: the file's, with the request bodies derived from the code. */
  Buffer render(Buffer file) {
    JsonObject document = new JsonObject(file);
    JsonObject paths = document.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject operations = paths.getJsonObject(path);
      for (String method : operations.fieldNames()) {
        Schema schema = requestBodies.get(key(method.toUpperCase(), path.replaceAll("\\{[^}]+}", "{}")));
        if (schema != null) {
          JsonObject operation = operations.getJsonObject(method);
          JsonObject body = operation.getJsonObject("requestBody", new JsonObject().put("required", true));
          operation.put("requestBody", body.put("content", new JsonObject().put("application/json",
              new JsonObject().put("schema", jsonSchema(schema)))));
        }
      }
    }
    return document.toBuffer();
  }

  /** A request schema as JSON Schema: the declared fields, each of its kind or null, nothing else. */
  static JsonObject jsonSchema(Schema schema) {
    JsonObject properties = new JsonObject();
    new TreeMap<>(schema.fields()).forEach((field, kind) -> properties.put(field, fieldSchema(kind)));
    return new JsonObject().put("type", "object").put("title", schema.parserName()).put("properties", properties)
        .put("additionalProperties", false);
  }

  private static JsonObject fieldSchema(Kind kind) {
    return switch (kind) {
      case STRING -> nullable("string");
      case BOOLEAN -> nullable("boolean");
      case LONG -> nullable("integer");
      case DATE -> nullable("string").put("format", "date-time");
      case OBJECT -> nullable("object");
      case ARRAY -> nullable("array");
      case ANY -> new JsonObject();
    };
  }

  private static JsonObject nullable(String type) {
    return new JsonObject().put("type", new JsonArray().add(type).add("null"));
  }

  private static String key(String method, String path) {
    return method + " " + path;
  }
}
