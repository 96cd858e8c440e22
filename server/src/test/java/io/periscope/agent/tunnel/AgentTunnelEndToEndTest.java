package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.agent.link.Agent;
import io.periscope.authz.AuthorizationMode;
import io.periscope.authz.AuthorizationPolicy;
import io.periscope.authz.IdentityResolver;
import io.periscope.authz.Principal;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.clusters.agent.AgentConnector;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.testkit.TestEpoch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server tunnel + real agent + CRUD mock apiserver, all on loopback. */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class AgentTunnelEndToEndTest {
  private static final Principal ALICE = new Principal("auth0|alice", "alice@example.com", List.of("devs", "system:masters"));

  @TempDir
  Path dir;
  private TunnelFixture fx;
  private ClusterRegistry registry;
  private ImpersonatingClients clients;

  @BeforeEach
  void start() throws Exception {
    fx = new TunnelFixture(dir);
    registry = ClusterRegistry.fixed(List.of(agentCluster("edge-1")), List.of(new AgentConnector(Duration.ofSeconds(10),
        java.util.Optional.of(fx.tunnel), AgentConnector.Watches.HTTP_STREAMING)));
    var policy = new AuthorizationPolicy(AuthorizationMode.RAW, Map.of(), Optional.empty(), AuthorizationPolicy.DEFAULT_GROUP_PREFIX,
        io.periscope.authz.SharedIdentity.SERVER, AuthorizationPolicy.DEFAULT_SHARED_GROUP, Set.of(), Set.of());
    clients = new ImpersonatingClients(registry, new IdentityResolver(policy));
  }

  @AfterEach
  void stop() {
    registry.close();
    fx.close();
  }

  private static ClusterSpec agentCluster(String name) {
    return new ClusterSpec(name, Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(), "", Map.of(),
        Optional.empty(), Optional.empty(), Optional.of(name));
  }

  @Test
  void listsNamespacesAsTheImpersonatedUserWithTheAgentsOwnTokenNeverTheServers() throws Exception {
    fx.apiserver.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("payments").endMetadata().build()).create();
    fx.connectedAgent("edge-1");
    fx.apiserver.drainRequests();

    List<Namespace> namespaces = clients.forUser("edge-1", ALICE).namespaces().list().getItems();

    assertThat(namespaces).extracting(n -> n.getMetadata().getName()).containsExactly("payments");
    RecordedRequest call = onlyNamespaceCall(fx.apiserver.drainRequests());
    assertThat(call.getHeaders().headers("Impersonate-User")).containsExactly("auth0|alice");
    assertThat(call.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs", "periscope:system:masters");
    assertThat(call.getHeaders().headers("Authorization")).containsExactly("Bearer " + TunnelFixture.SA_TOKEN);
  }

  @Test
  void theAgentRereadsARotatedServiceAccountToken() throws Exception {
    fx.connectedAgent("edge-1");
    clients.forUser("edge-1", ALICE).namespaces().list();
    Files.writeString(fx.tokenFile, "agent-sa-token-2");
    Files.setLastModifiedTime(fx.tokenFile, FileTime.from(Instant.now().plusSeconds(60)));
    fx.apiserver.drainRequests();

    clients.forUser("edge-1", ALICE).namespaces().list();

    assertThat(onlyNamespaceCall(fx.apiserver.drainRequests()).getHeaders().headers("Authorization"))
        .containsExactly("Bearer agent-sa-token-2");
  }

  @Test
  void aWatchStreamsEachEventThroughTheTunnelAsItHappensAndEndsWhenClosed() throws Exception {
    try (StreamingApiserver streaming = new StreamingApiserver()) {
      Agent agent = fx.start(fx.settings("watch", Optional.of(fx.registrations.mint("edge-1").token()), fx.caBundle, streaming.url())
          .withoutClusterIdentity()); // the stand-in apiserver streams every request
      assertThat(agent.awaitConnected(Duration.ofSeconds(10))).isTrue();
      BlockingQueue<String> seen = new LinkedBlockingQueue<>();
      Watch watch = clients.forUser("edge-1", ALICE).namespaces().watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, Namespace ns) {
          seen.add(action + " " + ns.getMetadata().getName());
        }

        @Override
        public void onClose(WatcherException cause) { }
      });

      streaming.emit("w1");
      assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED w1");
      // w2 does not exist until w1 went all the way through: the response is streamed, not buffered.
      streaming.emit("w2");
      assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED w2");

      assertThat(agent.inFlight()).isEqualTo(1);
      watch.close();
      // Closing the watch on the server side cancels the request on the agent, which lets go of the apiserver.
      await().atMost(Duration.ofSeconds(10)).until(() -> agent.inFlight() == 0);
    }
  }

  @Test
  void aStalledWatchConsumerHoldsBackOnlyItsOwnStreamAllTheWayToTheApiserver() throws Exception {
    try (FirehoseApiserver firehose = new FirehoseApiserver()) {
      Agent agent = fx.start(fx.settings("firehose", Optional.of(fx.registrations.mint("edge-1").token()), fx.caBundle, firehose.url())
          .withoutClusterIdentity()); // the stand-in apiserver serves only the list under test
      assertThat(agent.awaitConnected(Duration.ofSeconds(10))).isTrue();
      KubernetesClient client = clients.forUser("edge-1", ALICE);
      CountDownLatch firstEvent = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Watch watch = client.pods().inAnyNamespace().watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, io.fabric8.kubernetes.api.model.Pod pod) {
          firstEvent.countDown();
          try {
            release.await(); // a consumer that stops reading
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }

        @Override
        public void onClose(WatcherException cause) { }
      });
      try {
        assertThat(firstEvent.await(10, TimeUnit.SECONDS)).isTrue();

        // Other requests on the same tunnel are not stuck behind the stalled stream.
        for (int i = 0; i < 5; i++) {
          assertThat(client.namespaces().list().getItems()).hasSize(1);
        }
        // And the apiserver side is held back too: with no flow control it would write gigabytes here.
        long cap = 64L * 1024 * 1024;
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> firehose.watchBytes.get() < cap);
      } finally {
        release.countDown();
        watch.close();
      }
    }
  }

  @Test
  void aLongResponseAndManyConcurrentRequestsShareOneTunnel() throws Exception {
    fx.connectedAgent("edge-1");
    String big = "x".repeat(4096);
    for (int i = 0; i < 300; i++) {
      fx.apiserver.client().configMaps().inNamespace("default")
          .resource(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i).endMetadata().addToData("blob", big).build()).create();
    }
    KubernetesClient client = clients.forUser("edge-1", ALICE);
    ExecutorService pool = Executors.newFixedThreadPool(24);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 48; i++) {
        results.add(pool.submit(() -> client.configMaps().inNamespace("default").list().getItems().size()));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(300);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReusedTokenIsRefused() throws Exception {
    String token = fx.registrations.mint("edge-1").token();
    fx.start(fx.settings("first", Optional.of(token), fx.caBundle));

    assertThatThrownBy(() -> fx.start(fx.settings("second", Optional.of(token), fx.caBundle)))
        .hasMessageContaining("PERMISSION_DENIED").hasMessageContaining("token_used");
    assertThat(dir.resolve("second/agent.crt")).doesNotExist();
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token = fx.registrations.mint("edge-1").token();
    fx.clock.advance(Duration.ofMinutes(16));

    assertThatThrownBy(() -> fx.start(fx.settings("late", Optional.of(token), fx.caBundle)))
        .hasMessageContaining("token_expired");
  }

  @Test
  void anAgentVerifyingTheServerAgainstTheWrongCaRefusesToRegister() throws Exception {
    var other = io.periscope.agent.ca.CertificateAuthority.loadOrCreate(dir.resolve("other-ca"), fx.clock);
    Path wrongBundle = dir.resolve("wrong.pem");
    Files.writeString(wrongBundle, other.certificatePem());
    String token = fx.registrations.mint("edge-1").token();

    assertThatThrownBy(() -> fx.start(fx.settings("wrong", Optional.of(token), wrongBundle)))
        .hasMessageContaining("UNAVAILABLE");
    // The token was never presented, so the agent can still use it with the right CA.
    Agent agent = fx.start(fx.settings("right", Optional.of(token), fx.caBundle));
    assertThat(agent.awaitConnected(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void aDeregisteredClusterIsDroppedAndRefusedAtConnect() throws Exception {
    Agent agent = fx.connectedAgent("edge-1");

    fx.registrations.deregister("edge-1");

    await().atMost(Duration.ofSeconds(5)).until(() -> !agent.connected() && agent.lastRefusal().contains("certificate_revoked"));
    assertThatThrownBy(() -> registry.client("edge-1"))
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> assertThat(e.code()).isEqualTo("agent_deregistered"));
    // It keeps retrying and keeps being refused with the reason.
    await().atMost(Duration.ofSeconds(5)).until(() -> agent.lastError().contains("PERMISSION_DENIED"));
    assertThat(fx.tunnel.sessions().connected("edge-1")).isFalse();
  }

  @Test
  void aDeregisteredAgentRestartedWithANewTokenRegistersAgainWithoutItsStateBeingEmptied() throws Exception {
    Agent first = fx.start(fx.settings("kept", Optional.of(fx.registrations.mint("edge-1").token()), fx.caBundle));
    assertThat(first.awaitConnected(Duration.ofSeconds(10))).isTrue();
    String revokedCertificate = Files.readString(dir.resolve("kept/agent.crt"));
    fx.registrations.deregister("edge-1");
    await().atMost(Duration.ofSeconds(5)).until(() -> first.lastRefusal().contains("certificate_revoked"));
    first.close();

    // The operator mints a new token and restarts the agent; its state still holds the revoked certificate.
    Agent restarted = fx.start(fx.settings("kept", Optional.of(fx.registrations.mint("edge-1").token()), fx.caBundle));

    assertThat(restarted.awaitConnected(Duration.ofSeconds(10))).as(restarted.lastError()).isTrue();
    assertThat(restarted.registeredAgain()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("kept/agent.crt"))).isNotEqualTo(revokedCertificate);
    assertThat(clients.forUser("edge-1", ALICE).namespaces().list().getItems()).isNotNull();
  }

  @Test
  void aRevokedAgentNeverPresentsTheTokenItRegisteredWithNotEvenAfterARestart() throws Exception {
    var presented = new java.util.concurrent.atomic.AtomicInteger();
    fx.registrations.onRegistration(r -> presented.incrementAndGet());
    var settings = fx.settings("own-token", Optional.of(fx.registrations.mint("edge-1").token()), fx.caBundle);
    Agent agent = fx.start(settings);
    assertThat(agent.awaitConnected(Duration.ofSeconds(10))).isTrue();
    assertThat(presented).hasValue(1);

    fx.registrations.deregister("edge-1");

    await().atMost(Duration.ofSeconds(10)).until(() -> agent.lastError().contains("is the one this agent registered with"));
    assertThat(agent.lastError()).contains("certificate_revoked").contains("cannot register again").contains("put a new token in");
    int refusedBefore = agent.refusals();
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.refusals() >= refusedBefore + 3);
    agent.close();

    // The operator restarts it without replacing the token: still not presented (no denied registration per start).
    Agent restarted = fx.start(settings);
    await().atMost(Duration.ofSeconds(10)).until(() -> restarted.lastError().contains("is the one this agent registered with"));
    assertThat(presented).hasValue(1);
    assertThat(restarted.registeredAgain()).isZero();
  }

  @Test
  void aRevokedAgentGivenATokenSpentElsewherePresentsItOnceAndSaysToGiveItANewOne() throws Exception {
    var presented = new java.util.concurrent.atomic.AtomicInteger();
    Agent first = fx.start(fx.settings("spent-elsewhere", Optional.of(fx.registrations.mint("edge-1").token()), fx.caBundle));
    assertThat(first.awaitConnected(Duration.ofSeconds(10))).isTrue();
    fx.registrations.deregister("edge-1");
    await().atMost(Duration.ofSeconds(10)).until(() -> first.lastRefusal().contains("certificate_revoked"));
    first.close();
    // A second token, already redeemed by someone else, is what the operator puts in the agent's Secret.
    String spent = fx.registrations.mint("edge-1").token();
    fx.registrations.redeem(spent, csr());
    fx.registrations.onRegistration(r -> presented.incrementAndGet());

    Agent agent = fx.start(fx.settings("spent-elsewhere", Optional.of(spent), fx.caBundle));

    await().atMost(Duration.ofSeconds(10)).until(() -> agent.lastError().contains("token_used"));
    assertThat(agent.lastError()).contains("certificate_revoked").contains("cannot register again: registering with the configured"
        + " token failed");
    // It keeps reconnecting (each refused) but presents the spent token no more.
    int refusedBefore = agent.refusals();
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.refusals() >= refusedBefore + 3);
    assertThat(presented).hasValue(1);
    assertThat(agent.registeredAgain()).isZero();
  }

  private static byte[] csr() throws Exception {
    java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("EC").generateKeyPair();
    return new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
        new javax.security.auth.x500.X500Principal("CN=elsewhere"), pair.getPublic())
        .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
  }

  @Test
  void rotatingTheCaDropsLiveTunnelsAndOldAgentsCannotComeBack() throws Exception {
    Agent agent = fx.connectedAgent("edge-1");
    KubernetesClient client = clients.forUser("edge-1", ALICE);
    client.namespaces().list();

    fx.ca.rotate();

    await().atMost(Duration.ofSeconds(5)).until(() -> !agent.connected() && agent.lastRefusal().contains("certificate_unknown_ca"));
    assertThatThrownBy(() -> client.namespaces().list())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(503));
    // Its reconnects now fail: the server's new certificate is not signed by the agent's old CA bundle.
    await().atMost(Duration.ofSeconds(5)).until(() -> agent.lastError().contains("UNAVAILABLE"));
    assertThat(fx.tunnel.sessions().connected("edge-1")).isFalse();
    assertThat(fx.tunnel.availability("edge-1").code().code()).isEqualTo("agent_ca_rotated");
  }

  @Test
  void aPostBodyReachesTheApiserverAsTheImpersonatedUser() throws Exception {
    fx.connectedAgent("edge-1");
    fx.apiserver.drainRequests();

    clients.forUser("edge-1", ALICE).configMaps().inNamespace("default").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("via-tunnel").endMetadata().addToData("k", "v").build()).create();

    assertThat(fx.apiserver.client().configMaps().inNamespace("default").withName("via-tunnel").get().getData()).containsEntry("k", "v");
    RecordedRequest post = fx.apiserver.drainRequests().stream().filter(r -> r.getMethod().equals("POST")).findFirst().orElseThrow();
    assertThat(post.getHeaders().headers("Content-Type")).singleElement().asString().startsWith("application/json");
    assertThat(post.getHeaders().headers("Upgrade")).isEmpty();
    assertThat(post.getHeaders().headers("Impersonate-User")).containsExactly("auth0|alice");
    assertThat(post.getHeaders().headers("Authorization")).containsExactly("Bearer " + TunnelFixture.SA_TOKEN);
  }

  @Test
  void garbageOnTheTunnelPortDoesNotHurtTheServer() throws Exception {
    try (var socket = new java.net.Socket("127.0.0.1", fx.tunnel.port())) {
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n\u0000\u0001garbage\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(new byte[4096]);
      socket.getOutputStream().flush();
    }
    try (var socket = new java.net.Socket("127.0.0.1", fx.tunnel.port())) {
      // A TLS ClientHello header followed by nonsense.
      socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, 0x42});
      socket.getOutputStream().flush();
    }

    fx.connectedAgent("edge-1");
    assertThat(clients.forUser("edge-1", ALICE).namespaces().list().getItems()).isEmpty();
  }

  @Test
  void aKilledAgentTurnsIntoA503AgentDisconnectedWithinASecond() throws Exception {
    Agent agent = fx.connectedAgent("edge-1");
    KubernetesClient client = clients.forUser("edge-1", ALICE);
    client.namespaces().list();

    agent.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> !fx.tunnel.sessions().connected("edge-1"));

    long start = System.nanoTime();
    assertThatThrownBy(() -> client.namespaces().list())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(503);
          assertThat(e.getStatus().getMessage()).contains("cluster 'edge-1'").contains("agent_disconnected");
        });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void noAgentYetMeansA503AtOnce() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> registry.client("edge-1"))
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.code()).isEqualTo("agent_disconnected");
        })
        .hasMessageContaining("cluster 'edge-1'");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  private static RecordedRequest onlyNamespaceCall(List<RecordedRequest> requests) {
    List<RecordedRequest> calls = requests.stream().filter(r -> r.getPath().startsWith("/api/v1/namespaces")).toList();
    assertThat(calls).hasSize(1);
    return calls.getFirst();
  }
}
