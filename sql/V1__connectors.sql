-- The connectors table: real columns for what the service filters, updates or constrains,
-- jsonb for the nested documents the API stores and returns as they are.

-- Elasticsearch writes dates as ISO-8601 UTC with milliseconds.
CREATE FUNCTION es_timestamp(t timestamptz) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');

-- One filtering rule set as a new connector gets it: the catch-all DEFAULT rule, valid.
CREATE FUNCTION default_filtering_rules(t timestamptz) RETURNS jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN jsonb_build_object(
    'advanced_snippet', jsonb_build_object(
      'created_at', es_timestamp(t), 'updated_at', es_timestamp(t), 'value', '{}'::jsonb),
    'rules', jsonb_build_array(jsonb_build_object(
      'created_at', es_timestamp(t), 'field', '_', 'id', 'DEFAULT', 'order', 0,
      'policy', 'include', 'rule', 'regex', 'updated_at', es_timestamp(t), 'value', '.*')),
    'validation', jsonb_build_object('errors', '[]'::jsonb, 'state', 'valid'));

CREATE FUNCTION default_filtering() RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN jsonb_build_array(jsonb_build_object(
    'active', default_filtering_rules(now()),
    'domain', 'DEFAULT',
    'draft', default_filtering_rules(now())));

CREATE TABLE connectors (
  id                                    text        PRIMARY KEY
                                                    CHECK (octet_length(id) BETWEEN 1 AND 512),
  name                                  text        NOT NULL DEFAULT '',
  description                           text,
  index_name                            text,
  service_type                          text,
  language                              text,
  is_native                             boolean     NOT NULL DEFAULT false,
  status                                text        NOT NULL DEFAULT 'created'
    CONSTRAINT connectors_status_check
    CHECK (status IN ('created', 'needs_configuration', 'configured', 'connected', 'error')),
  error                                 text,
  api_key_id                            text,
  api_key_secret_id                     text,
  configuration                         jsonb       NOT NULL DEFAULT '{}',
  custom_scheduling                     jsonb       NOT NULL DEFAULT '{}',
  features                              jsonb,
  filtering                             jsonb       NOT NULL DEFAULT default_filtering(),
  pipeline                              jsonb,
  scheduling                            jsonb       NOT NULL DEFAULT '{
      "access_control": {"enabled": false, "interval": "0 0 0 * * ?"},
      "full":           {"enabled": false, "interval": "0 0 0 * * ?"},
      "incremental":    {"enabled": false, "interval": "0 0 0 * * ?"}}',
  sync_cursor                           jsonb,
  sync_now                              boolean     NOT NULL DEFAULT false,
  last_seen                             timestamptz,
  last_synced                           timestamptz,
  last_sync_status                      text,
  last_sync_error                       text,
  last_sync_scheduled_at                timestamptz,
  last_indexed_document_count           bigint,
  last_deleted_document_count           bigint,
  last_access_control_sync_status       text,
  last_access_control_sync_error        text,
  last_access_control_sync_scheduled_at timestamptz,
  last_incremental_sync_scheduled_at    timestamptz,
  deleted                               boolean     NOT NULL DEFAULT false,
  created_at                            timestamptz NOT NULL DEFAULT now(),
  updated_at                            timestamptz NOT NULL DEFAULT now()
);

-- Two live connectors may not write into the same index.
CREATE UNIQUE INDEX connectors_index_name_live_key
  ON connectors (index_name) WHERE NOT deleted AND index_name IS NOT NULL;
