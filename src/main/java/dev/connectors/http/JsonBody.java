package dev.connectors.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a request body the way Elasticsearch's object parsers do: one JSON object whose fields
 * are all declared, each of the declared kind, with Elasticsearch's error types and reasons.
 * The result maps each field present to its value; a field sent as {@code null} maps to null,
 * so "absent" and "null" stay distinguishable.
 */
final class JsonBody {

  enum Kind { STRING, BOOLEAN }

  /** A request's declared fields, named as Elasticsearch names its parser in error reasons. */
  record Schema(String parserName, Map<String, Kind> fields) {
  }

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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

  private static boolean isEmpty(Buffer body) {
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
    try (JsonParser parser = FACTORY.createParser(body.getBytes())) {
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
    if (kind == Kind.STRING && token == JsonToken.VALUE_STRING) {
      String text = parser.getText();
      if (text.indexOf('\u0000') >= 0) {
        throw ApiException.illegalArgument("[" + name + "] " + field
            + " must not contain the NUL character (\\u0000)");
      }
      return text;
    }
    if (kind == Kind.BOOLEAN) {
      if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
        return token == JsonToken.VALUE_TRUE;
      }
      if (token == JsonToken.VALUE_STRING) {
        return switch (parser.getText()) {
          case "true" -> true;
          case "false" -> false;
          default -> throw ApiException.parse("[" + name + "] failed to parse field [" + field
              + "]: Failed to parse value [" + parser.getText()
              + "] as only [true] or [false] are allowed.");
        };
      }
    }
    throw ApiException.parse("[" + name + "] " + field + " doesn't support values of type: "
        + esTokenName(token));
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
