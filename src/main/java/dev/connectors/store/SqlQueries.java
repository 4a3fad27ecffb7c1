package dev.connectors.store;

/** Every SQL statement the service runs, in one place. Each command is one statement. */
final class SqlQueries {

  private SqlQueries() {
  }

  static final String CONNECTOR_COLUMNS = """
      id, api_key_id, api_key_secret_id, configuration, custom_scheduling, deleted, description,
      error, features, filtering, index_name, is_native, language, last_access_control_sync_error,
      last_access_control_sync_scheduled_at, last_access_control_sync_status,
      last_deleted_document_count, last_incremental_sync_scheduled_at, last_indexed_document_count,
      last_seen, last_sync_error, last_sync_scheduled_at, last_sync_status, last_synced, name,
      pipeline, scheduling, service_type, status, sync_cursor, sync_now""";

  /**
   * Create, or replace an existing connector by a new one: every column not given here goes back
   * to its default, as Elasticsearch's PUT does. {@code xmax = 0} holds only for a fresh insert,
   * so {@code inserted} tells created from updated.
   */
  static final String CREATE_OR_REPLACE_CONNECTOR = """
      INSERT INTO connectors AS c
        (id, name, description, index_name, service_type, language, is_native, status)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (id) DO UPDATE SET
        name = excluded.name, description = excluded.description,
        index_name = excluded.index_name, service_type = excluded.service_type,
        language = excluded.language, is_native = excluded.is_native, status = excluded.status,
        error = excluded.error, api_key_id = excluded.api_key_id,
        api_key_secret_id = excluded.api_key_secret_id, configuration = excluded.configuration,
        custom_scheduling = excluded.custom_scheduling, features = excluded.features,
        filtering = excluded.filtering, pipeline = excluded.pipeline,
        scheduling = excluded.scheduling, sync_cursor = excluded.sync_cursor,
        sync_now = excluded.sync_now, last_seen = excluded.last_seen,
        last_synced = excluded.last_synced, last_sync_status = excluded.last_sync_status,
        last_sync_error = excluded.last_sync_error,
        last_sync_scheduled_at = excluded.last_sync_scheduled_at,
        last_indexed_document_count = excluded.last_indexed_document_count,
        last_deleted_document_count = excluded.last_deleted_document_count,
        last_access_control_sync_status = excluded.last_access_control_sync_status,
        last_access_control_sync_error = excluded.last_access_control_sync_error,
        last_access_control_sync_scheduled_at = excluded.last_access_control_sync_scheduled_at,
        last_incremental_sync_scheduled_at = excluded.last_incremental_sync_scheduled_at,
        deleted = excluded.deleted, created_at = excluded.created_at,
        updated_at = excluded.updated_at
      RETURNING (c.xmax = 0) AS inserted""";

  static final String GET_CONNECTOR = "SELECT " + CONNECTOR_COLUMNS
      + " FROM connectors WHERE id = $1 AND (NOT deleted OR $2)";

  static final String SOFT_DELETE_CONNECTOR = """
      UPDATE connectors SET deleted = true, updated_at = now()
      WHERE id = $1 AND NOT deleted
      RETURNING id""";

  static final String HARD_DELETE_CONNECTOR = "DELETE FROM connectors WHERE id = $1 RETURNING id";

  /**
   * The update-error API in one statement. {@code target} locks the live row (re-reading its
   * newest version if another writer got there first), {@code changed} writes error and status
   * together only when they differ, and the outer SELECT tells the three outcomes apart:
   * not found (found = false), noop (found, not changed) and updated. A noop writes no new row
   * version, which matters for fleets that report the same error over and over.
   * Parameters: $1 id, $2 error (text or null), $3 status.
   */
  static final String UPDATE_ERROR = """
      WITH target AS (
        SELECT id, error, status FROM connectors
        WHERE id = $1 AND NOT deleted
        FOR NO KEY UPDATE
      ), changed AS (
        UPDATE connectors c SET error = $2, status = $3, updated_at = now()
        FROM target t
        WHERE c.id = t.id AND (t.error IS DISTINCT FROM $2 OR t.status <> $3)
        RETURNING c.id
      )
      SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed""";
}
