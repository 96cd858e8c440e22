package io.periscope.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.agent.ca.CertificateAuthority;
import io.periscope.agent.registration.RegistrationException.Code;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestEpoch;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag(TestEpoch.TAG)
class AgentRegistrationsTest {
  @TempDir
  Path dir;
  private final MutableClock clock = TestEpoch.clock();
  private CertificateAuthority ca;
  private AgentRegistrations registrations;

  @BeforeEach
  void setUp() {
    ca = CertificateAuthority.loadOrCreate(dir, clock);
    registrations = AgentRegistrations.withDefaults(ca, new InMemoryRegistrationStore(), clock);
  }

  private static byte[] csr(String algorithm, int size) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    g.initialize(size);
    KeyPair pair = g.generateKeyPair();
    String sig = algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    return new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=whatever-the-agent-says"), pair.getPublic())
        .build(new JcaContentSignerBuilder(sig).build(pair.getPrivate())).getEncoded();
  }

  private static Code codeOf(Throwable t) {
    return ((RegistrationException) t).code();
  }

  @Test
  void aTokenBuysOneCertificateForItsClusterWhateverTheCsrSubjectSays() throws Exception {
    var minted = registrations.mint("edge-1");

    var creds = registrations.redeem(minted.token(), csr("EC", 256));

    assertThat(creds.cluster()).isEqualTo("edge-1");
    assertThat(creds.certificate().getSubjectX500Principal().getName()).contains("CN=edge-1").doesNotContain("whatever");
    assertThat(registrations.admit(creds.certificate())).isEqualTo("edge-1");
    assertThat(creds.caPem()).isEqualTo(ca.certificatePem());
    assertThatThrownBy(() -> registrations.redeem(minted.token(), csr("EC", 256)))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.TOKEN_USED))
        .hasMessage("token_used: the registration token for cluster 'edge-1' was already used (a token registers one agent, once): mint a new"
            + " one; an agent that registered keeps its certificate in its state and needs no token to restart");
  }

  @Test
  void everyRegistrationAttemptIsAuditedWithoutTheToken() throws Exception {
    List<io.periscope.audit.AuditEvent> audit = new java.util.concurrent.CopyOnWriteArrayList<>();
    registrations.onRegistration(new AgentCertificateAudit(audit::add, clock)::registration);
    var minted = registrations.mint("edge-1");

    var creds = registrations.redeem(minted.token(), csr("EC", 256));
    assertThatThrownBy(() -> registrations.redeem(minted.token(), csr("EC", 256))).isInstanceOf(RegistrationException.class);
    assertThatThrownBy(() -> registrations.redeem("psa_made-up", csr("EC", 256))).isInstanceOf(RegistrationException.class);

    assertThat(audit).allSatisfy(e -> {
      assertThat(e.verb()).isEqualTo(io.periscope.audit.Verb.AGENT_REGISTER);
      assertThat(e.toString()).doesNotContain(minted.token()).doesNotContain("psa_made-up");
    });
    assertThat(audit).extracting(e -> e.outcome().name(), e -> e.actor().sub(), e -> e.target().cluster(), e -> e.target().name())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("SUCCESS", "periscope-agent:edge-1", "edge-1", creds.certificate().getSerialNumber().toString(16)),
            org.assertj.core.groups.Tuple.tuple("DENIED", "periscope-agent:edge-1", "edge-1", ""),
            org.assertj.core.groups.Tuple.tuple("DENIED", "periscope-agent", "", ""));
    assertThat(audit.get(1).reason()).contains("already used");
    assertThat(audit.get(2).extra()).containsEntry("code", "token_unknown");
  }

  @Test
  void tokensAreRandomAndExpireAfterFifteenMinutes() throws Exception {
    var a = registrations.mint("edge-1");
    var b = registrations.mint("edge-1");
    assertThat(a.token()).isNotEqualTo(b.token());
    clock.advance(Duration.ofMinutes(15));

    assertThatThrownBy(() -> registrations.redeem(a.token(), csr("EC", 256)))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.TOKEN_EXPIRED))
        .hasMessage("token_expired: the registration token for cluster 'edge-1' expired at " + a.expiresAt() + " (tokens live agent.tokenTtl):"
            + " mint a new one and start the agent within that time");
    assertThatThrownBy(() -> registrations.redeem("psa_made-up", csr("EC", 256)))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.TOKEN_UNKNOWN));
  }

  @Test
  void aBrokenOrWeakCsrIsRefusedWithoutBurningTheToken() throws Exception {
    var minted = registrations.mint("edge-1");

    assertThatThrownBy(() -> registrations.redeem(minted.token(), new byte[] {1, 2, 3}))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.CSR_INVALID));
    assertThatThrownBy(() -> registrations.redeem(minted.token(), csr("RSA", 1024)))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.CSR_INVALID));
    assertThat(registrations.redeem(minted.token(), csr("RSA", 2048)).cluster()).isEqualTo("edge-1");
  }

  @Test
  void admissionRefusesExpiredRevokedDeregisteredAndRotatedAwayCertificates() throws Exception {
    X509Certificate first = registrations.redeem(registrations.mint("edge-1").token(), csr("EC", 256)).certificate();
    X509Certificate second = registrations.redeem(registrations.mint("edge-1").token(), csr("EC", 256)).certificate();
    X509Certificate other = registrations.redeem(registrations.mint("edge-2").token(), csr("EC", 256)).certificate();
    List<String> dropped = new ArrayList<>();
    registrations.onDeregister(dropped::add);
    List<String> revoked = new ArrayList<>();
    registrations.onRevoke((cluster, serial) -> revoked.add(cluster + "/" + serial));

    registrations.revoke(first.getSerialNumber());
    assertThatThrownBy(() -> registrations.admit(first)).satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.CERTIFICATE_REVOKED))
        .hasMessageEndingWith("; to serve the cluster again, clear the agent's state (its Secret's agent.key and agent.crt, or its"
            + " state directory) and restart it with a new registration token");
    assertThat(registrations.admit(second)).isEqualTo("edge-1");

    registrations.deregister("edge-1");
    assertThatThrownBy(() -> registrations.admit(second)).satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.CERTIFICATE_REVOKED));
    assertThat(registrations.admit(other)).isEqualTo("edge-2");
    assertThat(revoked).as("a revoked serial is told with its cluster").containsExactly("edge-1/" + first.getSerialNumber());
    assertThat(dropped).as("a deregistered cluster is told").containsExactly("edge-1");

    clock.advance(Duration.ofDays(31));
    assertThatThrownBy(() -> registrations.admit(other)).satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.CERTIFICATE_EXPIRED));

    clock.advance(Duration.ofDays(-31));
    ca.rotate();
    assertThatThrownBy(() -> registrations.admit(other)).satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.CERTIFICATE_UNKNOWN_CA));
    assertThatThrownBy(() -> registrations.admit(null)).satisfies(t -> assertThat(codeOf(t)).isEqualTo(Code.CERTIFICATE_MISSING));
  }

  @Test
  void onlyTheHashOfATokenIsStored() {
    var store = new InMemoryRegistrationStore();
    var regs = AgentRegistrations.withDefaults(ca, store, clock);
    String token = regs.mint("edge-1").token();

    assertThat(store.markUsed(token)).isEmpty();
  }
}
