-- Secrets the replicas share, created once with an insert that does nothing when the row exists
-- (replicas starting together end with one value): login-state-key encrypts the short-lived
-- login cookie (state, nonce, PKCE verifier), so a login start writes nothing here. value: base64.
CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
