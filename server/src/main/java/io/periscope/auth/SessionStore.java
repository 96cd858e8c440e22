package io.periscope.auth;

import java.time.Instant;
import java.util.Optional;

/** Persistence for sessions, keyed by the hash of the cookie value. Shared by all replicas in HA installs. */
public interface SessionStore {
  void save(Session session);

  Optional<Session> find(String idHash);

  void delete(String idHash);

  /** Drops sessions whose absolute expiry or idle deadline has passed. */
  int deleteExpired(Instant now, java.time.Duration idleTimeout);

  /**
   * The 32-byte key that seals the login cookie ({@link PendingLogins}); the same for every replica
   * sharing this store, created once. Never logged.
   */
  byte[] loginStateKey();
}
