package io.periscope.clusters;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Builds the one fabric8 client (and so the one HTTP connection pool) for a registered cluster.
 * The client carries the server's own credentials for its backend; impersonation is added per
 * request by {@code k8s.ImpersonatingClients}, never here.
 */
public interface ClusterConnector {
  Backend backend();

  /**
   * @throws ClusterUnavailableException when the backend cannot produce a client now (for example
   *     DescribeCluster failed or the backend is not available in this build)
   */
  KubernetesClient connect(ClusterSpec spec);
}
