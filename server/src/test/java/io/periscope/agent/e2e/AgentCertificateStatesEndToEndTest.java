package io.periscope.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.agent.link.Agent;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestBrowser;
import io.periscope.testkit.TestEpoch;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through Periscope's HTTP API: an agent cluster whose certificate expired, or whose CA was
 * rotated, answers cluster requests with a 503 naming that state, and the fleet page and
 * {@code GET /api/agents} show it. The server's clock is moved past the certificate's validity
 * instead of waiting; the agent keeps real time, so it does not renew first.
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class AgentCertificateStatesEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock(Instant.now());
  private EdgeAgentCluster edge;
  private TestBrowser admin;
  private TestBrowser alice;
  private Agent agent;

  @BeforeEach
  void start() throws Exception {
    edge = new EdgeAgentCluster(dir, clock);
    login();
    agent = edge.startAgent(edge.apiserver(), true);
    assertThat(list().statusCode()).isEqualTo(200);
    assertThat(edge.fleetEntry().get("reachable").asBoolean()).isTrue();
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    edge.close();
  }

  /** (Re-)logs in both users: browser sessions live by the same clock as the certificates. */
  private void login() {
    edge.login();
    admin = edge.admin;
    alice = edge.alice;
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
    JsonNode entry = edge.fleetEntry();
    assertThat(entry.get("reachable").asBoolean()).isFalse();
    assertThat(entry.get("error").asText()).contains("certificate_expired");
    assertThat(edge.agentState()).isEqualTo("agent_certificate_expired");
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
    JsonNode entry = edge.fleetEntry();
    assertThat(entry.get("reachable").asBoolean()).isFalse();
    assertThat(entry.get("error").asText()).contains("rotated");
    assertThat(edge.agentState()).isEqualTo("agent_ca_rotated");
  }

  private HttpResponse<String> list() {
    return alice.get("/api/clusters/edge/resources/core/v1/configmaps?namespace=shop");
  }
}
