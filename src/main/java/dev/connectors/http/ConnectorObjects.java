package dev.connectors.http;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The nested objects of a connector that Elasticsearch parses field by field
 * ({@code ConnectorIngestPipeline}, {@code ConnectorScheduling}): every field required, of its
 * type, unknown fields dropped; the whole object replaces the stored one. A request that lacks
 * a field answers 400 {@code x_content_parse_exception}, as Elasticsearch's parser does.
 */
final class ConnectorObjects {

  /** Quartz cron, as Elasticsearch's {@code Cron} reads it: seconds first, year optional. */
  private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
  private static final List<String> SCHEDULES = List.of("access_control", "full", "incremental");

  private ConnectorObjects() {
  }

  /** {@code pipeline}: {@code extract_binary_content}, {@code name}, {@code reduce_whitespace}, {@code run_ml_inference}. */
  static JsonObject pipeline(JsonObject pipeline) {
    String parser = "connector_update_pipeline_request";
    required(parser, "pipeline", pipeline, List.of("extract_binary_content", "name", "reduce_whitespace", "run_ml_inference"));
    return new JsonObject()
        .put("extract_binary_content", bool(parser, "pipeline", pipeline, "extract_binary_content"))
        .put("name", text(parser, "pipeline", pipeline, "name"))
        .put("reduce_whitespace", bool(parser, "pipeline", pipeline, "reduce_whitespace"))
        .put("run_ml_inference", bool(parser, "pipeline", pipeline, "run_ml_inference"));
  }

  /** {@code scheduling}: {@code access_control}, {@code full}, {@code incremental}, each {@code {enabled, interval}}. */
  static JsonObject scheduling(JsonObject scheduling) {
    String parser = "connector_update_scheduling_request";
    required(parser, "scheduling", scheduling, SCHEDULES);
    JsonObject checked = new JsonObject();
    for (String name : SCHEDULES) {
      if (!(scheduling.getValue(name) instanceof JsonObject schedule)) {
        throw failed(parser, "scheduling", "[" + name + "] must be an object");
      }
      required(parser, "scheduling", schedule, List.of("enabled", "interval"));
      String interval = text(parser, "scheduling", schedule, "interval");
      try {
        QUARTZ.parse(interval).validate();
      } catch (IllegalArgumentException invalid) {
        throw failed(parser, "scheduling", "invalid cron expression [" + interval + "]");
      }
      checked.put(name, new JsonObject().put("enabled", bool(parser, "scheduling", schedule, "enabled"))
          .put("interval", interval));
    }
    return checked;
  }

  private static final Set<String> DISPLAY_TYPES = Set.of("textbox", "textarea", "numeric", "toggle", "dropdown");
  private static final Set<String> FIELD_TYPES = Set.of("str", "int", "list", "bool");
  private static final Set<String> VALIDATION_TYPES = Set.of("less_than", "greater_than", "list_type", "included_in", "regex");

  /**
   * {@code configuration}: each field an object with a {@code label} (the one field Elasticsearch's
   * {@code ConnectorConfiguration} requires), and {@code display}, {@code type} and each
   * validation's {@code type} from Elasticsearch's lists, with its messages.
   */
  static JsonObject configuration(JsonObject configuration) {
    String parser = "connector_update_configuration_request";
    for (String name : configuration.fieldNames()) {
      if (!(configuration.getValue(name) instanceof JsonObject field)) {
        throw failed(parser, "configuration", "[" + name + "] must be an object");
      }
      required(parser, "configuration", field, List.of("label"));
      text(parser, "configuration", field, "label");
      oneOf(parser, field.getValue("display"), DISPLAY_TYPES, "Unknown DisplayType: ", true);
      oneOf(parser, field.getValue("type"), FIELD_TYPES, "Unknown FieldType: ", false);
      if (field.getValue("validations") instanceof JsonArray validations) {
        for (Object validation : validations) {
          if (!(validation instanceof JsonObject rule)) {
            throw failed(parser, "configuration", "[validations] must hold objects");
          }
          oneOf(parser, rule.getValue("type"), VALIDATION_TYPES, "Unknown ValidationType: ", true);
        }
      }
    }
    return configuration;
  }

  private static void oneOf(String parser, Object value, Set<String> accepted, String unknown, boolean anyCase) {
    if (value == null) {
      return;
    }
    String text = String.valueOf(value);
    if (!accepted.contains(anyCase ? text.toLowerCase(Locale.ROOT) : text)) {
      throw failed(parser, "configuration", unknown + text);
    }
  }

  private static void required(String parser, String field, JsonObject object, List<String> names) {
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      if (object.getValue(name) == null) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw failed(parser, field, "Required [" + String.join(", ", missing) + "]");
    }
  }

  private static boolean bool(String parser, String field, JsonObject object, String name) {
    if (!(object.getValue(name) instanceof Boolean value)) {
      throw failed(parser, field, "[" + name + "] must be a boolean");
    }
    return value;
  }

  private static String text(String parser, String field, JsonObject object, String name) {
    if (!(object.getValue(name) instanceof String value)) {
      throw failed(parser, field, "[" + name + "] must be a string");
    }
    return value;
  }

  private static ApiException failed(String parser, String field, String why) {
    return ApiException.parse("[" + parser + "] failed to parse field [" + field + "]: " + why);
  }

  /** For the endpoint table: the checked object put back into the patch in place of the request's. */
  static void replace(JsonObject body, String field, UnaryOperator<JsonObject> check) {
    JsonBody.requireValue(body, field);
    body.put(field, check.apply(body.getJsonObject(field)));
  }
}
