-- Agent cluster identity (docs/agent.md "Cluster identity"): the kube-system Namespace UID each agent
-- cluster name is bound to on first use, and the last other UID an agent of that name presented
-- (refused). Deregistering the cluster deletes its row. Shared by all replicas.
CREATE TABLE agent_cluster_identities (
  cluster TEXT PRIMARY KEY,
  uid TEXT NOT NULL,
  bound_at_ms BIGINT NOT NULL,
  conflict_uid TEXT,
  conflict_first_seen_ms BIGINT,
  conflict_last_seen_ms BIGINT
);
