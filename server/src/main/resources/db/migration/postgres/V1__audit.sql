-- Audit events, hash-chained. id is the sequence number (contiguous from the anchor); appends
-- from all replicas serialize on the audit_chain row lock.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE audit_events (
  id BIGINT PRIMARY KEY,
  time_us BIGINT NOT NULL,
  request_id TEXT NOT NULL,
  actor_sub TEXT NOT NULL,
  actor_email TEXT NOT NULL,
  actor_groups TEXT NOT NULL,
  verb TEXT NOT NULL,
  cluster TEXT NOT NULL,
  namespace TEXT NOT NULL,
  resource TEXT NOT NULL,
  name TEXT NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT NOT NULL,
  extra TEXT NOT NULL,
  hash TEXT NOT NULL,
  search_text TEXT GENERATED ALWAYS AS (lower(actor_sub || ' ' || actor_email || ' ' || cluster || ' ' || namespace || ' ' || resource || ' ' || name || ' ' || reason)) STORED
);
CREATE INDEX audit_events_time ON audit_events (time_us);
CREATE INDEX audit_events_actor ON audit_events (actor_sub, id);
CREATE INDEX audit_events_verb ON audit_events (verb, id);
CREATE INDEX audit_events_cluster ON audit_events (cluster, namespace, id);
CREATE INDEX audit_events_resource ON audit_events (resource, id);
CREATE INDEX audit_events_outcome ON audit_events (outcome, id);
CREATE INDEX audit_events_search ON audit_events USING gin (search_text gin_trgm_ops);

CREATE TABLE audit_chain (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  anchor_id BIGINT NOT NULL,
  anchor_hash TEXT NOT NULL,
  head_id BIGINT NOT NULL,
  head_hash TEXT NOT NULL
);
INSERT INTO audit_chain VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, '0000000000000000000000000000000000000000000000000000000000000000');
