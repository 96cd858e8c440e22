package io.periscope.agent.registration;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * Where registration state lives: minted tokens (hashed only), issued certificates and
 * revocations. {@link InMemoryRegistrationStore} is the only implementation so far; it forgets
 * everything on restart, including revocations (a persistent store is future work).
 */
public interface RegistrationStore {
  /** A minted token: only its SHA-256 is kept. */
  record TokenRecord(String hash, String cluster, Instant expiresAt, boolean used) {}

  /** A certificate handed to an agent. */
  record IssuedCertificate(BigInteger serial, String cluster, Instant notAfter) {}

  void putToken(TokenRecord token);

  /**
   * Marks the token used, atomically.
   *
   * @return the record as it was before this call (so {@code used()} true means a replay), or empty if unknown
   */
  Optional<TokenRecord> markUsed(String hash);

  void recordIssued(IssuedCertificate certificate);

  void revoke(BigInteger serial);

  boolean revoked(BigInteger serial);

  /** Revokes every certificate issued for the cluster so far and drops its unused tokens. */
  void deregister(String cluster);
}
