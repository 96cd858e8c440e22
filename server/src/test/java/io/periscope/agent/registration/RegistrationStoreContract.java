package io.periscope.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.agent.ca.CertificateAuthority;
import io.periscope.agent.registration.RegistrationException.Code;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestEpoch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The behaviour every persistent {@link RegistrationStore} must have, run against SQLite and PostgreSQL. */
@Tag(TestEpoch.TAG)
abstract class RegistrationStoreContract {
  @TempDir
  Path caDir;
  final MutableClock clock = TestEpoch.clock();
  CertificateAuthority ca;

  /** The store under test, on a fresh database. */
  abstract RegistrationStore store();

  /** A new store on the same database, as after a server restart. */
  abstract RegistrationStore restarted();

  /** A store of another replica sharing the database. */
  abstract RegistrationStore otherReplica();

  /** Every text value in the agent tables, to prove no token is stored in clear. */
  abstract List<String> allStoredText();

  @BeforeEach
  void createCa() {
    ca = CertificateAuthority.loadOrCreate(caDir, clock);
  }

  AgentRegistrations registrations(RegistrationStore store) {
    return AgentRegistrations.withDefaults(ca, store, clock);
  }

  static byte[] csr() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair pair = g.generateKeyPair();
    return new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=agent"), pair.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
  }

  private static Code codeOf(Throwable t) {
    return ((RegistrationException) t).code();
  }

  @Test
  void onlyTheSha256OfATokenIsStored() throws Exception {
    String token = registrations(store()).mint("edge-1").token();
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));

    assertThat(allStoredText()).contains(hash).noneMatch(v -> v.contains(token.substring(4)));
    assertThat(store().markUsed(token)).isEmpty();
  }

  @Test
  void aTokenIsSingleUseAcrossARestartAndAcrossReplicas() throws Exception {
    var minted = registrations(store()).mint("edge-1");
    var other = registrations(store()).mint("edge-2");

    assertThat(registrations(otherReplica()).redeem(minted.token(), csr()).cluster()).isEqualTo("edge-1");

    assertThatThrownBy(() -> registrations(store()).redeem(minted.token(), csr()))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.TOKEN_USED));
    assertThatThrownBy(() -> registrations(restarted()).redeem(minted.token(), csr()))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.TOKEN_USED));
    clock.advance(Duration.ofMinutes(16));
    assertThatThrownBy(() -> registrations(restarted()).redeem(other.token(), csr()))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.TOKEN_EXPIRED));
  }

  @Test
  void ofConcurrentRedemptionsOfOneTokenExactlyOneWins() throws Exception {
    String token = registrations(store()).mint("edge-1").token();
    byte[] csr = csr();
    List<Callable<Boolean>> attempts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      RegistrationStore s = i % 2 == 0 ? store() : otherReplica();
      attempts.add(() -> {
        try {
          registrations(s).redeem(token, csr);
          return true;
        } catch (RegistrationException e) {
          assertThat(e.code()).isEqualTo(Code.TOKEN_USED);
          return false;
        }
      });
    }
    int wins = 0;
    try (var pool = Executors.newFixedThreadPool(8)) {
      for (Future<Boolean> f : pool.invokeAll(attempts)) {
        wins += f.get() ? 1 : 0;
      }
    }
    assertThat(wins).isEqualTo(1);
  }

  @Test
  void revocationsAndDeregistrationsSurviveARestart() throws Exception {
    var regs = registrations(store());
    X509Certificate first = regs.redeem(regs.mint("edge-1").token(), csr()).certificate();
    X509Certificate second = regs.redeem(regs.mint("edge-1").token(), csr()).certificate();
    X509Certificate third = regs.redeem(regs.mint("edge-2").token(), csr()).certificate();
    X509Certificate fourth = regs.redeem(regs.mint("edge-3").token(), csr()).certificate();
    String unusedEdge3 = regs.mint("edge-3").token();

    assertThat(regs.revoke(first.getSerialNumber())).map(RegistrationStore.IssuedCertificate::cluster).contains("edge-1");
    assertThat(regs.revoke(java.math.BigInteger.valueOf(42))).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(regs.deregister("edge-3")).isEqualTo(1);

    var after = registrations(restarted());
    assertThatThrownBy(() -> after.admit(first)).satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.CERTIFICATE_REVOKED));
    assertThat(after.admit(second)).isEqualTo("edge-1");
    assertThat(after.admit(third)).isEqualTo("edge-2");
    assertThatThrownBy(() -> after.admit(fourth)).satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.CERTIFICATE_REVOKED));
    assertThatThrownBy(() -> after.redeem(unusedEdge3, csr())).satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.TOKEN_UNKNOWN));
    assertThat(after.deregisteredAt("edge-3")).contains(TestEpoch.instant().plusSeconds(60));
    assertThat(after.deregisteredAt("edge-1")).isEmpty();
    assertThat(after.issued()).extracting(RegistrationStore.IssuedCertificate::serial)
        .containsExactlyInAnyOrder(first.getSerialNumber(), second.getSerialNumber(), third.getSerialNumber(), fourth.getSerialNumber());
  }

  @Test
  void reRegisteringADeregisteredClusterClearsItsDeregistrationButNotOldRevocations() throws Exception {
    var regs = registrations(store());
    X509Certificate old = regs.redeem(regs.mint("edge-1").token(), csr()).certificate();
    regs.deregister("edge-1");
    regs.deregister("edge-1");

    X509Certificate fresh = regs.redeem(regs.mint("edge-1").token(), csr()).certificate();

    var after = registrations(restarted());
    assertThat(after.deregisteredAt("edge-1")).isEmpty();
    assertThat(after.admit(fresh)).isEqualTo("edge-1");
    assertThat(after.revoked(old.getSerialNumber())).isTrue();
  }

  @Test
  void aClusterIsBoundToTheFirstIdentityAndItsConflictsRebindAndDeregistrationSurviveARestart() throws Exception {
    var bound = new ClusterIdentities(store(), clock).check("edge-1", "uid-a");
    assertThat(bound.outcome()).isEqualTo(ClusterIdentities.Outcome.BOUND);
    assertThat(new ClusterIdentities(otherReplica(), clock).check("edge-1", "uid-a").outcome())
        .as("a replica of the same cluster").isEqualTo(ClusterIdentities.Outcome.MATCHED);
    assertThat(new ClusterIdentities(store(), clock).check("edge-2", "").outcome()).as("no identity, name unbound")
        .isEqualTo(ClusterIdentities.Outcome.UNVERIFIED);
    var missing = new ClusterIdentities(store(), clock).check("edge-1", "");
    assertThat(missing.outcome()).as("no identity for a bound name: it could run anywhere").isEqualTo(ClusterIdentities.Outcome.REFUSED);
    assertThat(missing.message()).startsWith("identity_missing: cluster edge-1 is bound to kube-system UID uid-a");
    assertThat(missing.refusal()).isEqualTo(ClusterIdentities.Refusal.IDENTITY_MISSING);
    assertThat(missing.newConflict()).as("not a conflict: nothing says where it runs").isFalse();

    clock.advance(Duration.ofMinutes(1));
    var refused = new ClusterIdentities(otherReplica(), clock).check("edge-1", "uid-b");
    clock.advance(Duration.ofMinutes(1));
    var again = new ClusterIdentities(store(), clock).check("edge-1", "uid-b");

    assertThat(refused.outcome()).isEqualTo(ClusterIdentities.Outcome.REFUSED);
    assertThat(refused.newConflict()).isTrue();
    assertThat(refused.refusal()).isEqualTo(ClusterIdentities.Refusal.IDENTITY_CONFLICT);
    assertThat(refused.message()).contains("bound to kube-system UID uid-a", "runs in a cluster with UID uid-b");
    assertThat(again.newConflict()).as("the same cluster retrying is not news").isFalse();
    var afterRestart = registrations(restarted()).identities();
    assertThat(afterRestart.binding("edge-1")).hasValueSatisfying(b -> {
      assertThat(b.uid()).isEqualTo("uid-a");
      assertThat(b.boundAt()).isEqualTo(TestEpoch.instant());
      assertThat(b.conflict()).isEqualTo(new RegistrationStore.Conflict("uid-b", TestEpoch.instant().plusSeconds(60),
          TestEpoch.instant().plusSeconds(120)));
    });
    assertThat(afterRestart.check("edge-1", "uid-c").newConflict()).as("another cluster again").isTrue();
    assertThat(afterRestart.binding("edge-1").orElseThrow().conflict().firstSeen()).isEqualTo(TestEpoch.instant().plusSeconds(120));
    assertThat(afterRestart.binding("edge-2")).isEmpty();

    clock.advance(Duration.ofMinutes(1));
    assertThat(afterRestart.rebind("edge-1", "uid-c")).map(RegistrationStore.ClusterBinding::uid).contains("uid-a");
    assertThat(registrations(restarted()).identities().binding("edge-1"))
        .contains(new RegistrationStore.ClusterBinding("edge-1", "uid-c", TestEpoch.instant().plusSeconds(180), null));
    assertThat(new ClusterIdentities(store(), clock).check("edge-1", "uid-c").outcome()).isEqualTo(ClusterIdentities.Outcome.MATCHED);

    registrations(store()).deregister("edge-1");
    assertThat(registrations(restarted()).identities().binding("edge-1")).as("deregistering forgets it").isEmpty();
    assertThat(new ClusterIdentities(store(), clock).check("edge-1", "uid-d").outcome()).isEqualTo(ClusterIdentities.Outcome.BOUND);
  }

  @Test
  void ofReplicasSeeingDifferentFirstIdentitiesAtOnceExactlyOneBindsAndTheOthersAreRefused() throws Exception {
    List<Callable<ClusterIdentities.Outcome>> attempts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      RegistrationStore s = i % 2 == 0 ? store() : otherReplica();
      String uid = "uid-" + i;
      attempts.add(() -> new ClusterIdentities(s, clock).check("edge-1", uid).outcome());
    }
    List<ClusterIdentities.Outcome> outcomes = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(8)) {
      for (Future<ClusterIdentities.Outcome> f : pool.invokeAll(attempts)) {
        outcomes.add(f.get());
      }
    }
    assertThat(outcomes).containsOnlyOnce(ClusterIdentities.Outcome.BOUND)
        .filteredOn(o -> o != ClusterIdentities.Outcome.BOUND).containsOnly(ClusterIdentities.Outcome.REFUSED);
  }

  @Test
  void aRebindOrAHelloCarryingSomethingOtherThanAUidIsRefused() {
    var ids = new ClusterIdentities(store(), clock);
    assertThatThrownBy(() -> ids.rebind("edge-1", "a b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Kubernetes UID");
    assertThatThrownBy(() -> ids.rebind("edge-1", "x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
    var refused = ids.check("edge-1", "{\"uid\": 1}");
    assertThat(refused.outcome()).isEqualTo(ClusterIdentities.Outcome.REFUSED);
    assertThat(refused.message()).startsWith("identity_invalid");
    assertThat(refused.refusal()).isEqualTo(ClusterIdentities.Refusal.IDENTITY_INVALID);
    assertThat(ids.binding("edge-1")).as("nothing was bound").isEmpty();
  }
}
