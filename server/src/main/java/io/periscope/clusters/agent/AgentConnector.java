package io.periscope.clusters.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.ClusterUnavailableException;

/**
 * Placeholder for clusters reached through periscope-agent's outbound tunnel. Until the tunnel
 * lands, every connection attempt answers 501 {@code agent_backend_unavailable}, so an agent
 * entry in {@code clusters.yaml} is accepted and listed but explains itself when opened.
 */
public final class AgentConnector implements ClusterConnector {
  public static final String CODE = "agent_backend_unavailable";

  @Override
  public Backend backend() {
    return Backend.AGENT;
  }

  /** @throws ClusterUnavailableException always, 501 {@value #CODE} */
  @Override
  public KubernetesClient connect(ClusterSpec spec) {
    throw new ClusterUnavailableException(501, CODE, spec.name(),
        "the agent tunnel (agent '" + spec.agent().orElse(spec.name())
            + "') is not available in this version of Periscope; use the eks, kubeconfig or in-cluster backend");
  }
}
