package dev.connectors.http;

import dev.connectors.model.IndexView;
import dev.connectors.model.IndexView.Field;
import dev.connectors.model.Times;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The partial document of an {@code _update} on the index view, checked against the view's
 * fields and put in the form the store's statement reads: dotted keys
 * ({@code "connector.sync_cursor"}, as the framework writes a claim) expanded into the objects
 * they name, every value of its field's type (dates as ISO 8601 UTC), and only fields the table
 * has a column for. What the table cannot hold is refused with 400, never stored in part.
 */
final class DocPatch {

  private DocPatch() {
  }

  static JsonObject check(IndexView view, String id, JsonObject doc) {
    JsonObject expanded = expanded(doc);
    JsonObject checked = new JsonObject();
    for (String name : expanded.fieldNames()) {
      Field field = view.fields().get(name);
      if (field == null) {
        throw new ApiException(400, "document_parsing_exception", "field [" + name + "] is not a field of ["
            + view.concreteName() + "] in connector-service's index view: its table has no column for it");
      }
      Object value = expanded.getValue(name);
      Supplier<ApiException> refused = () -> new ApiException(400, "document_parsing_exception",
          "failed to parse field [" + name + "] of type [" + field.type().mappingName() + "] in document with id '" + id
              + "'. Preview of field's value: '" + value + "'");
      if (value == null) {
        if (!field.nullable()) {
          throw refused.get();
        }
        checked.putNull(name);
        continue;
      }
      Object stored = switch (field.type()) {
        case OBJECT -> value;
        case DATE -> Times.format(FieldValues.date(value, false, refused));
        default -> FieldValues.read(field, value, false, refused);
      };
      Set<String> domain = view.domain(name);
      if (domain != null && !domain.contains(stored)) {
        throw new ApiException(400, "illegal_argument_exception", "[" + name + "] must be one of " + domain.stream()
            .sorted().toList() + " in connector-service's index view, got [" + value + "]");
      }
      checked.put(name, stored);
    }
    return checked;
  }

  /**
   * {@code {"a.b": 1, "a": {"c": 2}}} as {@code {"a": {"b": 1, "c": 2}}}: the top-level keys'
   * dots name a path; keys inside a value are kept as they are (a configuration field's name
   * may hold a dot).
   */
  private static JsonObject expanded(JsonObject doc) {
    JsonObject expanded = new JsonObject();
    for (String key : doc.fieldNames()) {
      String[] path = key.split("\\.");
      JsonObject parent = expanded;
      for (int i = 0; i < path.length - 1; i++) {
        JsonObject inner = parent.getValue(path[i]) instanceof JsonObject existing ? existing : new JsonObject();
        parent.put(path[i], inner);
        parent = inner;
      }
      String last = path[path.length - 1];
      Object value = doc.getValue(key);
      if (value instanceof JsonObject object && parent.getValue(last) instanceof JsonObject existing) {
        existing.mergeIn(object.copy(), true);
      } else {
        parent.put(last, value);
      }
    }
    return expanded;
  }

}
