package dev.connectors.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code _source} filtering as Elasticsearch applies it to hits: {@code false} leaves the source
 * out, a pattern or list of patterns keeps the fields they match, {@code {includes, excludes}}
 * both; a pattern is a dotted path with {@code *} wildcards, and an object matched by it is kept
 * whole.
 */
record SourceFilter(boolean fetch, List<Pattern> includes, List<Pattern> excludes) {

  static final SourceFilter ALL = new SourceFilter(true, List.of(), List.of());

  /** From the body's {@code _source} and the {@code _source}, {@code _source_includes}, {@code _source_excludes} parameters. */
  static SourceFilter of(Object body, QueryParams params) {
    SourceFilter filter = ALL;
    if (body instanceof Boolean fetch) {
      filter = new SourceFilter(fetch, List.of(), List.of());
    } else if (body instanceof String || body instanceof JsonArray) {
      filter = new SourceFilter(true, patterns(body), List.of());
    } else if (body instanceof JsonObject object) {
      for (String key : object.fieldNames()) {
        if (!List.of("includes", "include", "excludes", "exclude").contains(key)) {
          throw new ApiException(400, "parsing_exception", "Unknown key for a START_OBJECT in [_source]: [" + key + "]");
        }
      }
      filter = new SourceFilter(true, patterns(object.getValue(object.containsKey("includes") ? "includes" : "include")),
          patterns(object.getValue(object.containsKey("excludes") ? "excludes" : "exclude")));
    } else if (body != null) {
      throw new ApiException(400, "parsing_exception", "[_source] must be a boolean, a string, an array or an object");
    }
    String source = params.text("_source");
    if (source != null) {
      filter = source.equals("false") ? new SourceFilter(false, List.of(), List.of())
          : source.equals("true") ? filter : new SourceFilter(true, patterns(String.join(",", params.list("_source"))), filter.excludes);
    }
    if (params.has("_source_includes")) {
      filter = new SourceFilter(true, patterns(String.join(",", params.list("_source_includes"))), filter.excludes);
    }
    if (params.has("_source_excludes")) {
      filter = new SourceFilter(true, filter.includes, patterns(String.join(",", params.list("_source_excludes"))));
    }
    return filter;
  }

  private static List<Pattern> patterns(Object value) {
    List<Pattern> patterns = new ArrayList<>();
    if (value instanceof String text) {
      for (String one : text.split(",")) {
        patterns.add(glob(one.trim()));
      }
    } else if (value instanceof JsonArray array) {
      for (Object one : array) {
        if (!(one instanceof String text)) {
          throw new ApiException(400, "parsing_exception", "[_source] patterns must be strings, got [" + one + "]");
        }
        patterns.add(glob(text));
      }
    } else if (value != null) {
      throw new ApiException(400, "parsing_exception", "[_source] patterns must be strings");
    }
    return patterns;
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }

  /** The source as the filter shows it, or null when it is not fetched. */
  JsonObject apply(JsonObject source) {
    if (!fetch) {
      return null;
    }
    if (includes.isEmpty() && excludes.isEmpty()) {
      return source;
    }
    return filtered(source, "");
  }

  private JsonObject filtered(JsonObject object, String prefix) {
    JsonObject kept = new JsonObject();
    for (String key : object.fieldNames()) {
      String path = prefix + key;
      Object value = object.getValue(key);
      if (matches(excludes, path)) {
        continue;
      }
      if (includes.isEmpty() || matches(includes, path)) {
        kept.put(key, value instanceof JsonObject inner && !excludes.isEmpty() ? filtered(inner, path + ".") : value);
      } else if (value instanceof JsonObject inner && includes.stream().anyMatch(p -> couldMatchInside(p, path))) {
        JsonObject part = filtered(inner, path + ".");
        if (!part.isEmpty()) {
          kept.put(key, part);
        }
      }
    }
    return kept;
  }

  private static boolean matches(List<Pattern> patterns, String path) {
    return patterns.stream().anyMatch(p -> p.matcher(path).matches());
  }

  /** Whether a pattern may match a path below this one: its text before any wildcard agrees with {@code path.}. */
  private static boolean couldMatchInside(Pattern pattern, String path) {
    String text = pattern.pattern();
    int wildcard = text.indexOf(".*");
    String literal = (wildcard < 0 ? text : text.substring(0, wildcard)).replace("\\Q", "").replace("\\E", "");
    String below = path + ".";
    return literal.startsWith(below) || below.startsWith(literal);
  }
}
