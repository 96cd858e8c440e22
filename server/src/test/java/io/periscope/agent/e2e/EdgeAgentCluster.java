package io.periscope.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.agent.link.Agent;
import io.periscope.agent.link.AgentSettings;
import io.periscope.agent.tunnel.TunnelServer;
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
 * alice (group {@code devs}) signed in, and real agents registered with tokens minted over the API
 * and given the CA bundle the API serves.
 */
final class EdgeAgentCluster implements AutoCloseable {
  static final String NAME = "edge";
  static final String SA_TOKEN = "edge-agent-sa-token";
  static final Duration WAIT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The app's tunnel, known once the app has started it. */
  private volatile TunnelServer tunnel;
  final PeriscopeHarness harness;
  TestBrowser admin;
  TestBrowser alice;
  private final Path dir;
  private final Clock agentClock;
  private int agents;

  /**
   * Registrations in memory, the CA in a directory.
   *
   * @param serverClock the server's clock (sessions and certificates), or null for the system clock
   */
  EdgeAgentCluster(Path dir, Clock serverClock) throws IOException {
    this(dir, serverClock, Map.of("agent.ca.store", "directory", "agent.caDir", dir.resolve("ca").toString()), false);
  }

  /**
   * @param config settings on top of the tunnel's (e.g. the storage backend, a fixed tunnel port, the CA key)
   * @param realStorage the configured database for audit, sessions, registrations and the CA (as in production)
   */
  EdgeAgentCluster(Path dir, Clock serverClock, Map<String, String> config, boolean realStorage) throws IOException {
    this.dir = dir;
    this.agentClock = Clock.systemUTC();
    var spec = new ClusterSpec(NAME, Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(), "edge", Map.of(),
        Optional.empty(), Optional.empty(), Optional.of(NAME));
    Map<String, String> all = new java.util.HashMap<>(Map.of(
        "auth.authorization.mode", "raw",
        "auth.authorization.auditAdminGroups", "ops",
        "agent.tunnel.enabled", "true",
        "agent.tunnel.port", "0",
        "agent.tunnel.bindAddress", "127.0.0.1",
        "agent.tunnel.hostnames", "localhost,127.0.0.1"));
    all.putAll(config);
    harness = new PeriscopeHarness(all, List.of(spec), started -> {
      tunnel = started.orElseThrow();
      return List.of(new AgentConnector(Duration.ofSeconds(10), started));
    }, b -> {
      if (realStorage) {
        b.storageFromConfig();
      }
    }, serverClock == null ? Clock.systemUTC() : serverClock);
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
    if (register) {
      agents++;
    }
    return startAgent(apiserver, register ? Optional.of(mintToken()) : Optional.empty(), dir.resolve("agent-state-" + agents));
  }

  /** Starts an agent with the given state directory (and token, for a first registration) and waits for its tunnel. */
  Agent startAgent(URI apiserver, Optional<String> token, Path stateDir) throws Exception {
    Agent a = launchAgent(apiserver, token, stateDir);
    assertThat(a.awaitConnected(WAIT)).as(a.lastError()).isTrue();
    return a;
  }

  /** Starts an agent as {@link #startAgent(URI, Optional, Path)} does, without waiting for its tunnel (the server may refuse it). */
  Agent launchAgent(URI apiserver, Optional<String> token, Path stateDir) throws Exception {
    Path caBundle = dir.resolve("ca-bundle.pem");
    Files.writeString(caBundle, caPem());
    return Agent.start(new AgentSettings("localhost:" + tunnel.port(), token,
        caBundle, stateDir, apiserver, dir.resolve("sa-token"), Optional.empty(), 64,
        Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(30)), agentClock);
  }

  /** A registration token the admin mints over the API. */
  String mintToken() throws IOException {
    HttpResponse<String> minted = admin.mutate("POST", "/api/agents/tokens", "{\"cluster\":\"" + NAME + "\"}");
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
    return JSON.readTree(minted.body()).get("token").asText();
  }

  /** The agent CA's certificate as the admin gets it for agents' {@code --ca-bundle} ({@code GET /api/agents/ca}). */
  String caPem() throws IOException {
    HttpResponse<String> r = admin.get("/api/agents/ca");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("caPem").asText();
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

  /** What /api/agents shows the admin of the (only) agent cluster's identity. */
  com.fasterxml.jackson.databind.JsonNode agentIdentity() throws Exception {
    HttpResponse<String> r = admin.get("/api/agents");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get(0).get("identity");
  }

  /** Why /api/agents says the (only) agent is not connected; empty while it is. */
  String agentReason() throws Exception {
    HttpResponse<String> r = admin.get("/api/agents");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get(0).get("reason").asText();
  }

  @Override
  public void close() {
    harness.close();
  }
}
