package io.periscope.clusters;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Background worker (no human in the loop, so it uses the server's own identity) that asks each
 * cluster for {@code /version}, concurrently, so the cluster list can show reachability without
 * making a person wait for a dead cluster.
 */
public final class ReachabilityProbe implements AutoCloseable {
  private final ClusterRegistry registry;
  private final Clock clock;
  private final Map<String, Reachability> last = new ConcurrentHashMap<>();
  private ScheduledExecutorService scheduler;

  public ReachabilityProbe(ClusterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  public Reachability last(String cluster) {
    return last.getOrDefault(cluster, Reachability.UNKNOWN);
  }

  public void start(Duration interval) {
    scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("reachability-probe").daemon().factory());
    scheduler.scheduleWithFixedDelay(this::probeAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Probes every registered cluster concurrently and waits for all (each bounded by its client time-out). */
  public void probeAll() {
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (ClusterSpec spec : registry.clusters()) {
        executor.submit(() -> last.put(spec.name(), probe(spec.name())));
      }
    }
    last.keySet().retainAll(registry.clusters().stream().map(ClusterSpec::name).toList());
  }

  private Reachability probe(String cluster) {
    try {
      var version = registry.client(cluster).getKubernetesVersion();
      return new Reachability(Reachability.Status.REACHABLE, null, clock.instant(), version.getGitVersion());
    } catch (KubernetesClientException e) {
      return new Reachability(Reachability.Status.UNREACHABLE, KubernetesErrors.message(e), clock.instant(), null);
    } catch (Problem e) {
      return new Reachability(Reachability.Status.UNREACHABLE, e.getMessage(), clock.instant(), null);
    } catch (RuntimeException e) {
      return new Reachability(Reachability.Status.UNREACHABLE, e.getClass().getSimpleName(), clock.instant(), null);
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
