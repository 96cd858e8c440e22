package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.periscope.agent.ca.CertificateAuthority;
import io.periscope.agent.link.Agent;
import io.periscope.agent.link.AgentSettings;
import io.periscope.agent.link.ServerResolver;
import io.periscope.agent.registration.AgentRegistrations;
import io.periscope.agent.registration.InMemoryRegistrationStore;
import io.periscope.agent.registration.RegistrationStore;
import io.periscope.agent.transport.TunnelTransportFactory;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestEpoch;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several server replicas: one CA and one registration store (as replicas share the database), two
 * tunnel servers on two loopback addresses and one port, and a real agent whose server name resolves
 * to both, as a headless Service's name resolves to each server pod. Every replica reaches the
 * cluster through its own tunnel, a replica going away leaves the other serving, and renewal
 * happens once for the agent with every tunnel moving to the new certificate.
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class AgentReplicasEndToEndTest {
  private static final String NAME = "periscope-tunnel-headless";
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock(Instant.now());
  private final MockApiServer apiserver = new MockApiServer();
  private CertificateAuthority ca;
  private final RegistrationStore store = new InMemoryRegistrationStore();
  private AgentRegistrations registrations;
  private Replica a;
  private Replica b;
  private int port;
  private Path caBundle;
  private Path tokenFile;
  private final AtomicReference<List<InetAddress>> resolved = new AtomicReference<>();
  /** The headless Service's name, resolved by the test: each replica's address. */
  private final java.util.concurrent.atomic.AtomicInteger resolutions = new java.util.concurrent.atomic.AtomicInteger();
  private final ServerResolver resolver = host -> {
    resolutions.incrementAndGet();
    List<InetAddress> now = resolved.get();
    if (!host.equals(NAME) || now.isEmpty()) {
      throw new UnknownHostException(host);
    }
    return now;
  };
  private Agent agent;

  /** One server replica: its own registrations (over the shared store and CA) and tunnel server. */
  private record Replica(String address, AgentRegistrations registrations, TunnelServer tunnel) implements AutoCloseable {
    @Override
    public void close() {
      tunnel.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), clock);
    registrations = AgentRegistrations.withDefaults(ca, store, clock);
    a = replica("127.0.0.1", 0);
    port = a.tunnel().port();
    b = replica("127.0.0.2", port);
    resolved.set(List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.2")));
    caBundle = Files.writeString(dir.resolve("ca-bundle.pem"), ca.certificatePem());
    tokenFile = Files.writeString(dir.resolve("sa-token"), "agent-sa-token-1");
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    a.close();
    b.close();
    apiserver.close();
  }

  @Test
  void everyReplicaReachesTheClusterThroughItsOwnTunnel() throws Exception {
    agent = startAgent(settings());

    assertThat(agent.awaitTunnels(2, WAIT)).as(agent.lastError()).isTrue();
    assertThat(agent.tunnels()).extracting(Agent.TunnelState::address)
        .containsExactly("127.0.0.1:" + port, "127.0.0.2:" + port);
    assertThat(a.tunnel().sessions().count("edge-1")).isEqualTo(1);
    assertThat(b.tunnel().sessions().count("edge-1")).isEqualTo(1);
    assertThat(listNamespaces(a)).isEqualTo(200);
    assertThat(listNamespaces(b)).isEqualTo(200);
    assertThat(registrations.issued()).as("registered once, with one of the replicas").hasSize(1);
  }

  @Test
  void aReplicaGoingAwayLeavesTheOtherServingAndIsReachedAgainWhenBack() throws Exception {
    agent = startAgent(settings());
    assertThat(agent.awaitTunnels(2, WAIT)).as(agent.lastError()).isTrue();

    b.close();

    await().atMost(WAIT).until(() -> agent.connectedTunnels() == 1);
    assertThat(agent.connected()).as("ready: one replica still reaches the cluster").isTrue();
    assertThat(agent.tunnels()).filteredOn(t -> !t.connected()).singleElement()
        .satisfies(t -> assertThat(t.address()).isEqualTo("127.0.0.2:" + port));
    assertThat(listNamespaces(a)).isEqualTo(200);

    b = replica("127.0.0.2", port);

    await().atMost(WAIT).until(() -> b.tunnel().sessions().connected("edge-1"));
    assertThat(listNamespaces(b)).isEqualTo(200);
    assertThat(listNamespaces(a)).isEqualTo(200);
  }

  @Test
  void anAddressNoLongerResolvedHasItsTunnelClosedAndANewOneGetsOne() throws Exception {
    agent = startAgent(settings().withResolveInterval(Duration.ofMillis(50)));
    assertThat(agent.awaitTunnels(2, WAIT)).as(agent.lastError()).isTrue();

    resolved.set(List.of(InetAddress.getByName("127.0.0.1")));

    await().atMost(WAIT).until(() -> !b.tunnel().sessions().connected("edge-1"));
    assertThat(agent.tunnels()).extracting(Agent.TunnelState::address).containsExactly("127.0.0.1:" + port);
    assertThat(b.tunnel().availability("edge-1").code().code()).isEqualTo("agent_disconnected");
    assertThat(listNamespaces(a)).isEqualTo(200);

    resolved.set(List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.2")));

    await().atMost(WAIT).until(() -> b.tunnel().sessions().connected("edge-1"));
    assertThat(listNamespaces(b)).isEqualTo(200);
  }

  @Test
  void aFailedResolutionKeepsTheTunnels() throws Exception {
    agent = startAgent(settings().withResolveInterval(Duration.ofMillis(50)));
    assertThat(agent.awaitTunnels(2, WAIT)).as(agent.lastError()).isTrue();

    resolved.set(List.of());
    int before = resolutions.get();
    await().atMost(WAIT).until(() -> resolutions.get() >= before + 3);

    assertThat(agent.connectedTunnels()).as("a DNS hiccup drops no live tunnel").isEqualTo(2);
    assertThat(a.tunnel().sessions().connected("edge-1")).isTrue();
    assertThat(b.tunnel().sessions().connected("edge-1")).isTrue();
  }

  @Test
  void theCertificateIsRenewedOnceAndEveryTunnelMovesToIt() throws Exception {
    agent = startAgent(settings().withRenewCheckInterval(Duration.ofMillis(50)));
    assertThat(agent.awaitTunnels(2, WAIT)).as(agent.lastError()).isTrue();
    BigInteger first = leaf().getSerialNumber();
    assertThat(a.tunnel().liveCertificate("edge-1")).contains(first);
    assertThat(b.tunnel().liveCertificate("edge-1")).contains(first);

    // 30-day certificates: two thirds is just over 20 days in. Agent and replicas share the clock.
    clock.advance(Duration.ofDays(21));

    await().atMost(WAIT).until(() -> agent.renewals() == 1);
    BigInteger renewed = leaf().getSerialNumber();
    assertThat(renewed).isNotEqualTo(first);
    await().atMost(WAIT).until(() -> a.tunnel().liveCertificate("edge-1").equals(Optional.of(renewed))
        && b.tunnel().liveCertificate("edge-1").equals(Optional.of(renewed)));
    assertThat(registrations.issued()).extracting(c -> c.serial()).as("one renewal for the agent, not one per tunnel")
        .containsExactly(first, renewed);
    assertThat(a.tunnel().sessions().count("edge-1")).as("the old connection was replaced, not kept beside").isEqualTo(1);
    assertThat(b.tunnel().sessions().count("edge-1")).isEqualTo(1);
    assertThat(listNamespaces(a)).isEqualTo(200);
    assertThat(listNamespaces(b)).isEqualTo(200);

    // Only the new certificate is needed from here on.
    registrations.revoke(first);
    assertThat(listNamespaces(a)).isEqualTo(200);
    assertThat(listNamespaces(b)).isEqualTo(200);
    assertThat(agent.renewals()).isEqualTo(1);
  }

  @Test
  void theAgentsConcurrencyLimitHoldsAcrossAllItsTunnels() throws Exception {
    try (StreamingApiserver streaming = new StreamingApiserver()) {
      agent = startAgent(settings(streaming.url(), 1).withoutClusterIdentity()); // the stand-in apiserver streams every request
      assertThat(agent.awaitTunnels(2, WAIT)).as(agent.lastError()).isTrue();

      try (KubernetesClient throughA = client(a)) {
        // A watch through replica A takes the agent's only slot for as long as it streams (its first
        // event makes the stand-in apiserver flush the response head).
        streaming.emit("first");
        var watch = throughA.getHttpClient().consumeBytes(throughA.getHttpClient().newHttpRequestBuilder()
            .uri(TunnelTransportFactory.MASTER_URL + "api/v1/namespaces?watch=true").build(), (bytes, body) -> body.consume())
            .get(10, TimeUnit.SECONDS);
        assertThat(watch.code()).isEqualTo(200);
        assertThat(agent.inFlight()).isEqualTo(1);

        try (KubernetesClient throughB = client(b)) {
          var refused = throughB.getHttpClient().sendAsync(throughB.getHttpClient().newHttpRequestBuilder()
              .uri(TunnelTransportFactory.MASTER_URL + "api/v1/namespaces").build(), String.class).get(10, TimeUnit.SECONDS);
          assertThat(refused.code()).isEqualTo(503);
          assertThat(refused.body()).contains("agent_busy");
        }
        watch.body().cancel();
      }
    }
  }

  private Replica replica(String address, int listenPort) {
    AgentRegistrations own = AgentRegistrations.withDefaults(ca, store, clock);
    TunnelServer tunnel = TunnelServer.start(new TunnelSettings(address, listenPort, List.of(NAME), Duration.ofSeconds(5),
        Duration.ofSeconds(30)), own, clock);
    return new Replica(address, own, tunnel);
  }

  private AgentSettings settings() {
    return settings(URI.create(apiserver.client().getConfiguration().getMasterUrl()), 64);
  }

  private AgentSettings settings(URI apiserverUrl, int maxConcurrent) {
    return new AgentSettings(NAME + ":" + port, Optional.of(registrations.mint("edge-1").token()), caBundle, dir.resolve("state"),
        apiserverUrl, tokenFile, Optional.empty(), maxConcurrent, Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  private Agent startAgent(AgentSettings settings) {
    return Agent.start(settings, clock, resolver);
  }

  private X509Certificate leaf() throws Exception {
    try (InputStream in = Files.newInputStream(dir.resolve("state").resolve("agent.crt"))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** The status of a namespace list through {@code replica}'s own tunnel (503 while the agent is not connected to it). */
  private int listNamespaces(Replica replica) throws Exception {
    try (KubernetesClient client = client(replica)) {
      var http = client.getHttpClient();
      var request = http.newHttpRequestBuilder().uri(TunnelTransportFactory.MASTER_URL + "api/v1/namespaces").build();
      return http.sendAsync(request, String.class).get(10, TimeUnit.SECONDS).code();
    }
  }

  /**
   * A client of the cluster whose transport is {@code replica}'s tunnel, as that replica's fabric8
   * client is; it does not retry a 503, so a refusal is seen as it is.
   */
  private static KubernetesClient client(Replica replica) {
    var config = new ConfigBuilder(Config.empty()).withMasterUrl(TunnelTransportFactory.MASTER_URL).withRequestRetryBackoffLimit(0).build();
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new TunnelTransportFactory(replica.tunnel().sessions(), "edge-1")).build();
  }
}
