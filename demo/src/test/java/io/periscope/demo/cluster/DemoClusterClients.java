package io.periscope.demo.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;

/** A client of a plain demo cluster from its own kubeconfig, as kubectl would reach it; no retries, so a failure shows at once. */
final class DemoClusterClients {
  private DemoClusterClients() {}

  static KubernetesClient of(DemoCluster cluster) throws IOException {
    String name = cluster.estate().name();
    Config config = new ConfigBuilder(Config.fromKubeconfig(name, Files.readString(cluster.kubeconfig()), cluster.kubeconfig().toString()))
        .withRequestRetryBackoffLimit(0).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
