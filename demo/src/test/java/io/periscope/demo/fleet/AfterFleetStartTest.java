package io.periscope.demo.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.ClusterUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The demo's connectors connect only once the fleet's apiservers are up, and say so when they never come. */
class AfterFleetStartTest {
  private static final ClusterSpec SPEC = new ClusterSpec("staging", Backend.KUBECONFIG, Optional.empty(), Optional.empty(), Optional.empty(),
      "staging", Map.of(), Optional.empty(), Optional.empty(), Optional.empty());

  /** Notes, at each connect, whether the fleet had started by then. */
  private static final class Recording implements ClusterConnector {
    final List<Boolean> fleetUpAtConnect = new ArrayList<>();
    private final CompletableFuture<?> fleet;

    Recording(CompletableFuture<?> fleet) {
      this.fleet = fleet;
    }

    @Override
    public Backend backend() {
      return Backend.KUBECONFIG;
    }

    @Override
    public KubernetesClient connect(ClusterSpec spec) {
      fleetUpAtConnect.add(fleet.isDone());
      return new KubernetesClientBuilder().build();
    }
  }

  @Test
  void aConnectWhileTheFleetSeedsWaitsForIt() throws Exception {
    var fleet = new CompletableFuture<Map<String, Object>>();
    var inner = new Recording(fleet);
    var connector = new AfterFleetStart(inner, fleet);
    var client = new AtomicReference<KubernetesClient>();
    Thread connecting = Thread.ofPlatform().start(() -> client.set(connector.connect(SPEC)));
    // Until it parks, a connector that did not wait would already have connected (and ended).
    while (connecting.getState() != Thread.State.TIMED_WAITING && connecting.getState() != Thread.State.TERMINATED) {
      Thread.onSpinWait();
    }
    assertThat(inner.fleetUpAtConnect).isEmpty();

    fleet.complete(Map.of());
    connecting.join();
    assertThat(inner.fleetUpAtConnect).containsExactly(true);
    assertThat(client.get()).isNotNull();
    client.get().close();
    assertThat(connector.backend()).isEqualTo(Backend.KUBECONFIG);
  }

  @Test
  void aFleetThatFailedToStartIsAClearClusterError() {
    var fleet = CompletableFuture.<Map<String, Object>>failedFuture(new IllegalStateException("the demo fleet could not start (see the log)"));
    var inner = new Recording(fleet);

    assertThatThrownBy(() -> new AfterFleetStart(inner, fleet).connect(SPEC))
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> assertThat(e.code()).isEqualTo("cluster_unreachable"))
        .hasMessage("cluster 'staging': the demo fleet did not start: the demo fleet could not start (see the log)");
    assertThat(inner.fleetUpAtConnect).isEmpty();
  }
}
