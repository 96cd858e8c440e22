package io.periscope.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.ClusterSpec;

/** Connects every cluster of one backend to one given client (the mock apiserver's). */
public record FixedClientConnector(Backend backend, KubernetesClient client) implements ClusterConnector {
  /** For kubeconfig-backend clusters. */
  public FixedClientConnector(KubernetesClient client) {
    this(Backend.KUBECONFIG, client);
  }

  @Override
  public KubernetesClient connect(ClusterSpec spec) {
    return client;
  }
}
