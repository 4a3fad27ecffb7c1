-- API keys: only a SHA-256 hash of each high-entropy secret is stored, never the secret.
CREATE TABLE api_keys (
  id           text        PRIMARY KEY,
  name         text        NOT NULL,
  secret_hash  text        NOT NULL,
  creator      text        NOT NULL,
  -- the key's privileges, resolved at creation: {"cluster": [...], "connectors": [...] or null}
  privileges   jsonb       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expiration   timestamptz,
  invalidated  boolean     NOT NULL DEFAULT false
);

-- Settings the service keeps for itself, such as the generated password hash of the user elastic.
CREATE TABLE service_settings (
  name   text PRIMARY KEY,
  value  text NOT NULL
);
