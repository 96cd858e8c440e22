package io.periscope.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.agent.link.Agent;
import io.periscope.agent.link.AgentSettings;
import io.periscope.agent.tunnel.TunnelHandle;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.agent.AgentConnector;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Periscope server (real HTTP API, mock IdP) with one agent cluster, {@value #NAME}, served by
 * its own tunnel port, fabric8's mock as the cluster's apiserver, an admin (group {@code ops}) and
 * alice (group {@code devs}) signed in, and real agents registered with tokens minted over the API.
 */
final class EdgeAgentCluster implements AutoCloseable {
  static final String NAME = "edge";
  static final String SA_TOKEN = "edge-agent-sa-token";
  static final Duration WAIT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  final TunnelHandle tunnel = new TunnelHandle();
  final PeriscopeHarness harness;
  TestBrowser admin;
  TestBrowser alice;
  private final Path dir;
  private final Clock agentClock;
  private int agents;

  /** @param serverClock the server's clock (sessions and certificates), or null for the system clock */
  EdgeAgentCluster(Path dir, Clock serverClock) throws IOException {
    this.dir = dir;
    this.agentClock = Clock.systemUTC();
    var spec = new ClusterSpec(NAME, Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(), "edge", Map.of(),
        Optional.empty(), Optional.empty(), Optional.of(NAME));
    Map<String, String> config = Map.of(
        "auth.authorization.mode", "raw",
        "auth.authorization.auditAdminGroups", "ops",
        "agent.tunnel.enabled", "true",
        "agent.tunnel.port", "0",
        "agent.tunnel.bindAddress", "127.0.0.1",
        "agent.tunnel.hostnames", "localhost,127.0.0.1",
        "agent.caDir", dir.resolve("ca").toString());
    var connectors = List.<io.periscope.clusters.ClusterConnector>of(new AgentConnector(Duration.ofSeconds(10), tunnel));
    harness = new PeriscopeHarness(config, List.of(spec), connectors, b -> b.agentTunnel(tunnel),
        serverClock == null ? Clock.systemUTC() : serverClock);
    harness.apiserver.serveDiscovery();
    Files.writeString(dir.resolve("sa-token"), SA_TOKEN);
    login();
  }

  /** (Re-)signs in both people: browser sessions live by the server's clock. */
  void login() {
    admin = harness.browser();
    admin.login("root", List.of("ops"));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  /** The mock apiserver's URL, where agents send what comes through the tunnel. */
  URI apiserver() {
    return URI.create(harness.apiserver.client().getConfiguration().getMasterUrl());
  }

  /**
   * Starts an agent towards {@code apiserver} and waits for its tunnel: registered with a token
   * the admin mints over the API, or (register false) from the last agent's state directory.
   */
  Agent startAgent(URI apiserver, boolean register) throws Exception {
    Optional<String> token = Optional.empty();
    if (register) {
      agents++;
      HttpResponse<String> minted = admin.mutate("POST", "/api/agents/tokens", "{\"cluster\":\"" + NAME + "\"}");
      assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
      token = Optional.of(JSON.readTree(minted.body()).get("token").asText());
    }
    Agent a = Agent.start(new AgentSettings("localhost:" + tunnel.current().orElseThrow().port(), token,
        dir.resolve("ca").resolve("ca.crt"), dir.resolve("agent-state-" + agents), apiserver, dir.resolve("sa-token"), Optional.empty(), 64,
        Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(30)), agentClock);
    assertThat(a.awaitConnected(WAIT)).as(a.lastError()).isTrue();
    return a;
  }

  /** This cluster's entry in /api/fleet, as alice sees it. */
  com.fasterxml.jackson.databind.JsonNode fleetEntry() throws Exception {
    HttpResponse<String> r = alice.get("/api/fleet");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    for (var c : JSON.readTree(r.body()).get("clusters")) {
      if (c.get("name").asText().equals(NAME)) {
        return c;
      }
    }
    throw new AssertionError("no fleet entry for " + NAME + ": " + r.body());
  }

  /** The state /api/agents shows the admin for the (only) agent. */
  String agentState() throws Exception {
    HttpResponse<String> r = admin.get("/api/agents");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get(0).get("state").asText();
  }

  @Override
  public void close() {
    harness.close();
  }
}
