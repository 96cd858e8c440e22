package io.periscope.bench;

import io.periscope.agent.ca.CertificateAuthority;
import io.periscope.agent.link.Agent;
import io.periscope.agent.link.AgentSettings;
import io.periscope.agent.registration.AgentRegistrations;
import io.periscope.agent.registration.InMemoryRegistrationStore;
import io.periscope.agent.tunnel.TunnelServer;
import io.periscope.agent.tunnel.TunnelSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * For the tunnel benchmarks: a tunnel server on loopback and one real agent, registered as cluster
 * {@value #CLUSTER} with a freshly minted token, relaying to {@code apiserver}; returned once the
 * agent's tunnel is up.
 */
final class BenchTunnel implements AutoCloseable {
  static final String CLUSTER = "bench";

  final TunnelServer tunnel;
  final Agent agent;

  private BenchTunnel(TunnelServer tunnel, Agent agent) {
    this.tunnel = tunnel;
    this.agent = agent;
  }

  /**
   * Sets this JVM's JDK client read buffer as the agent's own JVM sets it
   * ({@link Agent#readApiserverInLargeBuffers()}); here it applies to the direct path's JDK client
   * too, as both share the JVM. Written out rather than called, so that the benchmark classes also
   * run against the jars of earlier builds for A/B runs.
   */
  static void readLikeTheAgentJvm() {
    if (System.getProperty("jdk.httpclient.bufsize") == null) {
      System.setProperty("jdk.httpclient.bufsize", Integer.toString(Agent.APISERVER_READ_BUFFER));
    }
  }

  /** @param maxStreams the agent's concurrent stream limit */
  static BenchTunnel start(URI apiserver, int maxStreams) throws IOException, InterruptedException {
    return start(apiserver, maxStreams, Optional.empty());
  }

  /** @param apiserverCa the CA the agent trusts for an {@code https} apiserver (PEM) */
  static BenchTunnel start(URI apiserver, int maxStreams, Optional<Path> apiserverCa) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("periscope-bench-tunnel");
    Clock clock = Clock.systemUTC();
    var ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), clock);
    var registrations = AgentRegistrations.withDefaults(ca, new InMemoryRegistrationStore(), clock);
    var tunnel = TunnelServer.start(new TunnelSettings("127.0.0.1", 0, List.of("localhost"), Duration.ofSeconds(5),
        Duration.ofSeconds(30)), registrations, clock);
    try {
      Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
      Files.writeString(dir.resolve("token"), "bench-sa-token");
      var agent = Agent.start(new AgentSettings("localhost:" + tunnel.port(), Optional.of(registrations.mint(CLUSTER).token()),
          dir.resolve("ca.pem"), dir.resolve("state"), apiserver, dir.resolve("token"), apiserverCa, maxStreams,
          Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(30)).withoutClusterIdentity()); // bench apiservers serve lists only
      if (!agent.awaitConnected(Duration.ofSeconds(30))) {
        agent.close();
        throw new IllegalStateException("agent did not connect: " + agent.lastError());
      }
      return new BenchTunnel(tunnel, agent);
    } catch (IOException | InterruptedException | RuntimeException e) {
      tunnel.close();
      throw e;
    }
  }

  @Override
  public void close() {
    agent.close();
    tunnel.close();
  }
}
