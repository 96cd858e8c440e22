-- Agent registration (agent backend): tokens by SHA-256 only, issued certificates, revocations,
-- deregistered clusters. Serials are lower-case hex. Shared by all replicas.
CREATE TABLE agent_tokens (
  token_hash TEXT PRIMARY KEY,
  cluster TEXT NOT NULL,
  expires_at_ms BIGINT NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX agent_tokens_cluster ON agent_tokens (cluster);
CREATE TABLE agent_certificates (
  serial TEXT PRIMARY KEY,
  cluster TEXT NOT NULL,
  not_after_ms BIGINT NOT NULL
);
CREATE INDEX agent_certificates_cluster ON agent_certificates (cluster);
CREATE TABLE agent_revocations (
  serial TEXT PRIMARY KEY,
  revoked_at_ms BIGINT NOT NULL
);
CREATE TABLE agent_deregistrations (
  cluster TEXT PRIMARY KEY,
  deregistered_at_ms BIGINT NOT NULL
);
