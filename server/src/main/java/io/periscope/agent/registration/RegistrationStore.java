package io.periscope.agent.registration;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where registration state lives: minted tokens (hashed only), issued certificates, revocations,
 * deregistered clusters and each cluster's bound identity ({@link ClusterIdentities}). {@link SqlRegistrationStore} keeps it in the server's database
 * (SQLite, or PostgreSQL shared by replicas) so revocations survive a restart;
 * {@link InMemoryRegistrationStore} is for tests.
 */
public interface RegistrationStore {
  /** A minted token: only its SHA-256 is kept. */
  record TokenRecord(String hash, String cluster, Instant expiresAt, boolean used) {}

  /** A certificate handed to an agent. */
  record IssuedCertificate(BigInteger serial, String cluster, Instant notAfter) {}

  /**
   * The kube-system Namespace UID a cluster name is bound to (trust on first use), with the last
   * other UID an agent of that name presented and was refused for, if any since the binding.
   */
  record ClusterBinding(String cluster, String uid, Instant boundAt, Conflict conflict) {
    public Optional<Conflict> lastConflict() {
      return Optional.ofNullable(conflict);
    }
  }

  /** An agent of the cluster's certificate ran in another cluster: that cluster's UID, first and last seen. */
  record Conflict(String uid, Instant firstSeen, Instant lastSeen) {}

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

  /**
   * Revokes every certificate issued for the cluster so far, drops its unused tokens, forgets its
   * identity binding and remembers when.
   */
  void deregister(String cluster, Instant at);

  /** When the cluster was deregistered, if it has not registered again since. */
  Optional<Instant> deregisteredAt(String cluster);

  Optional<ClusterBinding> binding(String cluster);

  /**
   * Binds the cluster to {@code uid} unless it is bound already, atomically (two replicas seeing
   * different first agents at once: one wins).
   *
   * @return the binding in force after this call
   */
  ClusterBinding bindIfUnbound(String cluster, String uid, Instant at);

  /** Records that an agent of the bound cluster presented {@code uid} (not its bound one) at {@code at}. */
  void recordConflict(String cluster, String uid, Instant at);

  /** Binds the cluster to {@code uid}, bound or not, and forgets its conflict (an administrator's re-bind). */
  void rebind(String cluster, String uid, Instant at);
}
