-- Server-side sessions (JSON), keyed by the SHA-256 of the cookie value; shared by all replicas.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  data TEXT NOT NULL,
  last_seen_ms BIGINT NOT NULL,
  absolute_expiry_ms BIGINT NOT NULL
);
CREATE INDEX sessions_absolute_expiry ON sessions (absolute_expiry_ms);
CREATE INDEX sessions_last_seen ON sessions (last_seen_ms);
