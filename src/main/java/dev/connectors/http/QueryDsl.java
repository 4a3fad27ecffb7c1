package dev.connectors.http;

import dev.connectors.model.IndexCommands.Bool;
import dev.connectors.model.IndexCommands.Exists;
import dev.connectors.model.IndexCommands.MatchAll;
import dev.connectors.model.IndexCommands.Query;
import dev.connectors.model.IndexCommands.Range;
import dev.connectors.model.IndexCommands.Sort;
import dev.connectors.model.IndexCommands.Terms;
import dev.connectors.model.IndexView;
import dev.connectors.model.IndexView.Field;
import dev.connectors.model.IndexView.Type;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subset of Elasticsearch's query DSL that the connectors framework and Kibana send to the
 * connector indices: {@code bool} ({@code must}, {@code filter}, {@code should},
 * {@code must_not}, {@code minimum_should_match}), {@code term}, {@code terms}, {@code ids},
 * {@code match} (on keywords, where it is a term), {@code range}, {@code exists},
 * {@code match_all}, {@code match_none}; and {@code sort}. Anything else is refused with a 400
 * naming it: a query is never answered as if a clause it holds were not there.
 */
final class QueryDsl {

  private static final Set<String> SUPPORTED = Set.of("bool", "term", "terms", "ids", "match", "range", "exists",
      "match_all", "match_none");

  private final IndexView view;

  QueryDsl(IndexView view) {
    this.view = view;
  }

  /** A query object (null or {} are {@code match_all}). */
  Query parse(Object query) {
    if (query == null) {
      return new MatchAll();
    }
    if (!(query instanceof JsonObject clause)) {
      throw parsing("query malformed, must start with start_object");
    }
    if (clause.isEmpty()) {
      return new MatchAll();
    }
    if (clause.size() > 1) {
      throw parsing("[" + String.join(", ", clause.fieldNames()) + "] malformed query, expected [END_OBJECT] but found [FIELD_NAME]");
    }
    String name = clause.fieldNames().iterator().next();
    Object body = clause.getValue(name);
    if (!SUPPORTED.contains(name)) {
      throw parsing("unknown query [" + name + "]" + (KNOWN_ELSEWHERE.contains(name)
          ? ": connector-service's index view serves bool, term, terms, ids, match, range, exists, match_all and match_none"
          : ""));
    }
    if (!(body instanceof JsonObject object)) {
      throw parsing("[" + name + "] query malformed, no start_object after query name");
    }
    return switch (name) {
      case "match_all" -> allowOnly(name, object, Set.of("boost", "_name"), new MatchAll());
      case "match_none" -> allowOnly(name, object, Set.of("boost", "_name"), new Terms("_id", List.of()));
      case "bool" -> bool(object);
      case "terms" -> terms(object);
      case "ids" -> ids(object);
      case "range" -> range(object);
      case "exists" -> exists(object);
      default -> term(name, object); // term, match
    };
  }

  /** Queries Elasticsearch has that this view does not serve: named so in the refusal. */
  private static final Set<String> KNOWN_ELSEWHERE = Set.of("prefix", "wildcard", "regexp", "fuzzy", "query_string",
      "simple_query_string", "match_phrase", "match_phrase_prefix", "multi_match", "nested", "constant_score",
      "dis_max", "function_score", "script", "script_score", "terms_set", "intervals", "combined_fields", "knn",
      "semantic", "has_child", "has_parent", "geo_distance", "more_like_this", "boosting", "pinned", "rule");

  private Query bool(JsonObject bool) {
    List<Query> must = new ArrayList<>();
    List<Query> should = new ArrayList<>();
    List<Query> mustNot = new ArrayList<>();
    Integer minimum = null;
    for (String key : bool.fieldNames()) {
      Object value = bool.getValue(key);
      switch (key) {
        case "must", "filter" -> must.addAll(clauses(value));
        case "should" -> should.addAll(clauses(value));
        case "must_not", "mustNot" -> mustNot.addAll(clauses(value));
        case "minimum_should_match" -> minimum = minimumShouldMatch(value);
        case "boost", "_name", "adjust_pure_negative" -> { }
        default -> throw parsing("[bool] query does not support [" + key + "]");
      }
    }
    // Elasticsearch: without must or filter, a bool with should clauses needs one of them
    int needed = minimum != null ? minimum : (must.isEmpty() && !should.isEmpty() ? 1 : 0);
    if (needed > should.size() && !should.isEmpty()) {
      return new Terms("_id", List.of()); // more should clauses asked for than there are: no match
    }
    return new Bool(must, should, mustNot, needed);
  }

  private List<Query> clauses(Object value) {
    if (value instanceof JsonArray array) {
      List<Query> clauses = new ArrayList<>();
      array.forEach(clause -> clauses.add(parse(clause)));
      return clauses;
    }
    return List.of(parse(value));
  }

  private static int minimumShouldMatch(Object value) {
    try {
      int minimum = value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value).trim());
      if (minimum < 0) {
        throw parsing("[bool] minimum_should_match: negative values are not supported by connector-service's index view");
      }
      return minimum;
    } catch (NumberFormatException e) {
      throw parsing("[bool] minimum_should_match [" + value + "]: connector-service's index view takes a whole number");
    }
  }

  /** {@code term} and {@code match}: {@code {field: value}} or {@code {field: {value|query: v}}}. */
  private Query term(String name, JsonObject term) {
    String valueKey = name.equals("match") ? "query" : "value";
    String field = singleField(name, term);
    Object value = term.getValue(field);
    if (value instanceof JsonObject options) {
      for (String option : options.fieldNames()) {
        if (!option.equals(valueKey) && !option.equals("boost") && !option.equals("_name")
            && !(name.equals("match") && option.equals("operator"))) {
          throw parsing("[" + name + "] query does not support [" + option + "]");
        }
      }
      value = options.getValue(valueKey);
    }
    if (value == null || value instanceof JsonObject || value instanceof JsonArray) {
      throw parsing("[" + name + "] query on [" + field + "] needs a value");
    }
    return new Terms(field, List.of(value(field, value)));
  }

  private Query terms(JsonObject terms) {
    String field = null;
    for (String key : terms.fieldNames()) {
      if (key.equals("boost") || key.equals("_name")) {
        continue;
      }
      if (field != null) {
        throw parsing("[terms] query does not support multiple fields");
      }
      field = key;
    }
    if (field == null || !(terms.getValue(field) instanceof JsonArray values)) {
      throw parsing("[terms] query malformed, a field and an array of values are required");
    }
    List<Object> checked = new ArrayList<>();
    for (Object value : values) {
      checked.add(value(field, value));
    }
    return new Terms(field, checked);
  }

  private Query ids(JsonObject ids) {
    if (!(ids.getValue("values") instanceof JsonArray values)) {
      throw parsing("[ids] query malformed, no array of values");
    }
    List<Object> checked = new ArrayList<>();
    values.forEach(value -> checked.add(value("_id", value)));
    return new Terms("_id", checked);
  }

  private static final Set<String> RANGE_OPTIONS = Set.of("gt", "gte", "lt", "lte", "boost", "_name", "format");

  private Query range(JsonObject range) {
    String field = singleField("range", range);
    if (!(range.getValue(field) instanceof JsonObject bounds)) {
      throw parsing("[range] query malformed, no start_object after [" + field + "]");
    }
    for (String option : bounds.fieldNames()) {
      if (!RANGE_OPTIONS.contains(option)) {
        throw parsing("[range] query does not support [" + option + "]");
      }
    }
    if (bounds.containsKey("format") && !"strict_date_optional_time||epoch_millis".equals(bounds.getValue("format"))) {
      throw parsing("[range] format [" + bounds.getValue("format") + "]: connector-service's index view reads dates as "
          + "strict_date_optional_time||epoch_millis only");
    }
    return new Range(field, bound(field, bounds, "gt"), bound(field, bounds, "gte"), bound(field, bounds, "lt"),
        bound(field, bounds, "lte"));
  }

  private Object bound(String field, JsonObject bounds, String name) {
    Object value = bounds.getValue(name);
    return value == null ? null : value(field, value);
  }

  private Query exists(JsonObject exists) {
    for (String option : exists.fieldNames()) {
      if (!option.equals("field") && !option.equals("boost") && !option.equals("_name")) {
        throw parsing("[exists] query does not support [" + option + "]");
      }
    }
    if (!(exists.getValue("field") instanceof String field)) {
      throw parsing("[exists] must be provided with a [field]");
    }
    return new Exists(field);
  }

  private static String singleField(String name, JsonObject query) {
    List<String> fields = query.fieldNames().stream().filter(key -> !key.equals("boost") && !key.equals("_name")).toList();
    if (fields.size() != 1) {
      throw parsing("[" + name + "] query doesn't support multiple fields, found " + fields);
    }
    return fields.get(0);
  }

  /** A query value for the field: of the field's type (dates with date math), else the failure Elasticsearch reports. */
  private Object value(String field, Object value) {
    if (field.equals("_id")) {
      return FieldValues.keyword(value, () -> parsing("[_id] takes text values"));
    }
    Field mapped = mapped(field);
    return FieldValues.read(mapped, value, true, () -> new ApiException(400, "query_shard_exception",
        "failed to create query: " + failure(mapped, field, value)));
  }

  /** The field a dotted path names, or, inside an object field, a keyword part of it; null when unmapped. */
  private Field mapped(String path) {
    String[] names = path.split("\\.", 2);
    Field field = view.fields().get(names[0]);
    if (field == null || (names.length > 1 && field.type() != Type.OBJECT)) {
      return null;
    }
    return names.length > 1 ? new Field(field.column(), Type.KEYWORD, true) : field;
  }

  private static String failure(Field field, String name, Object value) {
    return switch (field.type()) {
      case BOOLEAN -> "Can't parse boolean value [" + value + "], expected [true] or [false]";
      case LONG -> "For input string: \"" + value + "\"";
      case DATE -> "failed to parse date field [" + value + "] with format [strict_date_optional_time||epoch_millis]";
      default -> "[" + name + "] takes text values, got [" + value + "]";
    };
  }

  /**
   * {@code sort}: a field name, {@code {field: order}}, {@code {field: {order: ...}}}, or a list
   * of them; {@code _score} and {@code _doc} keep the natural order.
   */
  List<Sort> sort(Object sort) {
    List<Sort> keys = new ArrayList<>();
    if (sort == null) {
      return keys;
    }
    List<Object> items = sort instanceof JsonArray array ? array.getList() : List.of(sort);
    for (Object item : items) {
      Object spec = item instanceof Map<?, ?> map ? new JsonObject(castMap(map)) : item;
      if (spec instanceof String text) {
        String[] parts = text.split(":", 2);
        addSort(keys, parts[0], parts.length > 1 ? parts[1] : null);
      } else if (spec instanceof JsonObject object && object.size() == 1) {
        String field = object.fieldNames().iterator().next();
        Object order = object.getValue(field);
        if (order instanceof JsonObject options) {
          for (String option : options.fieldNames()) {
            if (!option.equals("order") && !option.equals("unmapped_type")) {
              throw parsing("[" + field + "] sort option [" + option + "] is not supported by connector-service's index view");
            }
          }
          order = options.getValue("order");
        }
        addSort(keys, field, order == null ? null : String.valueOf(order));
      } else {
        throw parsing("malformed sort format, within the sort array, an object, or an actual string are allowed");
      }
    }
    return keys;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private void addSort(List<Sort> keys, String field, String order) {
    if (order != null && !order.equals("asc") && !order.equals("desc")) {
      throw ApiException.illegalArgument("Unknown SortOrder [" + order + "]");
    }
    if (field.equals("_score") || field.equals("_doc")) {
      return;
    }
    Field mapped = field.equals("_id") ? new Field("id", Type.KEYWORD, false) : mapped(field);
    if (mapped == null) {
      throw new ApiException(400, "query_shard_exception", "No mapping found for [" + field + "] in order to sort on");
    }
    if (mapped.type() == Type.OBJECT) {
      throw ApiException.illegalArgument("can't sort on object field [" + field + "]");
    }
    keys.add(new Sort(field, "desc".equals(order)));
  }

  private static ApiException parsing(String reason) {
    return new ApiException(400, "parsing_exception", reason);
  }

  private static Query allowOnly(String name, JsonObject object, Set<String> options, Query query) {
    for (String option : object.fieldNames()) {
      if (!options.contains(option)) {
        throw parsing("[" + name + "] query does not support [" + option + "]");
      }
    }
    return query;
  }
}
