package io.periscope;

import io.periscope.agent.tunnel.TunnelServer;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.KubeconfigConnector;
import io.periscope.clusters.agent.AgentConnector;
import io.periscope.clusters.eks.EksConnector;
import io.periscope.clusters.incluster.InClusterConnector;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The production connector set, one per {@link Backend}, for {@link ClusterRegistry}. It lives in
 * the composition root because it names every backend package, which the registry itself must not.
 */
public final class ClusterConnectors {
  private ClusterConnectors() {}

  /**
   * All four backends with production settings (process environment, standard mounts).
   *
   * @param tunnel the started agent tunnel; empty: agent clusters answer 503 {@code agent_tunnel_disabled}
   * @param aws the server's AWS clients (EKS DescribeCluster and token signing)
   */
  public static List<ClusterConnector> defaults(Duration requestTimeout, Optional<TunnelServer> tunnel, AwsClients aws) {
    return List.of(
        new EksConnector(requestTimeout, aws),
        new KubeconfigConnector(requestTimeout),
        new InClusterConnector(requestTimeout),
        new AgentConnector(requestTimeout, tunnel));
  }
}
