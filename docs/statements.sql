-- Every SQL statement connector-service runs, generated from store/SqlQueries
-- by StatementsFileTest (which fails when this file is out of date). $n are parameters.

-- READY
SELECT (SELECT count(*) FROM flyway_schema_history WHERE success) AS migrations,
       pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' AS read_only;

-- CREATE_OR_REPLACE_CONNECTOR
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
RETURNING (c.xmax = 0) AS inserted;

-- GET_CONNECTORS
SELECT id, api_key_id, api_key_secret_id, configuration::text, custom_scheduling::text, deleted,
description, error, features::text, filtering::text, index_name, is_native, language,
last_access_control_sync_error, last_access_control_sync_scheduled_at,
last_access_control_sync_status, last_deleted_document_count,
last_incremental_sync_scheduled_at, last_indexed_document_count, last_seen, last_sync_error,
last_sync_scheduled_at, last_sync_status, last_synced, name, pipeline::text,
scheduling::text, service_type, status, sync_cursor::text, sync_now FROM connectors WHERE id = ANY($1::text[]);

-- GET_CONNECTOR_DOCUMENTS
SELECT id, api_key_id, api_key_secret_id, configuration::text, custom_scheduling::text, deleted,
description, error, features::text, filtering::text, index_name, is_native, language,
last_access_control_sync_error, last_access_control_sync_scheduled_at,
last_access_control_sync_status, last_deleted_document_count,
last_incremental_sync_scheduled_at, last_indexed_document_count, last_seen, last_sync_error,
last_sync_scheduled_at, last_sync_status, last_synced, name, pipeline::text,
scheduling::text, service_type, status, sync_cursor::text, sync_now, xmin::text::bigint AS seq_no FROM connectors WHERE id = ANY($1::text[]);

-- GET_ERROR_HISTORY
WITH live AS (
  SELECT id FROM connectors WHERE id = $1 AND NOT deleted
), kept AS (
  SELECT h.* FROM connector_error_history h WHERE h.connector_id = (SELECT id FROM live)
  ORDER BY h.seq DESC LIMIT $4
)
SELECT EXISTS (SELECT 1 FROM live) AS found, (SELECT count(*) FROM kept) AS total, page.*
FROM (SELECT 1) AS one LEFT JOIN LATERAL (
  SELECT seq, at, status, error, previous_status, previous_error FROM kept
  WHERE $2::bigint IS NULL OR seq < $2 ORDER BY seq DESC LIMIT $3::int + 1
) AS page ON true;

-- PRUNE_ERROR_HISTORY
WITH grown AS (
  SELECT DISTINCT connector_id FROM connector_error_history WHERE seq > $1
), cut AS (
  SELECT g.connector_id, (SELECT h.seq FROM connector_error_history h WHERE h.connector_id = g.connector_id
                          ORDER BY h.seq DESC OFFSET $2 LIMIT 1) AS last_dropped
  FROM grown g
), dropped AS (
  DELETE FROM connector_error_history h USING cut
  WHERE h.connector_id = cut.connector_id AND h.seq <= cut.last_dropped
)
SELECT coalesce((SELECT max(seq) FROM connector_error_history), $1) AS newest;

-- REFRESH_FLEET_STATS
WITH turn AS (
  SELECT pg_try_advisory_xact_lock(hashtext('connector-service fleet_stats'))
         AND NOT EXISTS (SELECT 1 FROM fleet_stats WHERE computed_at > now() - make_interval(secs => $3::float8))
         AS mine
)
INSERT INTO fleet_stats (id, counts, computed_at)
SELECT 1, (SELECT to_jsonb(counts) FROM (SELECT c.*, j.* FROM (SELECT count(*) AS total, count(*) FILTER (WHERE status = 'created') AS connectors_created, count(*) FILTER (WHERE status = 'needs_configuration') AS connectors_needs_configuration, count(*) FILTER (WHERE status = 'configured') AS connectors_configured, count(*) FILTER (WHERE status = 'connected') AS connectors_connected, count(*) FILTER (WHERE status = 'error') AS connectors_error, count(*) FILTER (WHERE coalesce(last_seen, created_at) < now() - make_interval(secs => $1::float8)) AS offline FROM connectors WHERE NOT deleted) AS c, (SELECT count(*) FILTER (WHERE status = 'pending') AS sync_jobs_pending, count(*) FILTER (WHERE status = 'in_progress') AS sync_jobs_in_progress, count(*) FILTER (WHERE status = 'completed') AS sync_jobs_completed, count(*) FILTER (WHERE status = 'suspended') AS sync_jobs_suspended, count(*) FILTER (WHERE status = 'canceling') AS sync_jobs_canceling, count(*) FILTER (WHERE status = 'canceled') AS sync_jobs_canceled, count(*) FILTER (WHERE status = 'error') AS sync_jobs_error, count(*) FILTER (WHERE status IN ('in_progress', 'canceling') AND last_seen < now() - make_interval(secs => $2::float8)) AS idle, count(*) FILTER (WHERE connector_id IS NULL OR connector_id IN (SELECT id FROM connectors WHERE deleted)) AS orphaned FROM sync_jobs) AS j) AS counts), now() FROM turn WHERE mine
ON CONFLICT (id) DO UPDATE SET counts = excluded.counts, computed_at = excluded.computed_at;

-- REAP_IDLE_JOBS
WITH turn AS (SELECT pg_try_advisory_xact_lock(hashtext('connector-service housekeeping')) AS mine), idle AS (
  SELECT id FROM sync_jobs
  WHERE (SELECT mine FROM turn) AND status IN ('in_progress', 'canceling')
    AND last_seen < now() - make_interval(secs => $1::float8)
  LIMIT $3
)
UPDATE sync_jobs SET status = 'error', error = $2, updated_at = now()
WHERE id IN (SELECT id FROM idle) AND status IN ('in_progress', 'canceling')
RETURNING id;

-- CANCEL_ORPHANED_JOBS
WITH turn AS (SELECT pg_try_advisory_xact_lock(hashtext('connector-service housekeeping')) AS mine), orphans AS (
  (SELECT j.id FROM sync_jobs j
   WHERE (SELECT mine FROM turn) AND j.connector_id IS NULL AND j.status IN ('pending', 'in_progress', 'canceling', 'suspended'))
  UNION ALL
  (SELECT j.id FROM connectors c JOIN sync_jobs j ON j.connector_id = c.id
   WHERE (SELECT mine FROM turn) AND c.deleted AND j.status IN ('pending', 'in_progress', 'canceling', 'suspended'))
  LIMIT $1
)
UPDATE sync_jobs SET status = 'canceled', canceled_at = now(), updated_at = now()
WHERE id IN (SELECT id FROM orphans) AND status IN ('pending', 'in_progress', 'canceling', 'suspended')
RETURNING id;

-- DELETE_EXPIRED_JOBS
WITH turn AS (SELECT pg_try_advisory_xact_lock(hashtext('connector-service housekeeping')) AS mine), expired AS (
  SELECT id FROM sync_jobs
  WHERE (SELECT mine FROM turn) AND status IN ('completed', 'canceled', 'error')
    AND coalesce(completed_at, canceled_at, updated_at) < now() - make_interval(secs => $1::float8)
  LIMIT $2
)
DELETE FROM sync_jobs WHERE id IN (SELECT id FROM expired)
RETURNING id;

-- READ_CHANGES
SELECT h.through AS horizon, r.*
FROM connector_changes_horizon h LEFT JOIN LATERAL (
  SELECT * FROM (
    SELECT (c.xid::text::bigint << 20) + row_number() OVER (PARTITION BY c.xid ORDER BY c.seq) AS number, c.connector_id, c.change, c.status, c.error, c.last_seen, c.at
    FROM connector_changes c
    WHERE c.xid >= ($1::bigint >> 20)::text::xid8 AND c.xid < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY c.xid, c.seq
  ) ranked
  WHERE number > $1
  LIMIT $2
) r ON true
ORDER BY r.number;

-- CHANGES_NOW
SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20) - 1 AS position, through AS horizon
FROM connector_changes_horizon;

-- PRUNE_CHANGES
WITH turn AS (SELECT pg_try_advisory_xact_lock(hashtext('connector-service housekeeping')) AS mine), oldest AS (
  SELECT xid, at FROM connector_changes WHERE (SELECT mine FROM turn) ORDER BY xid, seq LIMIT $2
), gone AS (
  DELETE FROM connector_changes
  WHERE xid IN (SELECT xid FROM oldest WHERE at < now() - make_interval(secs => $1::float8))
  RETURNING xid
), last_gone AS (
  SELECT (xid::text::bigint << 20) + count(*) AS number FROM gone GROUP BY xid ORDER BY xid DESC LIMIT 1
), moved AS (
  UPDATE connector_changes_horizon SET through = greatest(through, (SELECT number FROM last_gone))
  WHERE EXISTS (SELECT 1 FROM last_gone)
)
SELECT count(*) AS deleted FROM gone;

-- OFFLINE_TRANSITIONS
WITH turn AS (SELECT pg_try_advisory_xact_lock(hashtext('connector-service housekeeping')) AS mine), checked AS (
  SELECT at - interval '1 minute' AS since FROM connectors_offline_checked
  WHERE (SELECT mine FROM turn) FOR UPDATE
), moved AS (
  SELECT c.id, c.status, c.error, c.last_seen,
         coalesce(c.last_seen, c.created_at) < now() - make_interval(secs => $1::float8) AS offline
  FROM connectors c, checked
  WHERE NOT c.deleted
    AND (coalesce(c.last_seen, c.created_at) > checked.since - make_interval(secs => $1::float8)
           AND coalesce(c.last_seen, c.created_at) < now() - make_interval(secs => $1::float8)
         OR c.last_seen > checked.since)
), went AS (
  INSERT INTO connectors_offline (connector_id) SELECT id FROM moved WHERE offline
  ON CONFLICT DO NOTHING
  RETURNING connector_id
), back AS (
  DELETE FROM connectors_offline WHERE connector_id IN (SELECT id FROM moved WHERE NOT offline)
  RETURNING connector_id
), announced AS (
  INSERT INTO connector_changes (connector_id, change, status, error, last_seen)
  SELECT m.id, 'offline', m.status, m.error, m.last_seen FROM went JOIN moved m ON m.id = went.connector_id
  UNION ALL
  SELECT m.id, 'online', m.status, m.error, m.last_seen FROM back JOIN moved m ON m.id = back.connector_id
), passed AS (
  UPDATE connectors_offline_checked SET at = now() WHERE EXISTS (SELECT 1 FROM checked)
)
SELECT (SELECT count(*) FROM went) + (SELECT count(*) FROM back) AS moved;

-- FLEET_STATS_SNAPSHOT
SELECT counts, computed_at FROM fleet_stats WHERE id = 1;

-- SOFT_DELETE_CONNECTOR
WITH deleted AS (
  UPDATE connectors SET deleted = true, updated_at = now()
  WHERE id = $1 AND NOT deleted
  RETURNING id
), jobs AS (
  DELETE FROM sync_jobs WHERE $2 AND connector_id IN (SELECT id FROM deleted)
)
SELECT id FROM deleted;

-- HARD_DELETE_CONNECTOR
WITH deleted AS (
  DELETE FROM connectors WHERE id = $1 RETURNING id
), jobs AS (
  DELETE FROM sync_jobs WHERE $2 AND connector_id IN (SELECT id FROM deleted)
), history AS (
  DELETE FROM connector_error_history WHERE connector_id IN (SELECT id FROM deleted)
)
SELECT id FROM deleted;

-- UPDATE_ERRORS
WITH input AS (
  SELECT i.ord, i.id, i.error, i.status,
         lag(i.error) OVER same_id AS previous_error,
         lag(i.status) OVER same_id AS previous_status,
         row_number() OVER same_id = 1 AS first_for_id,
         row_number() OVER (PARTITION BY i.id ORDER BY i.ord DESC) = 1 AS last_for_id
  FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS i(id, error, status, ord)
  WINDOW same_id AS (PARTITION BY i.id ORDER BY i.ord)
), target AS (
  SELECT c.id, c.error, c.status, c.xmin::text::bigint AS seq_no FROM connectors c
  WHERE c.id = ANY ($1::text[]) AND NOT c.deleted
  ORDER BY c.id
  FOR NO KEY UPDATE
), changed AS (
  UPDATE connectors c SET error = i.error, status = i.status, updated_at = now()
  FROM target t JOIN input i ON i.id = t.id AND i.last_for_id
  WHERE c.id = t.id AND (t.error IS DISTINCT FROM i.error OR t.status <> i.status)
  RETURNING c.id
), answers AS (
  SELECT i.ord, i.id, i.error, i.status, t.id IS NOT NULL AS found,
         CASE WHEN i.first_for_id THEN t.status ELSE i.previous_status END AS status_before,
         CASE WHEN i.first_for_id THEN t.error ELSE i.previous_error END AS error_before,
         CASE WHEN NOT i.last_for_id THEN -2
              WHEN t.error IS DISTINCT FROM i.error OR t.status <> i.status
              THEN pg_current_xact_id()::text::bigint % 4294967296
              ELSE t.seq_no END AS seq_no
  FROM input i LEFT JOIN target t ON t.id = i.id
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT id, status, error, status_before, error_before FROM answers
  WHERE found AND (error_before IS DISTINCT FROM error OR status_before <> status)
  ORDER BY ord
)
SELECT ord, found, error_before IS DISTINCT FROM error OR status_before <> status AS changed, seq_no
FROM answers
ORDER BY ord;

-- UPDATE_ERRORS_WITHOUT_HISTORY
WITH input AS (
  SELECT i.ord, i.id, i.error, i.status,
         lag(i.error) OVER same_id AS previous_error,
         lag(i.status) OVER same_id AS previous_status,
         row_number() OVER same_id = 1 AS first_for_id,
         row_number() OVER (PARTITION BY i.id ORDER BY i.ord DESC) = 1 AS last_for_id
  FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS i(id, error, status, ord)
  WINDOW same_id AS (PARTITION BY i.id ORDER BY i.ord)
), target AS (
  SELECT c.id, c.error, c.status, c.xmin::text::bigint AS seq_no FROM connectors c
  WHERE c.id = ANY ($1::text[]) AND NOT c.deleted
  ORDER BY c.id
  FOR NO KEY UPDATE
), changed AS (
  UPDATE connectors c SET error = i.error, status = i.status, updated_at = now()
  FROM target t JOIN input i ON i.id = t.id AND i.last_for_id
  WHERE c.id = t.id AND (t.error IS DISTINCT FROM i.error OR t.status <> i.status)
  RETURNING c.id
), answers AS (
  SELECT i.ord, i.id, i.error, i.status, t.id IS NOT NULL AS found,
         CASE WHEN i.first_for_id THEN t.status ELSE i.previous_status END AS status_before,
         CASE WHEN i.first_for_id THEN t.error ELSE i.previous_error END AS error_before,
         CASE WHEN NOT i.last_for_id THEN -2
              WHEN t.error IS DISTINCT FROM i.error OR t.status <> i.status
              THEN pg_current_xact_id()::text::bigint % 4294967296
              ELSE t.seq_no END AS seq_no
  FROM input i LEFT JOIN target t ON t.id = i.id
)
SELECT ord, found, error_before IS DISTINCT FROM error OR status_before <> status AS changed, seq_no
FROM answers
ORDER BY ord;

-- CHECK_INS
WITH input AS (
  SELECT i.ord, i.id FROM unnest($1::text[]) WITH ORDINALITY AS i(id, ord)
), target AS (
  SELECT c.id FROM connectors c
  WHERE c.id = ANY ($1::text[]) AND NOT c.deleted
  ORDER BY c.id
  FOR NO KEY UPDATE
), changed AS (
  UPDATE connectors c SET last_seen = now(), updated_at = now()
  FROM target t WHERE c.id = t.id
  RETURNING c.id
)
SELECT i.ord, t.id IS NOT NULL AS found, true AS changed
FROM input i LEFT JOIN target t ON t.id = i.id
ORDER BY i.ord;

-- CREATE_SYNC_JOB
WITH c AS (
  SELECT * FROM connectors WHERE id = $2 AND NOT deleted
), created AS (
  INSERT INTO sync_jobs (id, connector_id, connector, job_type, trigger_method, last_seen)
  SELECT $1, c.id, jsonb_build_object(
      'id', c.id, 'configuration', c.configuration, 'filtering', c.filtering->0->'active',
      'index_name', CASE WHEN $3 = 'access_control' THEN '.search-acl-filter-' || c.index_name ELSE c.index_name END,
      'language', c.language, 'pipeline', c.pipeline,
      'service_type', c.service_type, 'sync_cursor', c.sync_cursor),
    $3, $4, now()
  FROM c WHERE coalesce(c.index_name, '') <> '' AND coalesce(c.service_type, '') <> ''
  RETURNING id
)
SELECT EXISTS (SELECT 1 FROM c) AS found, (SELECT index_name FROM c) AS index_name,
       (SELECT service_type FROM c) AS service_type, EXISTS (SELECT 1 FROM created) AS created;

-- GET_SYNC_JOB
SELECT id, cancelation_requested_at, canceled_at, completed_at, connector::text, created_at,
deleted_document_count, error, indexed_document_count, indexed_document_volume, job_type,
last_seen, metadata::text, started_at, status, total_document_count, trigger_method,
worker_hostname FROM sync_jobs WHERE id = $1 AND ($2::text[] IS NULL OR connector_id = ANY($2::text[]));

-- DELETE_SYNC_JOB
DELETE FROM sync_jobs WHERE id = $1 AND ($2::text[] IS NULL OR connector_id = ANY($2::text[])) RETURNING id;

-- SEQ_NO
xmin::text::bigint AS seq_no;

-- CONTENT_INDICES
SELECT index_name FROM connectors WHERE id = ANY($1::text[]) AND NOT deleted AND index_name IS NOT NULL;

-- CREATE_API_KEY
INSERT INTO api_keys (id, name, secret_hash, creator, privileges, expiration, parent_id)
VALUES ($1, $2, $3, $4, $5, $6, $7);

-- FIND_API_KEY
SELECT id, name, secret_hash, creator, privileges, created_at, expiration, invalidated, parent_id FROM api_keys WHERE id = $1;

-- LIST_API_KEYS
WITH RECURSIVE owned AS (
  SELECT id FROM api_keys WHERE id = $1
  UNION
  SELECT k.id FROM api_keys k JOIN owned o ON k.parent_id = o.id
) SELECT id, name, secret_hash, creator, privileges, created_at, expiration, invalidated, parent_id FROM api_keys WHERE $1::text IS NULL OR id IN (SELECT id FROM owned) ORDER BY created_at, id;

-- INVALIDATE_API_KEYS
WITH RECURSIVE owned AS (
  SELECT id FROM api_keys WHERE id = $2
  UNION
  SELECT k.id FROM api_keys k JOIN owned o ON k.parent_id = o.id
), requested AS (
  SELECT id FROM api_keys
  WHERE id = ANY ($1::text[]) AND ($2::text IS NULL OR id IN (SELECT id FROM owned))
), tree AS (
  SELECT id FROM requested
  UNION
  SELECT k.id FROM api_keys k JOIN tree t ON k.parent_id = t.id
), before AS (
  SELECT id, invalidated FROM api_keys WHERE id IN (SELECT id FROM tree) ORDER BY id FOR UPDATE
), changed AS (
  UPDATE api_keys SET invalidated = true WHERE id IN (SELECT id FROM before WHERE NOT invalidated)
)
SELECT id, invalidated AS previously FROM before ORDER BY id;

-- ADMIN_PASSWORD_HASH
INSERT INTO service_settings (name, value) VALUES ('elastic_password_hash', $1)
ON CONFLICT (name) DO UPDATE SET value = service_settings.value
RETURNING value;

-- UPGRADE_ADMIN_PASSWORD_HASH
UPDATE service_settings SET value = $2 WHERE name = 'elastic_password_hash' AND value = $1;

-- STORE_SECRET
INSERT INTO connector_secrets AS s (id, nonce, ciphertext) VALUES ($1, $2, $3)
ON CONFLICT (id) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, updated_at = now()
RETURNING (s.xmax = 0) AS inserted;

-- GET_SECRET
SELECT nonce, ciphertext FROM connector_secrets WHERE id = $1;

-- DELETE_SECRET
DELETE FROM connector_secrets WHERE id = $1 RETURNING id;

-- list connectors, no filter
SELECT (SELECT count(*) FROM (SELECT 1 FROM connectors WHERE NOT deleted LIMIT 10000) AS counted) AS total, page.id, page.api_key_id, page.api_key_secret_id, page.configuration::text, page.custom_scheduling::text, page.deleted, page.description, page.error, page.features::text, page.filtering::text, page.index_name, page.is_native, page.language, page.last_access_control_sync_error, page.last_access_control_sync_scheduled_at, page.last_access_control_sync_status, page.last_deleted_document_count, page.last_incremental_sync_scheduled_at, page.last_indexed_document_count, page.last_seen, page.last_sync_error, page.last_sync_scheduled_at, page.last_sync_status, page.last_synced, page.name, page.pipeline::text, page.scheduling::text, page.service_type, page.status, page.sync_cursor::text, page.sync_now FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT * FROM connectors WHERE NOT deleted ORDER BY index_name, id OFFSET $1::int LIMIT $2::int) AS page ON true;

-- list connectors, every filter (each one is left out when the request does not set it)
SELECT (SELECT count(*) FROM (SELECT 1 FROM connectors WHERE index_name = ANY($1::text[]) AND name = ANY($2::text[]) AND service_type = ANY($3::text[]) AND (index_name LIKE $4::text OR name LIKE $4::text OR description LIKE $4::text) LIMIT 10000) AS counted) AS total, page.id, page.api_key_id, page.api_key_secret_id, page.configuration::text, page.custom_scheduling::text, page.deleted, page.description, page.error, page.features::text, page.filtering::text, page.index_name, page.is_native, page.language, page.last_access_control_sync_error, page.last_access_control_sync_scheduled_at, page.last_access_control_sync_status, page.last_deleted_document_count, page.last_incremental_sync_scheduled_at, page.last_indexed_document_count, page.last_seen, page.last_sync_error, page.last_sync_scheduled_at, page.last_sync_status, page.last_synced, page.name, page.pipeline::text, page.scheduling::text, page.service_type, page.status, page.sync_cursor::text, page.sync_now FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT * FROM connectors WHERE index_name = ANY($1::text[]) AND name = ANY($2::text[]) AND service_type = ANY($3::text[]) AND (index_name LIKE $4::text OR name LIKE $4::text OR description LIKE $4::text) ORDER BY index_name, id OFFSET $5::int LIMIT $6::int) AS page ON true;

-- list connectors, the filters beyond Elasticsearch, continuing after a named connector
SELECT (SELECT count(*) FROM (SELECT 1 FROM connectors WHERE NOT deleted AND status = ANY($1::text[]) AND id = ANY($2::text[]) AND coalesce(last_seen, created_at) < now() - make_interval(secs => $3::float8) LIMIT 10000) AS counted) AS total, page.id, page.api_key_id, page.api_key_secret_id, page.configuration::text, page.custom_scheduling::text, page.deleted, page.description, page.error, page.features::text, page.filtering::text, page.index_name, page.is_native, page.language, page.last_access_control_sync_error, page.last_access_control_sync_scheduled_at, page.last_access_control_sync_status, page.last_deleted_document_count, page.last_incremental_sync_scheduled_at, page.last_indexed_document_count, page.last_seen, page.last_sync_error, page.last_sync_scheduled_at, page.last_sync_status, page.last_synced, page.name, page.pipeline::text, page.scheduling::text, page.service_type, page.status, page.sync_cursor::text, page.sync_now FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT * FROM ((SELECT * FROM connectors WHERE NOT deleted AND status = ANY($1::text[]) AND id = ANY($2::text[]) AND coalesce(last_seen, created_at) < now() - make_interval(secs => $3::float8) AND (index_name, id) > ($5::text, $4::text) ORDER BY index_name, id LIMIT $6::int) UNION ALL (SELECT * FROM connectors WHERE NOT deleted AND status = ANY($1::text[]) AND id = ANY($2::text[]) AND coalesce(last_seen, created_at) < now() - make_interval(secs => $3::float8) AND index_name IS NULL ORDER BY index_name, id LIMIT $6::int)) AS ranges ORDER BY index_name, id LIMIT $6::int) AS page ON true;

-- list connectors, continuing after one without an index name
SELECT (SELECT count(*) FROM (SELECT 1 FROM connectors WHERE NOT deleted LIMIT 10000) AS counted) AS total, page.id, page.api_key_id, page.api_key_secret_id, page.configuration::text, page.custom_scheduling::text, page.deleted, page.description, page.error, page.features::text, page.filtering::text, page.index_name, page.is_native, page.language, page.last_access_control_sync_error, page.last_access_control_sync_scheduled_at, page.last_access_control_sync_status, page.last_deleted_document_count, page.last_incremental_sync_scheduled_at, page.last_indexed_document_count, page.last_seen, page.last_sync_error, page.last_sync_scheduled_at, page.last_sync_status, page.last_synced, page.name, page.pipeline::text, page.scheduling::text, page.service_type, page.status, page.sync_cursor::text, page.sync_now FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT * FROM ((SELECT * FROM connectors WHERE NOT deleted AND index_name IS NULL AND id > $1::text ORDER BY index_name, id LIMIT $2::int)) AS ranges ORDER BY index_name, id LIMIT $2::int) AS page ON true;

-- list sync jobs, every filter (each one is left out when the request does not set it)
SELECT (SELECT count(*) FROM (SELECT 1 FROM sync_jobs WHERE status = $1::text AND connector_id = $2::text AND job_type = ANY($3::text[]) LIMIT 10000) AS counted) AS total, page.id, page.cancelation_requested_at, page.canceled_at, page.completed_at, page.connector::text, page.created_at, page.deleted_document_count, page.error, page.indexed_document_count, page.indexed_document_volume, page.job_type, page.last_seen, page.metadata::text, page.started_at, page.status, page.total_document_count, page.trigger_method, page.worker_hostname FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT * FROM sync_jobs WHERE status = $1::text AND connector_id = $2::text AND job_type = ANY($3::text[]) ORDER BY created_at DESC, id DESC OFFSET $4::int LIMIT $5::int) AS page ON true;

-- list sync jobs, continuing after a job
SELECT (SELECT count(*) FROM (SELECT 1 FROM sync_jobs WHERE connector_id = ANY($1::text[]) LIMIT 10000) AS counted) AS total, page.id, page.cancelation_requested_at, page.canceled_at, page.completed_at, page.connector::text, page.created_at, page.deleted_document_count, page.error, page.indexed_document_count, page.indexed_document_volume, page.job_type, page.last_seen, page.metadata::text, page.started_at, page.status, page.total_document_count, page.trigger_method, page.worker_hostname FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT * FROM ((SELECT * FROM sync_jobs WHERE connector_id = ANY($1::text[]) AND (created_at, id) < ('epoch'::timestamptz + $2::bigint * interval '1 microsecond', $3::text) ORDER BY created_at DESC, id DESC LIMIT $4::int)) AS ranges ORDER BY created_at DESC, id DESC LIMIT $4::int) AS page ON true;

-- fleet counts of a connector-scoped key
SELECT c.*, j.* FROM (SELECT count(*) AS total, count(*) FILTER (WHERE status = 'created') AS connectors_created, count(*) FILTER (WHERE status = 'needs_configuration') AS connectors_needs_configuration, count(*) FILTER (WHERE status = 'configured') AS connectors_configured, count(*) FILTER (WHERE status = 'connected') AS connectors_connected, count(*) FILTER (WHERE status = 'error') AS connectors_error, count(*) FILTER (WHERE coalesce(last_seen, created_at) < now() - make_interval(secs => $1::float8)) AS offline FROM connectors WHERE NOT deleted AND id = ANY($3::text[])) AS c, (SELECT count(*) FILTER (WHERE status = 'pending') AS sync_jobs_pending, count(*) FILTER (WHERE status = 'in_progress') AS sync_jobs_in_progress, count(*) FILTER (WHERE status = 'completed') AS sync_jobs_completed, count(*) FILTER (WHERE status = 'suspended') AS sync_jobs_suspended, count(*) FILTER (WHERE status = 'canceling') AS sync_jobs_canceling, count(*) FILTER (WHERE status = 'canceled') AS sync_jobs_canceled, count(*) FILTER (WHERE status = 'error') AS sync_jobs_error, count(*) FILTER (WHERE status IN ('in_progress', 'canceling') AND last_seen < now() - make_interval(secs => $2::float8)) AS idle, count(*) FILTER (WHERE connector_id IS NULL OR connector_id IN (SELECT id FROM connectors WHERE deleted)) AS orphaned FROM sync_jobs WHERE connector_id = ANY($3::text[])) AS j;

-- update connector: STATUS
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM connectors WHERE id = $1 AND NOT deleted FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (CASE WHEN (t.status, p->>'status') IN (VALUES ('created', 'needs_configuration'), ('created', 'error'), ('needs_configuration', 'configured'), ('needs_configuration', 'error'), ('configured', 'needs_configuration'), ('configured', 'configured'), ('configured', 'connected'), ('configured', 'error'), ('connected', 'configured'), ('connected', 'connected'), ('connected', 'error'), ('error', 'configured'), ('error', 'connected'), ('error', 'error')) THEN NULL ELSE 'Invalid transition attempt from [' || t.status || '] to [' || (p->>'status') || ']. Such a status transition is not supported by the Connector Protocol.' END)::text AS violation, ROW(p->>'status') IS DISTINCT FROM ROW(t.status) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE connectors c SET (status) = ROW(p->>'status'), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
  WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update connector: NAME
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM connectors WHERE id = $1 AND NOT deleted FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (NULL)::text AS violation, ROW(CASE WHEN p ? 'name' THEN coalesce(p->>'name', '') ELSE t.name END, CASE WHEN p ? 'description' THEN p->>'description' ELSE t.description END) IS DISTINCT FROM ROW(t.name, t.description) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE connectors c SET (name, description) = ROW(CASE WHEN p ? 'name' THEN coalesce(p->>'name', '') ELSE t.name END, CASE WHEN p ? 'description' THEN p->>'description' ELSE t.description END), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
  WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update connector: INDEX_NAME
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM connectors WHERE id = $1 AND NOT deleted FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (CASE WHEN t.is_native AND (p->>'index_name') IS NOT NULL AND (p->>'index_name') NOT LIKE 'content-%' THEN 'Index [' || (p->>'index_name') || '] is invalid. Index attached to an Elastic-managed connector must start with the prefix: [content-]' END)::text AS violation, ROW(p->>'index_name') IS DISTINCT FROM ROW(t.index_name) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE connectors c SET (index_name) = ROW(p->>'index_name'), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
  WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update connector: SERVICE_TYPE
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM connectors WHERE id = $1 AND NOT deleted FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (NULL)::text AS violation, ROW(p->>'service_type', CASE WHEN t.status = 'created' THEN 'created' ELSE 'needs_configuration' END) IS DISTINCT FROM ROW(t.service_type, t.status) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE connectors c SET (service_type, status) = ROW(p->>'service_type', CASE WHEN t.status = 'created' THEN 'created' ELSE 'needs_configuration' END), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
  WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update connector: NATIVE
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM connectors WHERE id = $1 AND NOT deleted FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (CASE WHEN (p->>'is_native')::boolean AND (t.index_name) IS NOT NULL AND (t.index_name) NOT LIKE 'content-%' THEN 'Index [' || (t.index_name) || '] is invalid. Index attached to an Elastic-managed connector must start with the prefix: [content-]' END)::text AS violation, ROW((p->>'is_native')::boolean, CASE WHEN t.status = 'connected' THEN 'configured' ELSE t.status END) IS DISTINCT FROM ROW(t.is_native, t.status) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE connectors c SET (is_native, status) = ROW((p->>'is_native')::boolean, CASE WHEN t.status = 'connected' THEN 'configured' ELSE t.status END), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
  WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update connector: API_KEY_ID
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM connectors WHERE id = $1 AND NOT deleted FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (NULL)::text AS violation, ROW(CASE WHEN p ? 'api_key_id' THEN p->>'api_key_id' ELSE t.api_key_id END, CASE WHEN p ? 'api_key_secret_id' THEN p->>'api_key_secret_id' ELSE t.api_key_secret_id END) IS DISTINCT FROM ROW(t.api_key_id, t.api_key_secret_id) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE connectors c SET (api_key_id, api_key_secret_id) = ROW(CASE WHEN p ? 'api_key_id' THEN p->>'api_key_id' ELSE t.api_key_id END, CASE WHEN p ? 'api_key_secret_id' THEN p->>'api_key_secret_id' ELSE t.api_key_secret_id END), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
  WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update connector: FEATURES
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM connectors WHERE id = $1 AND NOT deleted FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (NULL)::text AS violation, ROW(jsonb_deep_merge(t.features, p->'features')) IS DISTINCT FROM ROW(t.features) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE connectors c SET (features) = ROW(jsonb_deep_merge(t.features, p->'features')), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
  WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update connector: PIPELINE
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM connectors WHERE id = $1 AND NOT deleted FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (NULL)::text AS violation, ROW(p->'pipeline') IS DISTINCT FROM ROW(t.pipeline) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE connectors c SET (pipeline) = ROW(p->'pipeline'), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
  WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update connector: SCHEDULING
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM connectors WHERE id = $1 AND NOT deleted FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (NULL)::text AS violation, ROW(p->'scheduling') IS DISTINCT FROM ROW(t.scheduling) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE connectors c SET (scheduling) = ROW(p->'scheduling'), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
  WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update connector: CONFIGURATION
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM connectors WHERE id = $1 AND NOT deleted FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (unknown_configuration_fields(CASE WHEN p ? 'configuration' THEN p->'configuration' ELSE t.configuration END, p->'values'))::text AS violation, ROW(configuration_with_values(CASE WHEN p ? 'configuration' THEN p->'configuration' ELSE t.configuration END, p->'values'), 'configured') IS DISTINCT FROM ROW(t.configuration, t.status) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE connectors c SET (configuration, status) = ROW(configuration_with_values(CASE WHEN p ? 'configuration' THEN p->'configuration' ELSE t.configuration END, p->'values'), 'configured'), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
  WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update connector: FILTERING
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM connectors WHERE id = $1 AND NOT deleted FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (NULL)::text AS violation, ROW(CASE WHEN p ? 'filtering' THEN p->'filtering' ELSE filtering_with_draft(t.filtering, p->'rules', p->'advanced_snippet', now()) END) IS DISTINCT FROM ROW(t.filtering) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE connectors c SET (filtering) = ROW(CASE WHEN p ? 'filtering' THEN p->'filtering' ELSE filtering_with_draft(t.filtering, p->'rules', p->'advanced_snippet', now()) END), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
  WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update connector: FILTERING_ACTIVATE
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM connectors WHERE id = $1 AND NOT deleted FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (CASE WHEN t.filtering->0->'draft'->'validation'->>'state' = 'valid' THEN NULL ELSE 'Filtering draft needs to be validated by the connector service before activation. Current filtering draft validation state: [' || coalesce(t.filtering->0->'draft'->'validation'->>'state', 'null') || ']' END)::text AS violation, ROW(jsonb_set(t.filtering, '{0,active}', t.filtering->0->'draft')) IS DISTINCT FROM ROW(t.filtering) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE connectors c SET (filtering) = ROW(jsonb_set(t.filtering, '{0,active}', t.filtering->0->'draft')), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
  WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update connector: FILTERING_VALIDATION
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM connectors WHERE id = $1 AND NOT deleted FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (NULL)::text AS violation, ROW(jsonb_set(t.filtering, '{0,draft,validation}', p->'validation')) IS DISTINCT FROM ROW(t.filtering) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE connectors c SET (filtering) = ROW(jsonb_set(t.filtering, '{0,draft,validation}', p->'validation')), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
  WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update connector: LAST_SYNC
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM connectors WHERE id = $1 AND NOT deleted FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (NULL)::text AS violation, ROW(CASE WHEN p ? 'last_access_control_sync_error' THEN p->>'last_access_control_sync_error' ELSE t.last_access_control_sync_error END, CASE WHEN p ? 'last_access_control_sync_scheduled_at' THEN (p->>'last_access_control_sync_scheduled_at')::timestamptz ELSE t.last_access_control_sync_scheduled_at END, CASE WHEN p ? 'last_access_control_sync_status' THEN p->>'last_access_control_sync_status' ELSE t.last_access_control_sync_status END, CASE WHEN p ? 'last_deleted_document_count' THEN (p->>'last_deleted_document_count')::bigint ELSE t.last_deleted_document_count END, CASE WHEN p ? 'last_incremental_sync_scheduled_at' THEN (p->>'last_incremental_sync_scheduled_at')::timestamptz ELSE t.last_incremental_sync_scheduled_at END, CASE WHEN p ? 'last_indexed_document_count' THEN (p->>'last_indexed_document_count')::bigint ELSE t.last_indexed_document_count END, CASE WHEN p ? 'last_seen' THEN (p->>'last_seen')::timestamptz ELSE t.last_seen END, CASE WHEN p ? 'last_sync_error' THEN p->>'last_sync_error' ELSE t.last_sync_error END, CASE WHEN p ? 'last_sync_scheduled_at' THEN (p->>'last_sync_scheduled_at')::timestamptz ELSE t.last_sync_scheduled_at END, CASE WHEN p ? 'last_sync_status' THEN p->>'last_sync_status' ELSE t.last_sync_status END, CASE WHEN p ? 'last_synced' THEN (p->>'last_synced')::timestamptz ELSE t.last_synced END, CASE WHEN p ? 'sync_cursor' THEN nullif(p->'sync_cursor', 'null'::jsonb) ELSE t.sync_cursor END) IS DISTINCT FROM ROW(t.last_access_control_sync_error, t.last_access_control_sync_scheduled_at, t.last_access_control_sync_status, t.last_deleted_document_count, t.last_incremental_sync_scheduled_at, t.last_indexed_document_count, t.last_seen, t.last_sync_error, t.last_sync_scheduled_at, t.last_sync_status, t.last_synced, t.sync_cursor) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE connectors c SET (last_access_control_sync_error, last_access_control_sync_scheduled_at,
last_access_control_sync_status, last_deleted_document_count,
last_incremental_sync_scheduled_at, last_indexed_document_count, last_seen,
last_sync_error, last_sync_scheduled_at, last_sync_status, last_synced, sync_cursor) = ROW(CASE WHEN p ? 'last_access_control_sync_error' THEN p->>'last_access_control_sync_error' ELSE t.last_access_control_sync_error END, CASE WHEN p ? 'last_access_control_sync_scheduled_at' THEN (p->>'last_access_control_sync_scheduled_at')::timestamptz ELSE t.last_access_control_sync_scheduled_at END, CASE WHEN p ? 'last_access_control_sync_status' THEN p->>'last_access_control_sync_status' ELSE t.last_access_control_sync_status END, CASE WHEN p ? 'last_deleted_document_count' THEN (p->>'last_deleted_document_count')::bigint ELSE t.last_deleted_document_count END, CASE WHEN p ? 'last_incremental_sync_scheduled_at' THEN (p->>'last_incremental_sync_scheduled_at')::timestamptz ELSE t.last_incremental_sync_scheduled_at END, CASE WHEN p ? 'last_indexed_document_count' THEN (p->>'last_indexed_document_count')::bigint ELSE t.last_indexed_document_count END, CASE WHEN p ? 'last_seen' THEN (p->>'last_seen')::timestamptz ELSE t.last_seen END, CASE WHEN p ? 'last_sync_error' THEN p->>'last_sync_error' ELSE t.last_sync_error END, CASE WHEN p ? 'last_sync_scheduled_at' THEN (p->>'last_sync_scheduled_at')::timestamptz ELSE t.last_sync_scheduled_at END, CASE WHEN p ? 'last_sync_status' THEN p->>'last_sync_status' ELSE t.last_sync_status END, CASE WHEN p ? 'last_synced' THEN (p->>'last_synced')::timestamptz ELSE t.last_synced END, CASE WHEN p ? 'sync_cursor' THEN nullif(p->'sync_cursor', 'null'::jsonb) ELSE t.sync_cursor END), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
), history AS (
  INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
  SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
  WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update sync job: CANCEL
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM sync_jobs WHERE id = $1 AND ($3::text[] IS NULL OR connector_id = ANY($3::text[])) FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (CASE WHEN t.status IN ('pending', 'suspended') THEN NULL ELSE CASE WHEN t.status IN ('in_progress') THEN NULL ELSE 'Invalid transition attempt from [' || t.status || '] to [canceling]. Such a ConnectorSyncStatus transition is not supported by the Connector Protocol.' END END)::text AS violation, ROW(CASE WHEN t.status IN ('pending', 'suspended') THEN 'canceled' ELSE 'canceling' END, now(), CASE WHEN t.status IN ('pending', 'suspended') THEN now() ELSE t.canceled_at END, CASE WHEN t.status IN ('pending', 'suspended') THEN now() ELSE t.completed_at END) IS DISTINCT FROM ROW(t.status, t.cancelation_requested_at, t.canceled_at, t.completed_at) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE sync_jobs c SET (status, cancelation_requested_at, canceled_at, completed_at) = ROW(CASE WHEN t.status IN ('pending', 'suspended') THEN 'canceled' ELSE 'canceling' END, now(), CASE WHEN t.status IN ('pending', 'suspended') THEN now() ELSE t.canceled_at END, CASE WHEN t.status IN ('pending', 'suspended') THEN now() ELSE t.completed_at END), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update sync job: CHECK_IN
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM sync_jobs WHERE id = $1 AND ($3::text[] IS NULL OR connector_id = ANY($3::text[])) FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (NULL)::text AS violation, ROW(now()) IS DISTINCT FROM ROW(t.last_seen) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE sync_jobs c SET (last_seen) = ROW(now()), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update sync job: CLAIM
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM sync_jobs WHERE id = $1 AND ($3::text[] IS NULL OR connector_id = ANY($3::text[])) FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (CASE WHEN t.status IN ('pending', 'suspended') THEN NULL ELSE 'Invalid transition attempt from [' || t.status || '] to [in_progress]. Such a ConnectorSyncStatus transition is not supported by the Connector Protocol.' END)::text AS violation, ROW('in_progress', now(), now(), p->>'worker_hostname', CASE WHEN p ? 'sync_cursor' THEN jsonb_set(t.connector, '{sync_cursor}', p->'sync_cursor') ELSE t.connector END) IS DISTINCT FROM ROW(t.status, t.started_at, t.last_seen, t.worker_hostname, t.connector) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE sync_jobs c SET (status, started_at, last_seen, worker_hostname, connector) = ROW('in_progress', now(), now(), p->>'worker_hostname', CASE WHEN p ? 'sync_cursor' THEN jsonb_set(t.connector, '{sync_cursor}', p->'sync_cursor') ELSE t.connector END), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update sync job: ERROR
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM sync_jobs WHERE id = $1 AND ($3::text[] IS NULL OR connector_id = ANY($3::text[])) FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (CASE WHEN t.status IN ('in_progress', 'canceling') THEN NULL ELSE 'Invalid transition attempt from [' || t.status || '] to [error]. Such a ConnectorSyncStatus transition is not supported by the Connector Protocol.' END)::text AS violation, ROW('error', p->>'error') IS DISTINCT FROM ROW(t.status, t.error) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE sync_jobs c SET (status, error) = ROW('error', p->>'error'), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;

-- update sync job: STATS
WITH target AS (
  SELECT *, xmin::text::bigint AS seq_no FROM sync_jobs WHERE id = $1 AND ($3::text[] IS NULL OR connector_id = ANY($3::text[])) FOR NO KEY UPDATE
), patch AS (
  SELECT $2::jsonb AS p
), verdict AS (
  SELECT t.id, (NULL)::text AS violation, ROW((p->>'deleted_document_count')::bigint, (p->>'indexed_document_count')::bigint, (p->>'indexed_document_volume')::bigint, CASE WHEN p ? 'total_document_count' THEN (p->>'total_document_count')::bigint ELSE t.total_document_count END, coalesce((p->>'last_seen')::timestamptz, now()), jsonb_deep_merge(t.metadata, p->'metadata')) IS DISTINCT FROM ROW(t.deleted_document_count, t.indexed_document_count, t.indexed_document_volume, t.total_document_count, t.last_seen, t.metadata) AS differs
  FROM target t CROSS JOIN patch
), changed AS (
  UPDATE sync_jobs c SET (deleted_document_count, indexed_document_count, indexed_document_volume,
total_document_count, last_seen, metadata) = ROW((p->>'deleted_document_count')::bigint, (p->>'indexed_document_count')::bigint, (p->>'indexed_document_volume')::bigint, CASE WHEN p ? 'total_document_count' THEN (p->>'total_document_count')::bigint ELSE t.total_document_count END, coalesce((p->>'last_seen')::timestamptz, now()), jsonb_deep_merge(t.metadata, p->'metadata')), updated_at = now()
  FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
  WHERE c.id = t.id AND v.violation IS NULL AND v.differs
  RETURNING c.*, c.xmin::text::bigint AS new_seq_no
)
SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
       (SELECT violation FROM verdict) AS violation,
       coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no;
