package dev.connectors.model;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The two tables as the Elasticsearch indices the connectors framework reads and writes
 * directly: {@code .elastic-connectors} and {@code .elastic-connectors-sync-jobs}, each an alias
 * of its concrete {@code -v1} index, as Elasticsearch's templates create them. A document's
 * {@code _source} is the Connector API's document without {@code id}; its fields are the table's
 * columns, named and typed as in Elasticsearch's mappings for these indices.
 */
public enum IndexView {

  CONNECTORS(".elastic-connectors", "connectors", "id", Map.ofEntries(
      keyword("api_key_id"), keyword("api_key_secret_id"), keyword("description"), keyword("error"),
      keyword("index_name"), keyword("language"), keyword("last_access_control_sync_error"),
      keyword("last_access_control_sync_status"), keyword("last_sync_error"), keyword("last_sync_status"),
      required(keyword("name")), required(keyword("status")), keyword("service_type"),
      required(bool("deleted")), required(bool("is_native")), required(bool("sync_now")),
      number("last_deleted_document_count"), number("last_indexed_document_count"),
      date("last_access_control_sync_scheduled_at"), date("last_incremental_sync_scheduled_at"),
      date("last_seen"), date("last_sync_scheduled_at"), date("last_synced"),
      required(object("configuration")), required(object("custom_scheduling")), object("features"),
      required(object("filtering")), object("pipeline"), required(object("scheduling")), object("sync_cursor"))),

  SYNC_JOBS(".elastic-connectors-sync-jobs", "sync_jobs", "connector_id", Map.ofEntries(
      keyword("error"), required(keyword("job_type")), required(keyword("status")),
      required(keyword("trigger_method")), keyword("worker_hostname"),
      required(number("deleted_document_count")), required(number("indexed_document_count")),
      required(number("indexed_document_volume")), required(number("total_document_count")),
      date("cancelation_requested_at"), date("canceled_at"), date("completed_at"), required(date("created_at")),
      date("last_seen"), date("started_at"),
      required(object("connector")), required(object("metadata"))));

  /** How a field is stored and compared (Elasticsearch's field types, as these indices map them). */
  public enum Type {
    KEYWORD, BOOLEAN, LONG, DATE, OBJECT;

    /** The type's name in Elasticsearch's mappings and errors ({@code keyword}, {@code date}, ...). */
    public String mappingName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A field of the {@code _source}: its column, its type, and whether the column takes null. */
  public record Field(String column, Type type, boolean nullable) {
  }

  /** The values a keyword field may hold where the table constrains them. */
  private static final Map<String, Set<String>> DOMAINS = Map.of(
      "connectors.status", Set.of("created", "needs_configuration", "configured", "connected", "error"),
      "sync_jobs.status", Set.of("canceling", "canceled", "completed", "error", "in_progress", "pending", "suspended"),
      "sync_jobs.job_type", Set.of("full", "incremental", "access_control"),
      "sync_jobs.trigger_method", Set.of("on_demand", "scheduled"));

  private final String alias;
  private final String table;
  private final String connectorColumn;
  private final Map<String, Field> fields;

  IndexView(String alias, String table, String connectorColumn, Map<String, Field> fields) {
    this.alias = alias;
    this.table = table;
    this.connectorColumn = connectorColumn;
    this.fields = new TreeMap<>(fields);
  }

  /** {@code .elastic-connectors}: the name the framework and Kibana use. */
  public String alias() {
    return alias;
  }

  /** {@code .elastic-connectors-v1}: the index the alias points to, which every answer names. */
  public String concreteName() {
    return alias + "-v1";
  }

  public String table() {
    return table;
  }

  /** The column that names a row's connector: whose key may see and write it. */
  public String connectorColumn() {
    return connectorColumn;
  }

  /** Every top-level field of the {@code _source}, by name. */
  public Map<String, Field> fields() {
    return fields;
  }

  /** The values the field may hold, or null when any text will do. */
  public Set<String> domain(String field) {
    return DOMAINS.get(table + "." + field);
  }

  /** The view an index name (the alias or the concrete name) resolves to, or null. */
  public static IndexView named(String name) {
    for (IndexView view : values()) {
      if (view.alias.equals(name) || view.concreteName().equals(name)) {
        return view;
      }
    }
    return null;
  }

  /** The names this view answers to. */
  public List<String> names() {
    return List.of(alias, concreteName());
  }

  private static Map.Entry<String, Field> keyword(String name) {
    return Map.entry(name, new Field(name, Type.KEYWORD, true));
  }

  private static Map.Entry<String, Field> bool(String name) {
    return Map.entry(name, new Field(name, Type.BOOLEAN, true));
  }

  private static Map.Entry<String, Field> number(String name) {
    return Map.entry(name, new Field(name, Type.LONG, true));
  }

  private static Map.Entry<String, Field> date(String name) {
    return Map.entry(name, new Field(name, Type.DATE, true));
  }

  private static Map.Entry<String, Field> object(String name) {
    return Map.entry(name, new Field(name, Type.OBJECT, true));
  }

  private static Map.Entry<String, Field> required(Map.Entry<String, Field> field) {
    return Map.entry(field.getKey(), new Field(field.getValue().column(), field.getValue().type(), false));
  }
}
