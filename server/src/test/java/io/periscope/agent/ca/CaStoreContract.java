package io.periscope.agent.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.storage.AtRestEncryption;
import io.periscope.storage.EncryptionKey;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestEpoch;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent CA in the server's database, run against SQLite and PostgreSQL: a restart gets the
 * same CA back, racing replicas end with one CA, the key is stored encrypted, a wrong key is an
 * error and never a new CA, and rotations reach the other replicas.
 */
@Tag(TestEpoch.TAG)
abstract class CaStoreContract {
  @TempDir
  Path legacyDir;
  final MutableClock clock = TestEpoch.clock();
  final EncryptionKey key = newKey("agent.ca.keyFile");

  /** The database of this test (fresh and migrated on the first call). */
  abstract DataSource database();

  /** Another pool on the same database, as a restarted server or another replica opens it. */
  abstract DataSource anotherPool();

  static EncryptionKey newKey(String source) {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return EncryptionKey.parse(Base64.getEncoder().encodeToString(raw), source);
  }

  SqlCaStore store(DataSource ds, EncryptionKey current, EncryptionKey... previous) {
    return new SqlCaStore(ds, new AtRestEncryption(current, List.of(previous)), clock);
  }

  CertificateAuthority load(DataSource ds, EncryptionKey current, EncryptionKey... previous) {
    return CertificateAuthority.loadOrCreate(store(ds, current, previous), Optional::empty, clock);
  }

  @Test
  void aRestartedServerGetsTheSameCaBackAndItsAgentCertificatesStillValidate() throws Exception {
    CertificateAuthority first = load(database(), key);
    X509Certificate agent = first.issueAgent("edge-1", CertificateAuthority.newKeyPair().getPublic(), Duration.ofDays(30));

    CertificateAuthority restarted = load(anotherPool(), key);

    assertThat(restarted.certificate()).isEqualTo(first.certificate());
    assertThat(restarted.signed(agent)).isTrue();
    X509Certificate issuedAfterRestart = restarted.issueAgent("edge-2", CertificateAuthority.newKeyPair().getPublic(), Duration.ofDays(1));
    issuedAfterRestart.verify(first.certificate().getPublicKey()); // the same private key signs
    assertThat(rows()).hasSize(1);
  }

  @Test
  void theCertificateIsStoredInClearAndThePrivateKeyOnlyEncrypted() {
    CertificateAuthority ca = load(database(), key);
    String keyPem = Pem.encode(store(database(), key).load().orElseThrow().key());
    String keyDer = Base64.getEncoder().encodeToString(store(database(), key).load().orElseThrow().key().getEncoded());

    List<String> row = rows().getFirst();

    assertThat(row).contains(ca.certificatePem(), ca.certificate().getSerialNumber().toString(16));
    String sealed = row.stream().filter(v -> v.startsWith("v1:")).findFirst().orElseThrow();
    assertThat(sealed).startsWith("v1:" + key.id() + ":");
    assertThat(String.join("\n", row)).doesNotContain("PRIVATE KEY").doesNotContain(keyPem).doesNotContain(keyDer.substring(0, 40));
  }

  @Test
  void serversRacingOnAnEmptyDatabaseEndWithOneCa() throws Exception {
    int replicas = 4;
    List<DataSource> pools = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      pools.add(i == 0 ? database() : anotherPool());
    }
    CyclicBarrier start = new CyclicBarrier(replicas);
    ExecutorService threads = Executors.newFixedThreadPool(replicas);
    try {
      List<Future<X509Certificate>> loaded = new ArrayList<>();
      for (DataSource pool : pools) {
        loaded.add(threads.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          return load(pool, key).certificate();
        }));
      }
      List<X509Certificate> cas = new ArrayList<>();
      for (Future<X509Certificate> f : loaded) {
        cas.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(cas).hasSize(replicas).containsOnly(cas.getFirst());
    } finally {
      threads.shutdownNow();
    }
    assertThat(rows()).hasSize(1);
    assertThat(load(anotherPool(), key).certificate()).isEqualTo(store(database(), key).load().orElseThrow().certificate());
  }

  @Test
  void aWrongKeyIsAClearErrorAndNeverANewCa() {
    CertificateAuthority original = load(database(), key);
    EncryptionKey wrong = newKey("agent.ca.keyEnv (PERISCOPE_AGENT_CA_KEY)");

    assertThatThrownBy(() -> load(anotherPool(), wrong)).isInstanceOfSatisfying(AtRestEncryption.WrongKeyException.class, e -> {
      assertThat(e.getMessage()).contains("the agent CA's private key", key.id(), wrong.id(), "agent.ca.keyEnv (PERISCOPE_AGENT_CA_KEY)");
      assertThat(e.configured()).isEqualTo(wrong);
    });

    assertThat(rows()).singleElement().satisfies(row -> assertThat(row).contains(original.certificatePem()));
    assertThat(load(anotherPool(), key).certificate()).isEqualTo(original.certificate());
  }

  @Test
  void aKeyChangeReencryptsTheCaUnderTheNewKeyOnce() {
    CertificateAuthority original = load(database(), key);
    EncryptionKey next = newKey("agent.ca.keyFile");

    CertificateAuthority underBoth = load(anotherPool(), next, key);

    assertThat(underBoth.certificate()).isEqualTo(original.certificate());
    assertThat(rows().getFirst()).anySatisfy(v -> assertThat(v).startsWith("v1:" + next.id() + ":"));
    assertThat(load(anotherPool(), next).certificate()).as("the old key is no longer needed").isEqualTo(original.certificate());
    assertThatThrownBy(() -> load(anotherPool(), key)).isInstanceOf(AtRestEncryption.WrongKeyException.class);
  }

  @Test
  void aRotationIsStoredAndTheOtherReplicasAdoptItOnRefresh() {
    CertificateAuthority a = load(database(), key);
    CertificateAuthority b = load(anotherPool(), key);
    X509Certificate before = a.certificate();
    int[] bRotations = {0};
    b.onRotate(() -> bRotations[0]++);
    assertThat(b.refresh()).as("nothing changed yet").isFalse();

    a.rotate();

    assertThat(a.certificate()).isNotEqualTo(before);
    assertThat(b.refresh()).isTrue();
    assertThat(b.certificate()).isEqualTo(a.certificate());
    assertThat(bRotations[0]).isEqualTo(1);
    assertThat(b.refresh()).isFalse();
    assertThat(load(anotherPool(), key).certificate()).as("a restart after the rotation").isEqualTo(a.certificate());
  }

  @Test
  void aReplicaRotatingAStaleCaKeepsTheRotationThatWonInsteadOfForkingTheCa() {
    CertificateAuthority a = load(database(), key);
    CertificateAuthority stale = load(anotherPool(), key);
    a.rotate();

    stale.rotate();

    assertThat(stale.certificate()).isEqualTo(a.certificate());
    assertThat(rows()).singleElement().satisfies(row -> assertThat(row).contains(a.certificatePem()));
  }

  @Test
  void aCaKeptInADirectoryBeforeMovesIntoAnEmptyDatabaseOnce() {
    CertificateAuthority legacy = CertificateAuthority.loadOrCreate(legacyDir, clock);

    CertificateAuthority moved = CertificateAuthority.loadOrCreate(store(database(), key), new DirectoryCaStore(legacyDir)::load, clock);

    assertThat(moved.certificate()).isEqualTo(legacy.certificate());
    assertThat(rows().getFirst()).contains(legacy.certificatePem());
    legacy.rotate(); // the directory changes afterwards: the database no longer looks at it
    assertThat(CertificateAuthority.loadOrCreate(store(anotherPool(), key), new DirectoryCaStore(legacyDir)::load, clock).certificate())
        .isEqualTo(moved.certificate());
  }

  /** Every row of {@code agent_ca}, each value as text. */
  List<List<String>> rows() {
    List<List<String>> out = new ArrayList<>();
    try (Connection c = database().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM agent_ca")) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(String.valueOf(rs.getObject(i)));
        }
        out.add(row);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
