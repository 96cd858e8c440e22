package io.periscope.agent.ca;

import io.periscope.storage.AtRestEncryption;
import io.periscope.storage.StorageException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA in the server's database (table {@code agent_ca} of migration V4; the same SQL on SQLite
 * and PostgreSQL): the certificate as PEM, the private key (PKCS#8) sealed by
 * {@link AtRestEncryption} and bound to the certificate, so neither can be swapped alone.
 *
 * <p>Replicas starting together each make a candidate and insert it with {@code ON CONFLICT DO
 * NOTHING}; everyone then reads the one row, so the losers use the winner's CA. Rotation is an
 * UPDATE conditional on the serial it replaces. A key sealed under a previous encryption key is
 * re-sealed under the current one when it is loaded.
 */
public final class SqlCaStore implements CaStore {
  private static final Logger log = LoggerFactory.getLogger(SqlCaStore.class);
  private static final String WHAT = "the agent CA's private key";

  private final DataSource dataSource;
  private final AtRestEncryption encryption;
  private final Clock clock;

  /** {@code dataSource} from {@code SqliteDatabase.open} or {@code PostgresDatabase.open} (already migrated). */
  public SqlCaStore(DataSource dataSource, AtRestEncryption encryption, Clock clock) {
    this.dataSource = dataSource;
    this.encryption = encryption;
    this.clock = clock;
  }

  private record Row(String serial, String certificatePem, String keySealed) {}

  @Override
  public Optional<Material> load() {
    Optional<Row> row = row();
    if (row.isEmpty()) {
      return Optional.empty();
    }
    X509Certificate cert = Pem.certificates(row.get().certificatePem()).getFirst();
    AtRestEncryption.Opened opened = encryption.open(WHAT, row.get().keySealed(), context(cert));
    Material m;
    try {
      m = new Material(cert, privateKey(cert, opened.plaintext()));
    } finally {
      Arrays.fill(opened.plaintext(), (byte) 0);
    }
    if (opened.underPreviousKey()) {
      reseal(row.get(), m);
    }
    return Optional.of(m);
  }

  @Override
  public Optional<BigInteger> storedSerial() {
    return row().map(r -> new BigInteger(r.serial(), 16));
  }

  @Override
  public Material createIfAbsent(Material candidate) {
    update("store the agent CA", "INSERT INTO agent_ca (id, serial, certificate_pem, key_sealed, stored_at_ms) VALUES (1, ?, ?, ?, ?)"
        + " ON CONFLICT (id) DO NOTHING", hex(candidate.serial()), Pem.encode(candidate.certificate()), seal(candidate),
        clock.millis());
    return load().orElseThrow(() -> new StorageException("the agent CA row is missing right after it was inserted"));
  }

  @Override
  public Material replace(BigInteger expected, Material next) {
    update("store the rotated agent CA", "UPDATE agent_ca SET serial = ?, certificate_pem = ?, key_sealed = ?, stored_at_ms = ?"
        + " WHERE id = 1 AND serial = ?", hex(next.serial()), Pem.encode(next.certificate()), seal(next), clock.millis(), hex(expected));
    return load().orElseThrow(() -> new StorageException("the agent CA row is missing"));
  }

  @Override
  public String describe() {
    return "database (key encrypted with key id " + encryption.current().id() + ")";
  }

  private void reseal(Row row, Material m) {
    int changed = update("re-encrypt the agent CA's private key", "UPDATE agent_ca SET key_sealed = ? WHERE id = 1 AND key_sealed = ?",
        seal(m), row.keySealed());
    if (changed == 1) {
      log.info("re-encrypted the agent CA's private key with the current key (id {}); the previous key is no longer needed",
          encryption.current().id());
    }
  }

  private String seal(Material m) {
    byte[] der = m.key().getEncoded();
    try {
      return encryption.seal(der, context(m.certificate()));
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /** The authenticated context: the certificate's SHA-256, so the sealed key opens only next to its own certificate. */
  private static byte[] context(X509Certificate cert) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot digest the agent CA certificate", e);
    }
  }

  private static PrivateKey privateKey(X509Certificate cert, byte[] pkcs8) {
    try {
      return KeyFactory.getInstance(cert.getPublicKey().getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new StorageException("decode the agent CA's private key", e);
    }
  }

  private static String hex(BigInteger serial) {
    return serial.toString(16);
  }

  private Optional<Row> row() {
    try (Connection conn = dataSource.getConnection();
        PreparedStatement ps = conn.prepareStatement("SELECT serial, certificate_pem, key_sealed FROM agent_ca WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(new Row(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
    } catch (SQLException e) {
      throw new StorageException("read the agent CA", e);
    }
  }

  private int update(String what, String sql, Object... args) {
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException(what, e);
    }
  }
}
