-- The agent tunnel's CA, shared by all replicas: one row (id 1), created with an insert that does
-- nothing when the row exists, so replicas starting together end with one CA. The certificate is
-- public (PEM); the private key is AES-256-GCM encrypted (storage.AtRestEncryption, text
-- v1:<key id>:<base64>) with a key the server reads from a file or environment variable, never
-- from this database. serial: lower-case hex of the certificate's serial (rotation compares it).
CREATE TABLE agent_ca (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  serial TEXT NOT NULL,
  certificate_pem TEXT NOT NULL,
  key_sealed TEXT NOT NULL,
  stored_at_ms BIGINT NOT NULL
);
