package dev.connectors.store;

import dev.connectors.model.Connector;
import dev.connectors.model.Page;
import dev.connectors.model.SecurityCommands.ApiKey;
import dev.connectors.model.SyncJob;
import dev.connectors.security.Permission;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Turns rows of {@link SqlQueries#CONNECTOR_COLUMNS} and {@link SqlQueries#SYNC_JOB_COLUMNS} into records. */
final class Rows {

  private Rows() {
  }

  static SyncJob toSyncJob(Row row) {
    return new SyncJob(
        row.getString("id"),
        instant(row, "cancelation_requested_at"),
        instant(row, "canceled_at"),
        instant(row, "completed_at"),
        json(row, "connector"),
        instant(row, "created_at"),
        row.getLong("deleted_document_count"),
        row.getString("error"),
        row.getLong("indexed_document_count"),
        row.getLong("indexed_document_volume"),
        row.getString("job_type"),
        instant(row, "last_seen"),
        json(row, "metadata"),
        instant(row, "started_at"),
        row.getString("status"),
        row.getLong("total_document_count"),
        row.getString("trigger_method"),
        row.getString("worker_hostname"));
  }

  static ApiKey toApiKey(Row row) {
    return new ApiKey(
        row.getString("id"),
        row.getString("name"),
        row.getString("secret_hash"),
        row.getString("creator"),
        Permission.fromJson(row.getJsonObject("privileges")),
        instant(row, "created_at"),
        instant(row, "expiration"),
        row.getBoolean("invalidated"),
        row.getString("parent_id"));
  }

  /**
   * A page's rows: every row carries the {@code total}; a page past the end is one row whose
   * {@code key} column is null; a row past {@code size} tells that more follow.
   */
  static <T> Page<T> toPage(RowSet<Row> rows, String key, int size, Function<Row, T> mapper) {
    long total = 0;
    int found = 0;
    List<T> results = new ArrayList<>();
    for (Row row : rows) {
      total = row.getLong("total");
      if (row.getValue(key) != null && ++found <= size) {
        results.add(mapper.apply(row));
      }
    }
    return new Page<>(total, results, found > size);
  }

  /**
   * A list page ({@link #toPage}, records keyed by {@code id}) mapped on a worker thread: a page
   * of 10,000 documents takes long enough to stall the event loop that every other answer of
   * this store comes back on.
   */
  static <T> Future<Page<T>> toPageOffLoop(Vertx vertx, RowSet<Row> rows, int size, Function<Row, T> mapper) {
    return vertx.executeBlocking(() -> toPage(rows, "id", size, mapper), false);
  }

  static Connector toConnector(Row row) {
    return new Connector(
        row.getString("id"),
        row.getString("api_key_id"),
        row.getString("api_key_secret_id"),
        json(row, "configuration"),
        json(row, "custom_scheduling"),
        row.getBoolean("deleted"),
        row.getString("description"),
        row.getString("error"),
        json(row, "features"),
        json(row, "filtering"),
        row.getString("index_name"),
        row.getBoolean("is_native"),
        row.getString("language"),
        row.getString("last_access_control_sync_error"),
        instant(row, "last_access_control_sync_scheduled_at"),
        row.getString("last_access_control_sync_status"),
        row.getLong("last_deleted_document_count"),
        instant(row, "last_incremental_sync_scheduled_at"),
        row.getLong("last_indexed_document_count"),
        instant(row, "last_seen"),
        row.getString("last_sync_error"),
        instant(row, "last_sync_scheduled_at"),
        row.getString("last_sync_status"),
        instant(row, "last_synced"),
        row.getString("name"),
        json(row, "pipeline"),
        json(row, "scheduling"),
        row.getString("service_type"),
        row.getString("status"),
        json(row, "sync_cursor"),
        row.getBoolean("sync_now"));
  }

  /**
   * A jsonb column, selected as text, as a JSON value; SQL NULL and JSON {@code null} both become
   * null. Parsed here rather than by the client so that it happens where the row is mapped.
   */
  private static Object json(Row row, String column) {
    String text = row.getString(column);
    return text == null ? null : Json.decodeValue(text);
  }

  /** Elasticsearch shows dates with millisecond precision. */
  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  /** The rows by their {@code id} column: each read of a coalesced batch finds its own. */
  static java.util.Map<String, Row> byId(RowSet<Row> rows) {
    java.util.Map<String, Row> byId = new java.util.HashMap<>();
    rows.forEach(row -> byId.put(row.getString("id"), row));
    return byId;
  }

  static Row firstRow(RowSet<Row> rows) {
    return rows.iterator().next();
  }
}
