package dev.connectors.store;

import dev.connectors.model.Connector;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/** Turns a row of {@link SqlQueries#CONNECTOR_COLUMNS} into a {@link Connector}. */
final class ConnectorRows {

  private ConnectorRows() {
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

  /** A jsonb column as a JSON value; SQL NULL and JSON {@code null} both become null. */
  private static Object json(Row row, String column) {
    Object value = row.getJson(column);
    return value == Tuple.JSON_NULL ? null : value;
  }

  /** Elasticsearch shows dates with millisecond precision. */
  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant().truncatedTo(ChronoUnit.MILLIS);
  }
}
