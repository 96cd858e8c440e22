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

  /** Id hashes of the signed-in sessions of {@code subject} (an administrator ends them all). */
  java.util.List<String> idHashesOf(String subject);

  /**
   * The 32-byte key that seals the login cookie ({@link PendingLogins}); the same for every replica
   * sharing this store, created once. Never logged.
   */
  byte[] loginStateKey();
}
