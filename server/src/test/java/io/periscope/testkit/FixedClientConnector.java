package io.periscope.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.ClusterSpec;

/** Connects every kubeconfig-backend cluster to one given client (the mock apiserver's). */
public record FixedClientConnector(KubernetesClient client) implements ClusterConnector {
  @Override
  public Backend backend() {
    return Backend.KUBECONFIG;
  }

  @Override
  public KubernetesClient connect(ClusterSpec spec) {
    return client;
  }
}
