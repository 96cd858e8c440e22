package io.periscope.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.agent.link.Agent;
import io.periscope.agent.link.AgentSettings;
import io.periscope.agent.tunnel.TunnelHandle;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.agent.AgentConnector;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through Periscope's HTTP API: an agent cluster whose certificate expired, or whose CA was
 * rotated, answers cluster requests with a 503 naming that state, and the fleet page and
 * {@code GET /api/agents} show it. The server's clock is moved past the certificate's validity
 * instead of waiting; the agent keeps real time, so it does not renew first.
 */
class AgentCertificateStatesEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLUSTER = "edge";
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;
  private final TunnelHandle tunnel = new TunnelHandle();
  private final MutableClock clock = new MutableClock(Instant.now());
  private PeriscopeHarness harness;
  private TestBrowser admin;
  private TestBrowser alice;
  private Agent agent;

  @BeforeEach
  void start() throws Exception {
    var spec = new ClusterSpec(CLUSTER, Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(), "edge", Map.of(),
        Optional.empty(), Optional.empty(), Optional.of(CLUSTER));
    harness = new PeriscopeHarness(Map.of(
        "auth.authorization.mode", "raw",
        "auth.authorization.auditAdminGroups", "ops",
        "agent.tunnel.enabled", "true",
        "agent.tunnel.port", "0",
        "agent.tunnel.bindAddress", "127.0.0.1",
        "agent.tunnel.hostnames", "localhost,127.0.0.1",
        "agent.caDir", dir.resolve("ca").toString()),
        List.of(spec), List.of(new AgentConnector(Duration.ofSeconds(10), tunnel)), b -> b.agentTunnel(tunnel), clock);
    harness.apiserver.serveDiscovery();
    Files.writeString(dir.resolve("sa-token"), "edge-agent-sa-token");
    login();
    HttpResponse<String> minted = admin.mutate("POST", "/api/agents/tokens", "{\"cluster\":\"edge\"}");
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
    agent = Agent.start(new AgentSettings("localhost:" + tunnel.current().orElseThrow().port(),
        Optional.of(JSON.readTree(minted.body()).get("token").asText()), dir.resolve("ca").resolve("ca.crt"), dir.resolve("agent-state"),
        URI.create(harness.apiserver.client().getConfiguration().getMasterUrl()), dir.resolve("sa-token"), Optional.empty(), 64,
        Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(30)), Clock.systemUTC());
    assertThat(agent.awaitConnected(WAIT)).as(agent.lastError()).isTrue();
    assertThat(list().statusCode()).isEqualTo(200);
    assertThat(fleetEntry().get("reachable").asBoolean()).isTrue();
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    harness.close();
  }

  /** (Re-)logs in both users: browser sessions live by the same clock as the certificates. */
  private void login() {
    admin = harness.browser();
    admin.login("root", List.of("ops"));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @Test
  void anExpiredAgentCertificateShowsAsAgentCertificateExpired() throws Exception {
    clock.advance(Duration.ofDays(31)); // default validity: 30 days
    login();

    HttpResponse<String> refused = list();

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    JsonNode body = JSON.readTree(refused.body());
    assertThat(body.get("code").asText()).isEqualTo("agent_certificate_expired");
    assertThat(body.get("message").asText()).contains("cluster 'edge'").contains("expired");
    assertThat(body.get("requestId").asText()).isNotEmpty();
    JsonNode entry = fleetEntry();
    assertThat(entry.get("reachable").asBoolean()).isFalse();
    assertThat(entry.get("error").asText()).contains("certificate_expired");
    assertThat(agentState()).isEqualTo("agent_certificate_expired");
    // The agent is turned away on reconnect too, and stays so (no renewal for an expired certificate).
    await().atMost(WAIT).until(() -> agent.lastRefusal().contains("certificate_expired"));
    assertThat(list().statusCode()).isEqualTo(503);
  }

  @Test
  void aRotatedCaShowsAsAgentCaRotated() throws Exception {
    HttpResponse<String> rotated = admin.mutate("POST", "/api/agents/ca/rotate", "");
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    await().atMost(WAIT).until(() -> !agent.connected());

    HttpResponse<String> refused = list();

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    JsonNode body = JSON.readTree(refused.body());
    assertThat(body.get("code").asText()).isEqualTo("agent_ca_rotated");
    assertThat(body.get("message").asText()).contains("cluster 'edge'");
    JsonNode entry = fleetEntry();
    assertThat(entry.get("reachable").asBoolean()).isFalse();
    assertThat(entry.get("error").asText()).contains("rotated");
    assertThat(agentState()).isEqualTo("agent_ca_rotated");
  }

  private HttpResponse<String> list() {
    return alice.get("/api/clusters/edge/resources/core/v1/configmaps?namespace=shop");
  }

  private String agentState() throws Exception {
    HttpResponse<String> r = admin.get("/api/agents");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get(0).get("state").asText();
  }

  private JsonNode fleetEntry() throws Exception {
    HttpResponse<String> r = alice.get("/api/fleet");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    for (JsonNode c : JSON.readTree(r.body()).get("clusters")) {
      if (c.get("name").asText().equals(CLUSTER)) {
        return c;
      }
    }
    throw new AssertionError("no fleet entry for edge: " + r.body());
  }
}
