package io.periscope.agent.registration;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where registration state lives: minted tokens (hashed only), issued certificates, revocations
 * and deregistered clusters. {@link SqlRegistrationStore} keeps it in the server's database
 * (SQLite, or PostgreSQL shared by replicas) so revocations survive a restart;
 * {@link InMemoryRegistrationStore} is for tests.
 */
public interface RegistrationStore {
  /** A minted token: only its SHA-256 is kept. */
  record TokenRecord(String hash, String cluster, Instant expiresAt, boolean used) {}

  /** A certificate handed to an agent. */
  record IssuedCertificate(BigInteger serial, String cluster, Instant notAfter) {}

  void putToken(TokenRecord token);

  /**
   * Marks the token used, atomically (two replicas redeeming the same token: one wins).
   *
   * @return the record as it was before this call (so {@code used()} true means a replay), or empty if unknown
   */
  Optional<TokenRecord> markUsed(String hash);

  /** Records an issued certificate; the cluster counts as registered again (no longer deregistered). */
  void recordIssued(IssuedCertificate certificate);

  Optional<IssuedCertificate> issued(BigInteger serial);

  /** Certificates issued so far, newest last. */
  List<IssuedCertificate> issued();

  void revoke(BigInteger serial, Instant at);

  boolean revoked(BigInteger serial);

  /** Revokes every certificate issued for the cluster so far, drops its unused tokens and remembers when. */
  void deregister(String cluster, Instant at);

  /** When the cluster was deregistered, if it has not registered again since. */
  Optional<Instant> deregisteredAt(String cluster);
}
