-- Audit events, hash-chained. id is the sequence number (contiguous from the anchor).
CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY,
  time_us INTEGER NOT NULL,
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
  hash TEXT NOT NULL
);
CREATE INDEX audit_events_time ON audit_events (time_us);
CREATE INDEX audit_events_actor ON audit_events (actor_sub, id);
CREATE INDEX audit_events_verb ON audit_events (verb, id);
CREATE INDEX audit_events_cluster ON audit_events (cluster, namespace, id);
CREATE INDEX audit_events_resource ON audit_events (resource, id);
CREATE INDEX audit_events_outcome ON audit_events (outcome, id);
-- One row: the anchor (last pruned row) and the head (last appended row) of the chain.
CREATE TABLE audit_chain (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  anchor_id INTEGER NOT NULL,
  anchor_hash TEXT NOT NULL,
  head_id INTEGER NOT NULL,
  head_hash TEXT NOT NULL
);
INSERT INTO audit_chain VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, '0000000000000000000000000000000000000000000000000000000000000000');
-- Full text over actor, target and reason; rowid = audit_events.id. Contentless: text lives once.
CREATE VIRTUAL TABLE audit_fts USING fts5 (actor, target, reason, content = '', contentless_delete = 1);
