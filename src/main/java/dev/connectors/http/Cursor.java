package dev.connectors.http;

import dev.connectors.model.Page;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

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

  /** A whole number the cursor must carry. */
  static long position(JsonObject cursor, String field, String text) {
    Object value = cursor.getValue(field);
    if (isWholeNumber(value)) {
      return ((Number) value).longValue();
    }
    throw malformed(text);
  }

  /** A whole number that fits a {@code long} as JSON decodes one: no fraction, nothing that would wrap. */
  static boolean isWholeNumber(Object value) {
    return value instanceof Integer || value instanceof Long;
  }

  /** A text a cursor may carry as a position: PostgreSQL text holds no NUL. */
  static boolean isText(Object value) {
    return value instanceof String text && text.indexOf('\u0000') < 0;
  }

  static ApiException malformed(String text) {
    return ApiException.illegalArgument("[search_after] is not a cursor this endpoint gave in [next]: [" + text + "]");
  }

  /**
   * The filters of a list request: its own, or with {@code search_after} those its cursor
   * carries, checked as a request's are. A cursor continues one walk, so it comes alone: no
   * filter and no {@code from} beside it.
   */
  static QueryParams filters(RoutingContext ctx, QueryParams request, JsonObject cursor, List<String> names) {
    if (cursor == null) {
      return request;
    }
    for (String name : Stream.concat(Stream.of("from"), names.stream()).toList()) {
      if (request.has(name)) {
        throw ApiException.illegalArgument("[search_after] carries the filters of the walk it continues: ["
            + name + "] cannot be given with it");
      }
    }
    if (!(cursor.getValue("filters") instanceof JsonObject carried)) {
      throw malformed(request.text("search_after"));
    }
    return QueryParams.fromCursor(ctx, carried, names.toArray(String[]::new));
  }

  /**
   * The position a list cursor continues after: two values, the first one {@code first} accepts,
   * then a record's id.
   */
  static JsonArray after(JsonObject cursor, Predicate<Object> first, String text) {
    if (cursor.getValue("after") instanceof JsonArray after && after.size() == 2 && first.test(after.getValue(0))
        && isText(after.getValue(1)) && !after.getString(1).isEmpty()) {
      return after;
    }
    throw malformed(text);
  }

  /**
   * A page's answer: Elasticsearch's {@code count} and {@code results}, and when more records
   * follow, {@code next} (beyond Elasticsearch): the cursor that continues after the last record
   * shown.
   */
  static <T> Object answer(Page<T> page, Function<T, JsonObject> continuingAfter) {
    if (!page.more() || page.results().isEmpty()) {
      return page;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("count", page.count());
    answer.put("results", page.results());
    answer.put("next", encode(continuingAfter.apply(page.results().get(page.results().size() - 1))));
    return answer;
  }

  /** A list's cursor: the filters the walk was asked with and the last record's position. */
  static JsonObject listCursor(QueryParams filters, List<String> names, JsonArray position) {
    return new JsonObject().put("filters", filters.only(names)).put("after", position);
  }
}
