package dev.connectors.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursors of the fleet endpoints ({@code next}, given back as {@code search_after}):
 * base64url of a small JSON object that carries whatever the endpoint needs to continue — the
 * position, and for lists the filters and the order — so that a cursor alone continues a walk.
 * Anything that is not such an object is the client's error (400), never a 5xx.
 */
final class Cursor {

  private Cursor() {
  }

  static String encode(JsonObject position) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(position.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor of {@code search_after}, or null when the request has none. */
  static JsonObject decode(QueryParams params) {
    String text = params.text("search_after");
    if (text == null) {
      return null;
    }
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException notACursor) {
      throw malformed(text);
    }
  }

  /** A number the cursor must carry. */
  static long position(JsonObject cursor, String field, String text) {
    Object value = cursor.getValue(field);
    if (value instanceof Number number && !(value instanceof Double) && !(value instanceof Float)) {
      return number.longValue();
    }
    throw malformed(text);
  }

  static ApiException malformed(String text) {
    return ApiException.illegalArgument("[search_after] is not a cursor this endpoint gave in [next]: [" + text + "]");
  }
}
