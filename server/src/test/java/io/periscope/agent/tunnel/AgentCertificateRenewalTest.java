package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.periscope.agent.ca.AgentCertificates;
import io.periscope.agent.link.Agent;
import io.periscope.agent.link.AgentSettings;
import io.periscope.agent.registration.AgentCertificateAudit;
import io.periscope.agent.transport.TunnelTransportFactory;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.testkit.TestEpoch;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.RegisterResponse;
import io.periscope.tunnel.proto.RenewRequest;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate renewal over the live mTLS tunnel: the agent renews at two thirds of its validity
 * (decided by an injected clock, not by waiting), the server signs only for the presenting
 * certificate's own cluster and only while that certificate is admitted, and every attempt is audited.
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class AgentCertificateRenewalTest {
  @TempDir
  Path dir;
  private TunnelFixture fx;
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    fx = new TunnelFixture(dir);
    fx.registrations.onRenewal(new AgentCertificateAudit(audit::add, fx.clock)::renewal);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void theAgentRenewsAtTwoThirdsOfItsValidityReconnectsWithTheNewCertificateAndKeepsServing() throws Exception {
    Path state = dir.resolve("state-renew");
    Agent agent = fx.start(renewingSettings(state, Optional.of(fx.registrations.mint("edge-1").token())));
    assertThat(agent.awaitConnected(Duration.ofSeconds(10))).isTrue();
    X509Certificate first = leaf(state);
    assertThat(listNamespaces()).isEqualTo(200);

    // 30-day certificates (back-dated 5 minutes): two thirds is just over 20 days in. Agent and server share the clock.
    fx.clock.advance(Duration.ofDays(21));

    await().atMost(Duration.ofSeconds(10)).until(() -> agent.renewals() == 1);
    X509Certificate renewed = leaf(state);
    assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
    assertThat(renewed.getPublicKey()).isNotEqualTo(first.getPublicKey());
    assertThat(AgentCertificates.cluster(renewed)).contains("edge-1");
    assertThat(fx.registrations.issued()).extracting(c -> c.serial())
        .containsExactly(first.getSerialNumber(), renewed.getSerialNumber());
    assertThat(audit).singleElement().satisfies(e -> {
      assertThat(e.verb()).isEqualTo(Verb.AGENT_CERTIFICATE_RENEW);
      assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(e.target().cluster()).isEqualTo("edge-1");
      assertThat(e.target().name()).isEqualTo(renewed.getSerialNumber().toString(16));
      assertThat(e.extra()).containsEntry("presentedSerial", first.getSerialNumber().toString(16));
      assertThat(e.actor().sub()).isEqualTo("periscope-agent:edge-1");
    });

    // Revoking the old certificate drops the tunnel; only an agent now holding the new one gets back in.
    fx.registrations.revoke(first.getSerialNumber());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(listNamespaces()).isEqualTo(200));
    assertThat(agent.renewals()).isEqualTo(1);
  }

  @Test
  void aRenewalIsBoundToThePresentingCertificatesClusterWhateverTheCsrSays() throws Exception {
    Path state = registeredAndStopped("edge-1");

    RegisterResponse response = renew(state, csr(keyPair(), "CN=edge-2,O=periscope-agent"));

    X509Certificate issued = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(response.getCertificateChainPem().getBytes()));
    assertThat(response.getCluster()).isEqualTo("edge-1");
    assertThat(AgentCertificates.cluster(issued)).contains("edge-1");
    assertThat(fx.registrations.issued()).filteredOn(c -> c.cluster().equals("edge-2")).isEmpty();
  }

  @Test
  void aRevokedCertificateCannotRenew() throws Exception {
    Path state = registeredAndStopped("edge-1");
    fx.registrations.revoke(leaf(state).getSerialNumber());

    assertRefused(state, Status.Code.PERMISSION_DENIED, "certificate_revoked");
    assertThat(audit).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
      assertThat(e.target().cluster()).isEqualTo("edge-1");
      assertThat(e.reason()).contains("certificate_revoked");
    });
  }

  @Test
  void aDeregisteredClusterCannotRenew() throws Exception {
    Path state = registeredAndStopped("edge-1");
    fx.registrations.deregister("edge-1");

    assertRefused(state, Status.Code.PERMISSION_DENIED, "certificate_revoked");
    assertThat(fx.registrations.deregisteredAt("edge-1")).isPresent();
  }

  @Test
  void anExpiredCertificateCannotRenew() throws Exception {
    Path state = registeredAndStopped("edge-1");
    fx.clock.advance(Duration.ofDays(31));

    assertRefused(state, Status.Code.UNAUTHENTICATED, "certificate_expired");
  }

  @Test
  void aCertificateOfARotatedCaCannotRenew() throws Exception {
    Path state = registeredAndStopped("edge-1");
    fx.ca.rotate();
    // Trust the new server certificate, present the old client certificate.
    Files.writeString(fx.caBundle, fx.ca.certificatePem());

    assertRefused(state, Status.Code.UNAUTHENTICATED, "certificate_unknown_ca");
    assertThat(audit).singleElement().satisfies(e -> assertThat(e.target().cluster()).isEmpty());
  }

  @Test
  void aBrokenCsrIsRefusedAndIssuesNothing() throws Exception {
    Path state = registeredAndStopped("edge-1");

    assertThatThrownBy(() -> renew(state, new byte[] {1, 2, 3}))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("csr_invalid");
        });
    assertThat(fx.registrations.issued()).hasSize(1);
    assertThat(audit).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.FAILURE));
  }

  @Test
  void renewingWithoutAClientCertificateIsRefused() throws Exception {
    ManagedChannel ch = NettyChannelBuilder.forTarget(fx.target(),
        TlsChannelCredentials.newBuilder().trustManager(fx.caBundle.toFile()).build()).build();
    try {
      assertThatThrownBy(() -> AgentTunnelGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
          .renew(RenewRequest.newBuilder().setCsrDer(ByteString.copyFrom(csr(keyPair(), "CN=x"))).build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription()).contains("certificate_missing");
          });
    } finally {
      ch.shutdownNow();
    }
    assertThat(fx.registrations.issued()).isEmpty();
  }

  private AgentSettings renewingSettings(Path state, Optional<String> token) {
    AgentSettings s = fx.settings(state.getFileName().toString(), token, fx.caBundle);
    return new AgentSettings(s.server(), s.token(), s.caBundle(), s.stateDir(), s.apiserver(), s.tokenFile(), s.apiserverCa(),
        s.maxConcurrentRequests(), s.initialBackoff(), s.maxBackoff(), s.keepAliveTime(), Duration.ofMillis(50));
  }

  /** Registers an agent for {@code cluster}, then stops it, leaving its key and certificate in the returned state dir. */
  private Path registeredAndStopped(String cluster) throws Exception {
    Path state = dir.resolve("state-" + cluster);
    try (Agent agent = Agent.start(fx.settings(state.getFileName().toString(), Optional.of(fx.registrations.mint(cluster).token()),
        fx.caBundle), fx.clock)) {
      assertThat(agent.awaitConnected(Duration.ofSeconds(10))).isTrue();
    }
    return state;
  }

  private void assertRefused(Path state, Status.Code code, String reason) {
    int issuedBefore = fx.registrations.issued().size();
    assertThatThrownBy(() -> renew(state, csr(keyPair(), "CN=periscope-agent")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(code);
          assertThat(e.getStatus().getDescription()).contains(reason);
        });
    assertThat(fx.registrations.issued()).hasSize(issuedBefore);
  }

  /** Calls Renew presenting the key and certificate in {@code state}, as the agent does. */
  private RegisterResponse renew(Path state, byte[] csr) throws Exception {
    ManagedChannel ch = NettyChannelBuilder.forTarget(fx.target(), TlsChannelCredentials.newBuilder()
        .trustManager(fx.caBundle.toFile())
        .keyManager(state.resolve("agent.crt").toFile(), state.resolve("agent.key").toFile())
        .build()).build();
    try {
      return AgentTunnelGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
          .renew(RenewRequest.newBuilder().setCsrDer(ByteString.copyFrom(csr)).build());
    } finally {
      ch.shutdownNow();
    }
  }

  /** The status of a namespace list through the tunnel transport (503 while no agent is connected). */
  private int listNamespaces() throws Exception {
    var config = new ConfigBuilder(Config.empty()).withMasterUrl(TunnelTransportFactory.MASTER_URL).build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new TunnelTransportFactory(fx.tunnel.sessions(), "edge-1")).build()) {
      var http = client.getHttpClient();
      var request = http.newHttpRequestBuilder().uri(TunnelTransportFactory.MASTER_URL + "api/v1/namespaces").build();
      return http.sendAsync(request, String.class).get(5, TimeUnit.SECONDS).code();
    }
  }

  private static X509Certificate leaf(Path state) throws Exception {
    try (InputStream in = Files.newInputStream(state.resolve("agent.crt"))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static KeyPair keyPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static byte[] csr(KeyPair pair, String subject) throws Exception {
    return new JcaPKCS10CertificationRequestBuilder(new X500Principal(subject), pair.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
  }
}
