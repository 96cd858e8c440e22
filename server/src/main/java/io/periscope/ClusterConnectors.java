package io.periscope;

import io.periscope.agent.tunnel.TunnelHandle;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.KubeconfigConnector;
import io.periscope.clusters.agent.AgentConnector;
import io.periscope.clusters.eks.EksConnector;
import io.periscope.clusters.incluster.InClusterConnector;
import java.time.Duration;
import java.util.List;

/** The production connector set, one per {@link Backend}, for {@link ClusterRegistry}. */
public final class ClusterConnectors {
  private ClusterConnectors() {}

  /**
   * All four backends with production settings (AWS default chain, process environment, standard
   * mounts). Without a tunnel server, agent clusters answer 503 {@code agent_tunnel_disabled}.
   */
  public static List<ClusterConnector> defaults(Duration requestTimeout) {
    return List.of(
        new EksConnector(requestTimeout),
        new KubeconfigConnector(requestTimeout),
        new InClusterConnector(requestTimeout),
        AgentConnector.withoutTunnel(requestTimeout));
  }

  /** As {@link #defaults(Duration)}, with agent clusters served by {@code tunnel} once it is started. */
  public static List<ClusterConnector> defaults(Duration requestTimeout, TunnelHandle tunnel) {
    return List.of(
        new EksConnector(requestTimeout),
        new KubeconfigConnector(requestTimeout),
        new InClusterConnector(requestTimeout),
        new AgentConnector(requestTimeout, tunnel));
  }
}
