-- Helpers for the update endpoints, each of which runs as one statement, and the indexes that
-- keep GET /_connector fast over a large fleet.

-- Elasticsearch's partial-document update: objects merge key by key, anything else replaces.
CREATE FUNCTION jsonb_deep_merge(base jsonb, patch jsonb) RETURNS jsonb
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF patch IS NULL THEN
    RETURN base;
  END IF;
  IF base IS NULL OR jsonb_typeof(base) <> 'object' OR jsonb_typeof(patch) <> 'object' THEN
    RETURN patch;
  END IF;
  RETURN (SELECT coalesce(jsonb_object_agg(key,
            CASE WHEN base ? key AND patch ? key THEN jsonb_deep_merge(base -> key, patch -> key)
                 WHEN patch ? key THEN patch -> key
                 ELSE base -> key END), '{}'::jsonb)
          FROM (SELECT jsonb_object_keys(base) UNION SELECT jsonb_object_keys(patch)) AS keys(key));
END
$$;

-- PUT _configuration {values}: each named field's "value" replaced, the rest of it kept.
CREATE FUNCTION configuration_with_values(configuration jsonb, vals jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN vals IS NULL THEN configuration
    ELSE (SELECT coalesce(jsonb_object_agg(key,
            CASE WHEN vals ? key THEN field || jsonb_build_object('value', vals -> key) ELSE field END),
            '{}'::jsonb)
          FROM jsonb_each(configuration) AS fields(key, field))
  END;

-- The keys of vals that name no field of configuration, as Elasticsearch reports them; null if none.
CREATE FUNCTION unknown_configuration_fields(configuration jsonb, vals jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (SELECT 'Unknown [configuration] fields in the request payload: ['
                 || string_agg(key, ', ' ORDER BY key) || ']'
          FROM jsonb_object_keys(coalesce(vals, '{}'::jsonb)) AS keys(key)
          WHERE NOT coalesce(configuration, '{}'::jsonb) ? key);

-- PUT _filtering {rules?, advanced_snippet?}: a new draft for the DEFAULT (first) domain,
-- marked "edited" until the connector service validates it.
CREATE FUNCTION filtering_with_draft(filtering jsonb, rules jsonb, snippet jsonb, at timestamptz)
  RETURNS jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN jsonb_set(filtering, '{0,draft}', jsonb_build_object(
    'advanced_snippet', CASE WHEN snippet IS NULL THEN filtering -> 0 -> 'draft' -> 'advanced_snippet'
      ELSE jsonb_build_object(
        'created_at', coalesce(filtering -> 0 -> 'draft' -> 'advanced_snippet' -> 'created_at',
                               to_jsonb(es_timestamp(at))),
        'updated_at', es_timestamp(at),
        'value', coalesce(snippet -> 'value', '{}'::jsonb)) END,
    'rules', coalesce(rules, filtering -> 0 -> 'draft' -> 'rules'),
    'validation', jsonb_build_object('errors', '[]'::jsonb, 'state', 'edited')));

-- Listing: ordered by index_name then id, filtered by exact name, index or service type.
CREATE INDEX connectors_list_order ON connectors (index_name, id);
CREATE INDEX connectors_name ON connectors (name);
CREATE INDEX connectors_service_type ON connectors (service_type);

-- Substring search (?query=) is served by trigram indexes where the pg_trgm extension can be
-- installed; without it the same query still works, by scanning.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX connectors_index_name_trgm ON connectors USING gin (index_name gin_trgm_ops);
  CREATE INDEX connectors_name_trgm ON connectors USING gin (name gin_trgm_ops);
  CREATE INDEX connectors_description_trgm ON connectors USING gin (description gin_trgm_ops);
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
  RAISE NOTICE 'pg_trgm is not available: ?query= will scan';
END
$$;
