-- Elasticsearch's reason, word for word, for values of configuration fields that do not exist.
CREATE OR REPLACE FUNCTION unknown_configuration_fields(configuration jsonb, vals jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (SELECT 'Unknown [configuration] fields in the request payload: ['
                 || string_agg(key, ', ' ORDER BY key)
                 || ']. Remove them from request or register their schema first.'
          FROM jsonb_object_keys(coalesce(vals, '{}'::jsonb)) AS keys(key)
          WHERE NOT coalesce(configuration, '{}'::jsonb) ? key);
