package io.periscope.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.ClusterSpec;
import java.util.Map;

/** Connects each cluster of one backend (kubeconfig unless given) to the client registered under its name. */
public record NamedClientConnector(Backend backend, Map<String, KubernetesClient> clients) implements ClusterConnector {
  public NamedClientConnector(Map<String, KubernetesClient> clients) {
    this(Backend.KUBECONFIG, clients);
  }

  @Override
  public KubernetesClient connect(ClusterSpec spec) {
    KubernetesClient c = clients.get(spec.name());
    if (c == null) {
      throw new IllegalStateException("no test client for cluster " + spec.name());
    }
    return c;
  }
}
