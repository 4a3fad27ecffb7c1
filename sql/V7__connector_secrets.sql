-- Connector secrets (POST/GET/PUT/DELETE /_connector/_secret): only ciphertext is stored,
-- AES-256-GCM under SECRETS_KEY, which never reaches the database; the secret's id is the
-- associated data, so a ciphertext cannot be moved to another id.
CREATE TABLE connector_secrets (
  id          text        PRIMARY KEY,
  nonce       bytea       NOT NULL,
  ciphertext  bytea       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
