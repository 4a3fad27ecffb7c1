-- Live changes (beyond Elasticsearch): GET /_connector/_watch streams the rows of this table.
--
-- Every write that changes a connector (any column but last_seen and updated_at: a check-in is
-- not a change) appends one row, in the writing statement's own transaction, by the trigger
-- below — whichever endpoint, statement or instance made it. Offline and online transitions
-- are appended by the housekeeping (SqlQueries.OFFLINE_TRANSITIONS).
--
-- Order without gaps: seq is taken at insert but transactions commit out of seq order, so a
-- reader of "seq > last" could pass over a change that commits late. Each row also records its
-- transaction; readers take rows only from transactions older than their snapshot's xmin, all
-- of which have ended, in (xid, seq) order, so every reader on every instance sees the same
-- sequence and never a late insertion into what it has read. The change number of the API is
-- (xid << 20) + the row's rank within its transaction (SqlQueries.CHANGE_NUMBER).
CREATE TABLE connector_changes (
  seq           bigint      GENERATED ALWAYS AS IDENTITY,
  xid           xid8        NOT NULL DEFAULT pg_current_xact_id(),
  connector_id  text        NOT NULL,
  change        text        NOT NULL,
  status        text,
  error         text,
  last_seen     timestamptz,
  at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (xid, seq)
);

-- The change number up to which changes older than CHANGES_RETENTION have been deleted: a
-- watcher resuming from a number at or below it may have missed changes and is told to reload.
CREATE TABLE connector_changes_horizon (
  id       int    PRIMARY KEY CHECK (id = 1),
  through  bigint NOT NULL
);
INSERT INTO connector_changes_horizon VALUES (1, 0);

-- The connectors the housekeeping has announced offline, so that each crossing of OFFLINE_AFTER
-- is announced once, and coming back (a check-in) once; and when it last looked. Each pass looks
-- only at the connectors whose last activity crossed the line, or who were seen, since then
-- (SqlQueries.OFFLINE_TRANSITIONS): one scan of connectors, no join with a large offline set.
-- Seeded with the default OFFLINE_AFTER so that the first pass does not announce a fleet's
-- long-silent connectors all at once.
CREATE TABLE connectors_offline (
  connector_id  text PRIMARY KEY
);
INSERT INTO connectors_offline
  SELECT id FROM connectors WHERE NOT deleted AND coalesce(last_seen, created_at) < now() - interval '30 minutes';
CREATE TABLE connectors_offline_checked (
  id  int         PRIMARY KEY CHECK (id = 1),
  at  timestamptz NOT NULL
);
INSERT INTO connectors_offline_checked VALUES (1, now());

-- What a change changed, by the first that applies: created (also a deleted id put again),
-- deleted, error, configuration, scheduling, filtering, sync (sync state and last_* fields),
-- status, other. A write named by its cause: a configuration that moves the status along is a
-- configuration change (the event carries the new status); only an error outranks the rest.
CREATE FUNCTION record_connector_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO connector_changes (connector_id, change, status, error, last_seen)
      VALUES (NEW.id, 'created', NEW.status, NEW.error, NEW.last_seen);
  ELSIF TG_OP = 'DELETE' THEN
    IF NOT OLD.deleted THEN
      INSERT INTO connector_changes (connector_id, change, status, error, last_seen)
        VALUES (OLD.id, 'deleted', OLD.status, OLD.error, OLD.last_seen);
    END IF;
    DELETE FROM connectors_offline WHERE connector_id = OLD.id;
  ELSE
    IF NEW.deleted AND NOT OLD.deleted THEN
      DELETE FROM connectors_offline WHERE connector_id = OLD.id; -- its deletion is its last word
    END IF;
    INSERT INTO connector_changes (connector_id, change, status, error, last_seen)
      VALUES (NEW.id, CASE
          WHEN OLD.deleted AND NOT NEW.deleted THEN 'created'
          WHEN NEW.deleted AND NOT OLD.deleted THEN 'deleted'
          WHEN NEW.error IS DISTINCT FROM OLD.error THEN 'error'
          WHEN NEW.configuration <> OLD.configuration THEN 'configuration'
          WHEN NEW.scheduling <> OLD.scheduling OR NEW.custom_scheduling <> OLD.custom_scheduling
            OR NEW.sync_now <> OLD.sync_now THEN 'scheduling'
          WHEN NEW.filtering <> OLD.filtering THEN 'filtering'
          WHEN (NEW.sync_cursor, NEW.last_synced, NEW.last_sync_status, NEW.last_sync_error,
                NEW.last_sync_scheduled_at, NEW.last_indexed_document_count, NEW.last_deleted_document_count,
                NEW.last_access_control_sync_status, NEW.last_access_control_sync_error,
                NEW.last_access_control_sync_scheduled_at, NEW.last_incremental_sync_scheduled_at)
            IS DISTINCT FROM
               (OLD.sync_cursor, OLD.last_synced, OLD.last_sync_status, OLD.last_sync_error,
                OLD.last_sync_scheduled_at, OLD.last_indexed_document_count, OLD.last_deleted_document_count,
                OLD.last_access_control_sync_status, OLD.last_access_control_sync_error,
                OLD.last_access_control_sync_scheduled_at, OLD.last_incremental_sync_scheduled_at) THEN 'sync'
          WHEN NEW.status <> OLD.status THEN 'status'
          ELSE 'other' END,
        NEW.status, NEW.error, NEW.last_seen);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER connectors_created AFTER INSERT ON connectors
  FOR EACH ROW EXECUTE FUNCTION record_connector_change();
CREATE TRIGGER connectors_removed AFTER DELETE ON connectors
  FOR EACH ROW EXECUTE FUNCTION record_connector_change();
-- Every column but last_seen and updated_at, compared in the trigger's WHEN, which PostgreSQL
-- evaluates without calling the function: a check-in costs no more than the comparison. A
-- column added to connectors must be added here.
CREATE TRIGGER connectors_changed AFTER UPDATE ON connectors
  FOR EACH ROW WHEN ((OLD.id, OLD.name, OLD.description, OLD.index_name, OLD.service_type, OLD.language,
      OLD.is_native, OLD.status, OLD.error, OLD.api_key_id, OLD.api_key_secret_id, OLD.configuration,
      OLD.custom_scheduling, OLD.features, OLD.filtering, OLD.pipeline, OLD.scheduling, OLD.sync_cursor,
      OLD.sync_now, OLD.last_synced, OLD.last_sync_status, OLD.last_sync_error, OLD.last_sync_scheduled_at,
      OLD.last_indexed_document_count, OLD.last_deleted_document_count, OLD.last_access_control_sync_status,
      OLD.last_access_control_sync_error, OLD.last_access_control_sync_scheduled_at,
      OLD.last_incremental_sync_scheduled_at, OLD.deleted, OLD.created_at)
    IS DISTINCT FROM
    (NEW.id, NEW.name, NEW.description, NEW.index_name, NEW.service_type, NEW.language,
      NEW.is_native, NEW.status, NEW.error, NEW.api_key_id, NEW.api_key_secret_id, NEW.configuration,
      NEW.custom_scheduling, NEW.features, NEW.filtering, NEW.pipeline, NEW.scheduling, NEW.sync_cursor,
      NEW.sync_now, NEW.last_synced, NEW.last_sync_status, NEW.last_sync_error, NEW.last_sync_scheduled_at,
      NEW.last_indexed_document_count, NEW.last_deleted_document_count, NEW.last_access_control_sync_status,
      NEW.last_access_control_sync_error, NEW.last_access_control_sync_scheduled_at,
      NEW.last_incremental_sync_scheduled_at, NEW.deleted, NEW.created_at))
  EXECUTE FUNCTION record_connector_change();
