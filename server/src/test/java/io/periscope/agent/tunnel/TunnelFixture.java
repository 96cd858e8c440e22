package io.periscope.agent.tunnel;

import io.periscope.agent.ca.CertificateAuthority;
import io.periscope.agent.link.Agent;
import io.periscope.agent.link.AgentSettings;
import io.periscope.agent.registration.AgentRegistrations;
import io.periscope.agent.registration.ClusterIdentityAudit;
import io.periscope.agent.registration.InMemoryRegistrationStore;
import io.periscope.agent.registration.RegistrationStore;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.RecordingAuditRecorder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A tunnel server, its CA and registrations, a CRUD mock apiserver and agents, all on loopback. */
final class TunnelFixture implements AutoCloseable {
  static final String SA_TOKEN = "agent-sa-token-1";

  final Path dir;
  /**
   * Starts at the real time, not at a fixed day: the agent checks the tunnel's server certificate
   * (issued on this clock) with the JDK's own TLS stack, which reads the wall clock, so a fixed day
   * would stop working once the certificate's year had passed.
   */
  final MutableClock clock = new MutableClock(Instant.now());
  final CertificateAuthority ca;
  final AgentRegistrations registrations;
  final TunnelServer tunnel;
  final MockApiServer apiserver = new MockApiServer();
  /** What the tunnel audits of agents' cluster identities. */
  final RecordingAuditRecorder audit = new RecordingAuditRecorder();
  final Path caBundle;
  final Path tokenFile;
  private final List<Agent> agents = new ArrayList<>();

  TunnelFixture(Path dir) throws IOException {
    this(dir, Duration.ofSeconds(5));
  }

  /** @param openTimeout how long a request waits for its Proxy call, and a Proxy call for its Attach */
  TunnelFixture(Path dir, Duration openTimeout) throws IOException {
    this(dir, openTimeout, new InMemoryRegistrationStore());
  }

  /**
   * @param store where registrations and identity bindings live (a SQL store survives a restart:
   *     a new fixture on the same {@code dir} reloads the CA too)
   */
  TunnelFixture(Path dir, Duration openTimeout, RegistrationStore store) throws IOException {
    this.dir = dir;
    this.ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), clock);
    this.registrations = AgentRegistrations.withDefaults(ca, store, clock);
    registrations.identities().onDecision(new ClusterIdentityAudit(audit, clock)::decision);
    this.tunnel = TunnelServer.start(new TunnelSettings("127.0.0.1", 0, List.of("localhost", "127.0.0.1"),
        openTimeout, Duration.ofSeconds(30)), registrations, clock);
    this.caBundle = dir.resolve("ca-bundle.pem");
    Files.writeString(caBundle, ca.certificatePem());
    this.tokenFile = dir.resolve("sa-token");
    Files.writeString(tokenFile, SA_TOKEN);
  }

  /**
   * A plain gRPC channel holding a genuine certificate of {@code cluster}, for tests that play an
   * agent which does not follow the protocol.
   */
  io.grpc.ManagedChannel certifiedChannel(String cluster) throws Exception {
    return certified(cluster).channel();
  }

  /** A channel as {@link #certifiedChannel}, with the serial of the certificate it holds. */
  record Certified(io.grpc.ManagedChannel channel, java.math.BigInteger serial) {}

  /** As {@link #certifiedChannel}, saying which certificate the channel holds (to revoke it, or tell tunnels apart). */
  Certified certified(String cluster) throws Exception {
    java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("EC").generateKeyPair();
    byte[] csr = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
        new javax.security.auth.x500.X500Principal("CN=hostile"), pair.getPublic())
        .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
    var credentials = registrations.redeem(registrations.mint(cluster).token(), csr);
    String keyPem = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    var tls = io.grpc.TlsChannelCredentials.newBuilder()
        .keyManager(new java.io.ByteArrayInputStream(credentials.chainPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
            new java.io.ByteArrayInputStream(keyPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .trustManager(new java.io.ByteArrayInputStream(credentials.caPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .build();
    return new Certified(io.grpc.Grpc.newChannelBuilderForAddress("localhost", tunnel.port(), tls).build(),
        credentials.certificate().getSerialNumber());
  }

  /** The server opening a request to the cluster's agent, on another thread: the test plays the agent meanwhile. */
  java.util.concurrent.CompletableFuture<ProxyCall> openInBackground(String cluster) {
    var opened = new java.util.concurrent.CompletableFuture<ProxyCall>();
    Thread.ofVirtual().start(() -> {
      try {
        opened.complete(tunnel.sessions().open(cluster));
      } catch (Exception e) {
        opened.completeExceptionally(e);
      }
    });
    return opened;
  }

  /** A Proxy call opened by a test playing the agent: its stream to the server, and how the server ended it. */
  record ProxyStream(io.grpc.stub.ClientCallStreamObserver<io.periscope.tunnel.proto.AgentProxyFrame> out,
      java.util.concurrent.CompletableFuture<io.grpc.Status> ended) {}

  /** Opens a Proxy call on {@code channel} whose server frames are ignored; {@code ended} completes with its end. */
  static ProxyStream proxyStream(io.grpc.ManagedChannel channel) {
    var ended = new java.util.concurrent.CompletableFuture<io.grpc.Status>();
    var out = (io.grpc.stub.ClientCallStreamObserver<io.periscope.tunnel.proto.AgentProxyFrame>)
        io.periscope.tunnel.proto.AgentTunnelGrpc.newStub(channel).proxy(new io.grpc.stub.StreamObserver<io.periscope.tunnel.proto.ServerProxyFrame>() {
          @Override
          public void onNext(io.periscope.tunnel.proto.ServerProxyFrame frame) { }

          @Override
          public void onError(Throwable t) {
            ended.complete(io.grpc.Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            ended.complete(io.grpc.Status.OK);
          }
        });
    return new ProxyStream(out, ended);
  }

  String target() {
    return "localhost:" + tunnel.port();
  }

  AgentSettings settings(String stateDirName, Optional<String> token, Path caBundle) {
    return settings(stateDirName, token, caBundle, URI.create(apiserver.client().getConfiguration().getMasterUrl()));
  }

  AgentSettings settings(String stateDirName, Optional<String> token, Path caBundle, URI apiserverUrl) {
    return new AgentSettings(target(), token, caBundle, dir.resolve(stateDirName), apiserverUrl, tokenFile, Optional.empty(), 64,
        Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  /** Mints a token for {@code cluster}, registers a new agent with it and waits until it is connected. */
  Agent connectedAgent(String cluster) throws InterruptedException {
    Agent agent = start(settings("state-" + cluster + "-" + agents.size(), Optional.of(registrations.mint(cluster).token()), caBundle));
    if (!agent.awaitConnected(Duration.ofSeconds(10))) {
      throw new AssertionError("agent for " + cluster + " did not connect: " + agent.lastError());
    }
    return agent;
  }

  /** Agents share the server's clock, so renewal (two thirds into a certificate's validity) follows the test's time. */
  Agent start(AgentSettings settings) {
    return start(settings, clock);
  }

  /** An agent deciding certificate renewal by {@code agentClock}. */
  Agent start(AgentSettings settings, java.time.Clock agentClock) {
    Agent agent = Agent.start(settings, agentClock);
    agents.add(agent);
    return agent;
  }

  @Override
  public void close() {
    agents.forEach(Agent::close);
    tunnel.close();
    apiserver.close();
  }
}
