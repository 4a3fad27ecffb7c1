package dev.connectors.http;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The query parameters of one request, checked against what its endpoint accepts. */
final class QueryParams {

  /** Parameters Elasticsearch accepts on every endpoint. */
  private static final Set<String> EVERYWHERE = Set.of("pretty", "human", "error_trace", "filter_path");

  private final MultiMap params;

  private QueryParams(MultiMap params) {
    this.params = params;
  }

  /** Fails with Elasticsearch's 400 when the request carries a parameter not named here. */
  static QueryParams allow(RoutingContext ctx, String... accepted) {
    return allow(ctx.request().path(), ctx.queryParams(), accepted);
  }

  /**
   * The parameters a cursor carries ({@link Cursor}), checked as the request that first gave
   * them was: a cursor is opaque, not trusted.
   */
  static QueryParams fromCursor(RoutingContext ctx, JsonObject carried, String... accepted) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    carried.forEach(entry -> {
      if (!(entry.getValue() instanceof String value)) {
        throw Cursor.malformed(ctx.queryParams().get("search_after"));
      }
      params.add(entry.getKey(), value);
    });
    return allow(ctx.request().path(), params, accepted);
  }

  private static QueryParams allow(String path, MultiMap params, String... accepted) {
    List<String> known = List.of(accepted);
    TreeSet<String> unknown = new TreeSet<>();
    for (String name : params.names()) {
      if (!known.contains(name) && !EVERYWHERE.contains(name)) {
        unknown.add(name);
      }
    }
    params.forEach((name, value) -> {
      if (value.indexOf('\u0000') >= 0) {
        throw ApiException.illegalArgument("parameter [" + name + "] must not contain the NUL character");
      }
    });
    if (!unknown.isEmpty()) {
      String listed = "[" + String.join("], [", unknown) + "]";
      throw ApiException.illegalArgument("request [" + path + "] contains unrecognized parameter"
          + (unknown.size() == 1 ? ": " : "s: ") + listed);
    }
    return new QueryParams(params);
  }

  /** Whether the request names this parameter. */
  boolean has(String name) {
    return params.contains(name);
  }

  /** The parameters named here that the request carries, as they came: what a cursor keeps. */
  JsonObject only(List<String> names) {
    JsonObject kept = new JsonObject();
    names.forEach(name -> {
      if (params.contains(name)) {
        kept.put(name, params.get(name));
      }
    });
    return kept;
  }

  /** {@code ?flag} and {@code ?flag=true} are true, {@code ?flag=false} is false. */
  boolean bool(String name, boolean fallback) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    return switch (value) {
      case "", "true" -> true;
      case "false" -> false;
      default -> throw ApiException.illegalArgument(
          "Failed to parse value [" + value + "] as only [true] or [false] are allowed.");
    };
  }

  /** A whole number, as Elasticsearch parses {@code from} and {@code size}. */
  int integer(String name, int fallback) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ApiException.illegalArgument("Failed to parse int parameter [" + name + "] with value [" + value + "]");
    }
  }

  /**
   * A comma-separated list; absent is the empty list (no filter). A blank value or a blank
   * element is refused: dropping it would turn a filter into "match everything".
   */
  List<String> list(String name) {
    String value = params.get(name);
    if (value == null) {
      return List.of();
    }
    List<String> values = Arrays.stream(value.split(",", -1)).map(String::trim).toList();
    if (values.stream().anyMatch(String::isEmpty)) {
      throw ApiException.illegalArgument("parameter [" + name + "] must not contain empty values, got [" + value + "]");
    }
    return values;
  }

  /** A text value, or null when absent. */
  String text(String name) {
    return params.get(name);
  }
}
