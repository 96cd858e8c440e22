package io.periscope.clusters.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.ClusterUnavailableException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentConnectorTest {
  @Test
  void agentBackendAnswers501UntilTheTunnelLands() {
    var spec = new ClusterSpec("edge-1", Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(), "",
        Map.of(), Optional.empty(), Optional.empty(), Optional.of("edge-1"));
    var connector = new AgentConnector();

    assertThat(connector.backend()).isEqualTo(Backend.AGENT);
    assertThatThrownBy(() -> connector.connect(spec))
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> {
          assertThat(e.status()).isEqualTo(501);
          assertThat(e.code()).isEqualTo("agent_backend_unavailable");
        })
        .hasMessageContaining("cluster 'edge-1'")
        .hasMessageContaining("agent tunnel")
        .hasMessageContaining("not available in this version");
  }
}
