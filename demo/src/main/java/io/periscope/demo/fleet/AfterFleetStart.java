package io.periscope.demo.fleet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.problem.ErrorCode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A production connector that connects only once the demo apiservers are up and seeded: the server
 * listens while they start, and the first request to a cluster waits for them instead of finding a
 * half-filled one (or, before the EKS cluster is registered in the fake account, none at all).
 */
final class AfterFleetStart implements ClusterConnector {
  /** Seeding takes seconds; past this the start is stuck, and the request says so. */
  static final Duration WAIT = Duration.ofSeconds(60);

  private final ClusterConnector connector;
  private final CompletableFuture<?> fleetStart;

  AfterFleetStart(ClusterConnector connector, CompletableFuture<? extends Map<String, ?>> fleetStart) {
    this.connector = connector;
    this.fleetStart = fleetStart;
  }

  @Override
  public Backend backend() {
    return connector.backend();
  }

  @Override
  public KubernetesClient connect(ClusterSpec spec) {
    try {
      fleetStart.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ClusterUnavailableException(ErrorCode.CLUSTER_UNREACHABLE, spec.name(),
          "the demo fleet is still starting after " + WAIT.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw new ClusterUnavailableException(ErrorCode.CLUSTER_UNREACHABLE, spec.name(),
          "the demo fleet did not start: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterUnavailableException(ErrorCode.INTERRUPTED, spec.name(), "interrupted while the demo fleet was starting");
    }
    return connector.connect(spec);
  }

  @Override
  public Optional<HttpClient> listTransport(String name, KubernetesClient client) {
    return connector.listTransport(name, client);
  }
}
