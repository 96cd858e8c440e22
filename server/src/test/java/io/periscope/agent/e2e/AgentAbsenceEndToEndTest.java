package io.periscope.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.periscope.agent.link.Agent;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestEpoch;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent cluster without an agent says which of two cases it is, on the Agents page
 * ({@code GET /api/agents}) and the fleet: its agent never connected to this server, or it did and
 * was lost at a given time (an operator then looks at the agent, not at the install steps).
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class AgentAbsenceEndToEndTest {
  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock(Instant.now());
  private EdgeAgentCluster edge;
  private Agent agent;

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    if (edge != null) {
      edge.close();
    }
  }

  @Test
  void aClusterWhoseAgentNeverConnectedIsToldFromOneWhoseAgentWasLost() throws Exception {
    edge = new EdgeAgentCluster(dir, clock);

    assertThat(edge.agentState()).isEqualTo("agent_disconnected");
    assertThat(edge.agentReason()).isEqualTo("no periscope-agent has connected for this cluster since this server started: install it"
        + " with a registration token, or check its pod's /readyz and log");
    assertThat(edge.fleetEntry().get("error").asText()).contains("no periscope-agent has connected for this cluster since this server");

    agent = edge.startAgent(edge.apiserver(), true);
    assertThat(edge.agentState()).isEqualTo("connected");
    assertThat(edge.agentReason()).isEmpty();

    clock.advance(Duration.ofMinutes(5));
    Instant lostAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // shown to people: whole seconds
    agent.close();
    agent = null;
    await().atMost(EdgeAgentCluster.WAIT).until(() -> edge.agentState().equals("agent_disconnected"));

    assertThat(edge.agentReason()).startsWith("its periscope-agent disconnected at " + lostAt + " (CANCELLED")
        .endsWith(") and has not reconnected; it reconnects by itself once it reaches this server: its pod's /readyz and log say why not");
    assertThat(edge.fleetEntry().get("error").asText()).contains("its periscope-agent disconnected at " + lostAt);

    agent = edge.startAgent(edge.apiserver(), false);
    assertThat(edge.agentState()).as("a reconnected agent is no longer lost").isEqualTo("connected");
    assertThat(edge.agentReason()).isEmpty();
  }
}
