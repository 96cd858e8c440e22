package io.periscope.clusters;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.periscope.transport.JettyTransportFactory;
import java.util.Optional;

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

  /**
   * The transport the cluster's list bodies are relayed over, sharing the client's config and
   * interceptors; empty when the main client must carry them. By default a Jetty transport built
   * from the client's config (empty when that config needs a proxy or a TLS server name).
   */
  default Optional<HttpClient> listTransport(String name, KubernetesClient client) {
    return JettyTransportFactory.create(name, client.getConfiguration());
  }
}
