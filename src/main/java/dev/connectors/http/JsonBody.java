package dev.connectors.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a request body the way Elasticsearch's object parsers do: one JSON object whose fields
 * are all declared, each of the declared kind, with Elasticsearch's error types and reasons.
 * The result maps each field present to its value; a field sent as {@code null} maps to null,
 * so "absent" and "null" stay distinguishable.
 */
final class JsonBody {

  /** What a field accepts besides {@code null}, which every field accepts. */
  enum Kind { STRING, BOOLEAN, LONG, DATE, OBJECT, ARRAY, ANY }

  /** A request's declared fields, named as Elasticsearch names its parser in error reasons. */
  record Schema(String parserName, Map<String, Kind> fields) {
  }

  /**
   * How deep a request's JSON may nest. Far above any real connector document (filtering rules
   * nest about 6 levels) and far below the 1,000 levels PostgreSQL's JSON reader and Jackson
   * accept, so that nothing stored here can be too deep to read back.
   */
  static final int MAX_NESTING_DEPTH = 64;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
      .build();

  private JsonBody() {
  }

  /** A body that must be there: none at all is Elasticsearch's {@code parse_exception}. */
  static Map<String, Object> required(Buffer body, Schema schema) {
    if (isEmpty(body)) {
      throw ApiException.bodyRequired();
    }
    return parse(body, schema);
  }

  /** A body that may be left out: none at all reads as {@code {}}. */
  static Map<String, Object> optional(Buffer body, Schema schema) {
    return isEmpty(body) ? Map.of() : parse(body, schema);
  }

  /**
   * The checked fields of an update request as a patch for the store: with a schema, the body is
   * required, parsed and handed to {@code check}; without one, the endpoint takes no body.
   */
  static JsonObject patch(RoutingContext ctx, Schema schema, Consumer<JsonObject> check) {
    Buffer body = ctx.body().buffer();
    if (schema == null) {
      if (!isEmpty(body)) {
        throw ApiException.illegalArgument("request [" + ctx.request().method() + " " + ctx.request().path()
            + "] does not support having a body");
      }
      return new JsonObject();
    }
    JsonObject patch = new JsonObject(required(body, schema));
    check.accept(patch);
    return patch;
  }

  static void requireKey(JsonObject body, String field) {
    if (!body.containsKey(field)) {
      throw ApiException.illegalArgument("Required [" + field + "]");
    }
  }

  static void requireValue(JsonObject body, String field) {
    requireKey(body, field);
    if (body.getValue(field) == null) {
      throw ApiException.validation("[" + field + "] cannot be [null].");
    }
  }

  /** At least one of the fields must carry a value; fields sent as null are dropped. */
  static void requireOne(JsonObject body, String message, String... fields) {
    Arrays.stream(fields).filter(f -> body.containsKey(f) && body.getValue(f) == null).toList()
        .forEach(body::remove);
    if (Arrays.stream(fields).noneMatch(body::containsKey)) {
      throw ApiException.validation(message);
    }
  }

  static boolean isEmpty(Buffer body) {
    if (body == null) {
      return true;
    }
    for (int i = 0; i < body.length(); i++) {
      byte b = body.getByte(i);
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Object> parse(Buffer body, Schema schema) {
    String name = schema.parserName();
    byte[] bytes = body.getBytes();
    if (!StrictUtf8.isValid(bytes)) {
      throw ApiException.parse("[" + name + "] the request body is not well-formed UTF-8");
    }
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_OBJECT) {
        throw ApiException.parse("[" + name + "] Expected START_OBJECT but was: " + esTokenName(token));
      }
      Map<String, Object> values = new HashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        Kind kind = schema.fields().get(field);
        if (kind == null) {
          throw ApiException.parse("[" + name + "] unknown field [" + field + "]");
        }
        values.put(field, readValue(parser, parser.nextToken(), kind, name, field));
      }
      if (parser.nextToken() != null) {
        throw ApiException.parse("[" + name + "] unexpected content after the request object at "
            + location(parser.currentLocation()));
      }
      return values;
    } catch (StreamConstraintsException e) {
      throw ApiException.parse("[" + name + "] the request nests deeper than " + MAX_NESTING_DEPTH + " levels");
    } catch (JsonProcessingException e) {
      throw ApiException.parse(location(e.getLocation()) + " " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.parse("[" + name + "] cannot read the request body: " + e.getMessage());
    }
  }

  private static Object readValue(JsonParser parser, JsonToken token, Kind kind, String name,
      String field) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    Object value = switch (kind) {
      case STRING, DATE -> token == JsonToken.VALUE_STRING ? parser.getText() : null;
      case BOOLEAN -> booleanValue(parser, token, name, field);
      case LONG -> token == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
      case OBJECT -> token == JsonToken.START_OBJECT ? object(parser) : null;
      case ARRAY -> token == JsonToken.START_ARRAY ? array(parser) : null;
      case ANY -> anyValue(parser, token);
    };
    if (value == null) {
      throw ApiException.parse("[" + name + "] " + field + " doesn't support values of type: "
          + esTokenName(token));
    }
    if (value instanceof String text) {
      checkStorable(text, name, field);
      if (kind == Kind.DATE) {
        return isoInstant(text, name, field);
      }
    }
    return value;
  }

  private static Boolean booleanValue(JsonParser parser, JsonToken token, String name, String field)
      throws IOException {
    if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
      return token == JsonToken.VALUE_TRUE;
    }
    if (token != JsonToken.VALUE_STRING) {
      return null;
    }
    return switch (parser.getText()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiException.parse("[" + name + "] failed to parse field [" + field
          + "]: Failed to parse value [" + parser.getText() + "] as only [true] or [false] are allowed.");
    };
  }

  private static Object anyValue(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> parser.getText();
      case VALUE_TRUE, VALUE_FALSE -> token == JsonToken.VALUE_TRUE;
      default -> parser.getNumberValue();
    };
  }

  @SuppressWarnings("unchecked")
  private static JsonObject object(JsonParser parser) throws IOException {
    Map<String, Object> value = DatabindCodec.mapper().readValue(parser, Map.class);
    checkStorableTree(value);
    return new JsonObject(value);
  }

  private static JsonArray array(JsonParser parser) throws IOException {
    List<?> value = DatabindCodec.mapper().readValue(parser, List.class);
    checkStorableTree(value);
    return new JsonArray(value);
  }

  /**
   * PostgreSQL text and jsonb cannot hold NUL, so no string in a request may carry one; nor an
   * unpaired surrogate (a {@code \\ud800} escape), which no UTF-8 can store.
   */
  private static void checkStorable(String text, String name, String field) {
    if (text.indexOf('\u0000') >= 0) {
      throw ApiException.illegalArgument("[" + name + "] " + field
          + " must not contain the NUL character (\\u0000)");
    }
    if (StrictUtf8.hasLoneSurrogate(text)) {
      throw ApiException.parse("[" + name + "] " + field + " must not contain an unpaired surrogate");
    }
  }

  private static void checkStorableTree(Object value) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, nested) -> {
        checkStorable(String.valueOf(key), "request", "a key");
        checkStorableTree(nested);
      });
    } else if (value instanceof List<?> list) {
      list.forEach(JsonBody::checkStorableTree);
    } else if (value instanceof String text) {
      checkStorable(text, "request", "a value");
    }
  }

  /** Elasticsearch's dates: an ISO-8601 date, or date and time (UTC unless an offset is given). */
  private static String isoInstant(String text, String name, String field) {
    try {
      TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text,
          OffsetDateTime::from, LocalDateTime::from);
      Instant instant = parsed instanceof OffsetDateTime odt ? odt.toInstant()
          : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
      return instant.toString();
    } catch (DateTimeParseException notDateTime) {
      try {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
      } catch (DateTimeParseException notDate) {
        throw ApiException.parse("[" + name + "] failed to parse field [" + field
            + "]: failed to parse date field [" + text + "] with format [strict_date_optional_time]");
      }
    }
  }

  /** Elasticsearch's XContent token names, which error reasons quote. */
  private static String esTokenName(JsonToken token) {
    if (token == null) {
      return "END_OF_INPUT";
    }
    return switch (token) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "VALUE_NUMBER";
      case VALUE_TRUE, VALUE_FALSE -> "VALUE_BOOLEAN";
      default -> token.name();
    };
  }

  private static String location(JsonLocation at) {
    return at == null ? "[?:?]" : "[" + at.getLineNr() + ":" + at.getColumnNr() + "]";
  }
}
