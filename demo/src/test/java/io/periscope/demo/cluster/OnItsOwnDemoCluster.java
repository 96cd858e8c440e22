package io.periscope.demo.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests that change the demo's workloads (scale, roll back, evict) run each on a cluster of its own,
 * started before the test and closed after it, so no test sees another's pods; {@link #client} reaches it. Its kubelets
 * confirm a deleted pod's end only when the test says ({@link #kubelets}): until then the pod is terminating.
 */
abstract class OnItsOwnDemoCluster {
  private DemoCluster cluster;
  protected KubernetesClient client;
  protected ManualKubelets kubelets;

  /** The estate the cluster is seeded with: production, unless a test needs another. */
  DemoEstate estate() {
    return DemoEstate.production();
  }

  @BeforeEach
  final void startItsCluster() throws Exception {
    kubelets = new ManualKubelets();
    cluster = DemoCluster.start(estate(), Clock.systemUTC(), DemoCluster.FOLLOWED_LINE_EVERY, kubelets);
    client = DemoClusterClients.of(cluster);
  }

  @AfterEach
  final void stopItsCluster() {
    client.close();
    cluster.close();
  }
}
