package dev.connectors.store;

import dev.connectors.model.IndexCommands.Bool;
import dev.connectors.model.IndexCommands.Exists;
import dev.connectors.model.IndexCommands.Query;
import dev.connectors.model.IndexCommands.Range;
import dev.connectors.model.IndexCommands.Sort;
import dev.connectors.model.IndexCommands.Terms;
import dev.connectors.model.IndexView;
import dev.connectors.model.IndexView.Field;
import dev.connectors.model.IndexView.Type;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A query of the index view as a SQL condition over its table. Every value is a bound parameter;
 * every column name comes from the view's field list, never from the request. Each clause is
 * true or false, never null, so that {@code must_not} of a clause on a missing field matches, as
 * in Elasticsearch. A field that is not in the view's mapping matches nothing, as an unmapped
 * field does in Elasticsearch.
 */
final class QuerySql {

  private final IndexView view;
  private final List<Object> args = new ArrayList<>();

  QuerySql(IndexView view) {
    this.view = view;
  }

  /** The arguments of every condition made so far, in placeholder order. */
  Tuple args() {
    return Tuple.from(args);
  }

  /** A placeholder for one more argument. */
  String bind(Object value, String cast) {
    args.add(value);
    return "$" + args.size() + "::" + cast;
  }

  /** The condition of a query, restricted to the connectors of {@code scope} (null: all). */
  String where(Query query, List<String> scope) {
    String condition = condition(query);
    if (scope == null) {
      return condition;
    }
    return "(" + condition + ") AND " + view.connectorColumn() + " = ANY(" + bind(scope.toArray(String[]::new), "text[]") + ")";
  }

  private String condition(Query query) {
    if (query instanceof Terms terms) {
      return terms(terms);
    }
    if (query instanceof Range range) {
      return range(range);
    }
    if (query instanceof Exists exists) {
      return exists(exists.field());
    }
    if (query instanceof Bool bool) {
      return bool(bool);
    }
    return "true"; // MatchAll
  }

  private String bool(Bool bool) {
    List<String> all = new ArrayList<>();
    bool.must().forEach(clause -> all.add(condition(clause)));
    bool.mustNot().forEach(clause -> all.add("NOT (" + condition(clause) + ")"));
    if (!bool.should().isEmpty() && bool.minimumShouldMatch() > 0) {
      all.add("(" + bool.should().stream().map(clause -> "(" + condition(clause) + ")::int")
          .collect(Collectors.joining(" + ")) + ") >= " + bool.minimumShouldMatch());
    }
    return all.isEmpty() ? "true" : all.stream().map(c -> "(" + c + ")").collect(Collectors.joining(" AND "));
  }

  private String terms(Terms terms) {
    if (terms.field().equals("_id")) {
      // one id (the framework's search for its connector) as an equality: the cached generic plan
      // then expects one row, as a fresh plan would, and PostgreSQL keeps it instead of planning
      // the statement anew on every execution (an array of one was: ~0.9 ms each)
      return terms.values().size() == 1 ? "id = " + bind(String.valueOf(terms.values().get(0)), "text")
          : "id = ANY(" + bind(terms.values().stream().map(String::valueOf).toArray(String[]::new), "text[]") + ")";
    }
    Operand operand = operand(terms.field());
    if (operand == null) {
      return "false";
    }
    if (operand.cast.equals("boolean")) {
      return booleanTerms(operand.sql, terms.values());
    }
    String[] values = terms.values().stream().map(Operand::text).toArray(String[]::new);
    return "coalesce(" + operand.sql + " = ANY(" + bind(values, "text[]") + "::" + operand.cast + "[]), false)";
  }

  /** A boolean field holds one of the values (there are two: no parameter is needed). */
  private static String booleanTerms(String column, List<Object> values) {
    boolean yes = values.contains(Boolean.TRUE);
    boolean no = values.contains(Boolean.FALSE);
    if (yes && no) {
      return column + " IS NOT NULL";
    }
    return yes ? "coalesce(" + column + ", false)" : no ? "coalesce(NOT " + column + ", false)" : "false";
  }

  private String range(Range range) {
    Operand operand = operand(range.field());
    if (operand == null) {
      return "false";
    }
    List<String> bounds = new ArrayList<>();
    addBound(bounds, operand, ">", range.gt());
    addBound(bounds, operand, ">=", range.gte());
    addBound(bounds, operand, "<", range.lt());
    addBound(bounds, operand, "<=", range.lte());
    String within = bounds.isEmpty() ? operand.sql + " IS NOT NULL" : String.join(" AND ", bounds);
    return "coalesce(" + within + ", false)";
  }

  private void addBound(List<String> bounds, Operand operand, String comparison, Object value) {
    if (value != null) {
      bounds.add(operand.sql + " " + comparison + " " + bind(Operand.text(value), "text") + "::" + operand.cast);
    }
  }

  private String exists(String field) {
    if (field.equals("_id")) {
      return "true";
    }
    Operand operand = operand(field);
    if (operand == null) {
      return "false";
    }
    return operand.json != null
        ? "coalesce(" + operand.json + " IS NOT NULL AND " + operand.json + " <> 'null'::jsonb, false)"
        : operand.sql + " IS NOT NULL";
  }

  /** The SQL of {@code ORDER BY}: each key with missing values last, as Elasticsearch sorts them, then the id. */
  String orderBy(List<Sort> sort) {
    List<String> keys = new ArrayList<>();
    for (Sort key : sort) {
      Operand operand = operand(key.field());
      keys.add((operand == null ? "id" : operand.sql) + (key.descending() ? " DESC" : " ASC") + " NULLS LAST");
    }
    keys.add("id");
    return String.join(", ", keys);
  }

  /** The sort values a hit shows: dates as epoch milliseconds, as Elasticsearch shows them. */
  String sortValues(List<Sort> sort) {
    StringBuilder columns = new StringBuilder();
    for (int i = 0; i < sort.size(); i++) {
      Operand operand = operand(sort.get(i).field());
      String value = operand == null ? "id"
          : operand.cast.equals("timestamptz") ? "(extract(epoch FROM " + operand.sql + ") * 1000)::bigint" : operand.sql;
      columns.append(", ").append(value).append(" AS sort_").append(i);
    }
    return columns.toString();
  }

  /**
   * How a field is read in SQL: a column, or a path into a jsonb column read as text. Null when
   * the field is not in the view.
   */
  private Operand operand(String path) {
    if (path.equals("_id")) {
      return new Operand("id", "text", null);
    }
    String[] names = path.split("\\.");
    Field field = view.fields().get(names[0]);
    if (field == null) {
      return null;
    }
    if (field.type() != Type.OBJECT) {
      return names.length > 1 ? null : new Operand(field.column(), cast(field.type()), null);
    }
    if (names.length == 1) {
      return new Operand(field.column() + "::text", "text", field.column());
    }
    String inner = bind(Arrays.copyOfRange(names, 1, names.length), "text[]");
    return new Operand("(" + field.column() + " #>> " + inner + ")", "text", "(" + field.column() + " #> " + inner + ")");
  }

  private static String cast(Type type) {
    return switch (type) {
      case KEYWORD, OBJECT -> "text";
      case BOOLEAN -> "boolean";
      case LONG -> "bigint";
      case DATE -> "timestamptz";
    };
  }

  /**
   * A field in SQL: its expression, the type its values are cast to, and its jsonb when it has
   * one. Values are bound as text (a text array for terms) and cast in SQL, one binding for every
   * type.
   */
  private record Operand(String sql, String cast, String json) {

    /** A checked value as PostgreSQL reads its type from text: dates in ISO 8601 UTC. */
    static String text(Object value) {
      return value instanceof Instant instant ? instant.toString() : String.valueOf(value);
    }
  }
}
