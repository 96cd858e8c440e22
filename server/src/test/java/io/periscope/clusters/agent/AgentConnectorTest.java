package io.periscope.clusters.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.ClusterUnavailableException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Without a tunnel port; the connected and disconnected cases are in io.periscope.agent.tunnel.AgentTunnelEndToEndTest. */
class AgentConnectorTest {
  @Test
  void withoutATunnelServerAgentClustersAnswer503NamingTheCluster() {
    var spec = new ClusterSpec("edge-1", Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(), "",
        Map.of(), Optional.empty(), Optional.empty(), Optional.of("edge-1"));
    var connector = new AgentConnector(Duration.ofSeconds(5), java.util.Optional.empty());

    assertThat(connector.backend()).isEqualTo(Backend.AGENT);
    assertThatThrownBy(() -> connector.connect(spec))
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.code()).isEqualTo("agent_tunnel_disabled");
        })
        .hasMessageContaining("cluster 'edge-1'")
        .hasMessageContaining("no agent tunnel port");
  }
}
