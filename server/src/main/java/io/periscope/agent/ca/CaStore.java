package io.periscope.agent.ca;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Where the agent CA is kept: {@link SqlCaStore} in the server's database (SQLite, or PostgreSQL
 * shared by replicas; the key encrypted), or {@link DirectoryCaStore} as PEM files for installs that
 * keep it on a volume. Every replica on one store ends up with the same CA.
 */
public interface CaStore {
  /** A CA certificate and its private key. */
  record Material(X509Certificate certificate, PrivateKey key) {
    public BigInteger serial() {
      return certificate.getSerialNumber();
    }
  }

  /** The stored CA, or empty before the first one is created. */
  Optional<Material> load();

  /** The stored CA's serial without decrypting anything (cheap enough to poll), or empty when none is stored. */
  Optional<BigInteger> storedSerial();

  /**
   * Stores {@code candidate} unless a CA is stored already (another replica won the race).
   *
   * @return the stored CA: {@code candidate}, or the one that was there first
   */
  Material createIfAbsent(Material candidate);

  /**
   * Replaces the CA whose serial is {@code expected} with {@code next} (rotation). When another
   * replica replaced it first, the store keeps theirs.
   *
   * @return the stored CA afterwards
   */
  Material replace(BigInteger expected, Material next);

  /** Where the CA lives, for log lines (never a secret). */
  String describe();
}
