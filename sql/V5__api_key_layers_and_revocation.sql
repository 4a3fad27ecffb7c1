-- A key's permission becomes layers of roles (its own roles, then what its creator held), and a
-- key records the key that created it, so that invalidating a key invalidates what it created.
ALTER TABLE api_keys ADD COLUMN parent_id text REFERENCES api_keys (id) ON DELETE SET NULL;
CREATE INDEX api_keys_parent_id ON api_keys (parent_id) WHERE parent_id IS NOT NULL;

UPDATE api_keys SET privileges = jsonb_build_object('layers', jsonb_build_array(jsonb_build_array(privileges)))
WHERE NOT privileges ? 'layers';

-- Every instance listens on this channel and drops the key from its cache: a change made
-- through any instance (or by hand in SQL) reaches every cache once it commits.
CREATE FUNCTION notify_api_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('api_keys_changed', OLD.id);
  RETURN NULL;
END $$;

CREATE TRIGGER api_keys_changed AFTER UPDATE OR DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION notify_api_key_changed();

-- The password hash of elastic may now be of another form than SHA-256 (see PasswordHash).
UPDATE service_settings SET name = 'elastic_password_hash' WHERE name = 'elastic_password_sha256';
