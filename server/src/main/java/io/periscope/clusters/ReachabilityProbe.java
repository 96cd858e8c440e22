package io.periscope.clusters;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background worker (no human in the loop, so it uses the server's own identity) that asks each
 * cluster for {@code /version}, concurrently, so the cluster list can show reachability without
 * making a person wait for a dead cluster. When a cluster turns reachable (its first answer, or its
 * first after being unreachable) the probe runs the {@link #whenReachable} actions for it, e.g.
 * reading its discovery before the first page needs it.
 */
public final class ReachabilityProbe implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReachabilityProbe.class);
  private final ClusterRegistry registry;
  private final Clock clock;
  private final Map<String, Reachability> last = new ConcurrentHashMap<>();
  private final List<Consumer<String>> onReachable = new CopyOnWriteArrayList<>();
  private final Map<String, CountDownLatch> firstProbes = new ConcurrentHashMap<>();
  private ScheduledExecutorService scheduler;

  public ReachabilityProbe(ClusterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  public Reachability last(String cluster) {
    return last.getOrDefault(cluster, Reachability.UNKNOWN);
  }

  /**
   * Runs {@code action} with the cluster's name each time the cluster turns reachable, on that
   * cluster's probe thread (so the probe round includes it); a failing action is logged and ignored.
   */
  public void whenReachable(Consumer<String> action) {
    onReachable.add(action);
  }

  /** Waits until the cluster's first probe, with its {@link #whenReachable} actions, has finished. */
  public boolean awaitFirstProbe(String cluster, Duration timeout) throws InterruptedException {
    return firstProbe(cluster).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private CountDownLatch firstProbe(String cluster) {
    return firstProbes.computeIfAbsent(cluster, c -> new CountDownLatch(1));
  }

  public void start(Duration interval) {
    scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("reachability-probe").daemon().factory());
    scheduler.scheduleWithFixedDelay(this::probeAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Probes every registered cluster concurrently and waits for all (each bounded by its client time-out). */
  public void probeAll() {
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (ClusterSpec spec : registry.clusters()) {
        executor.submit(() -> probeAndNotify(spec.name()));
      }
    }
    last.keySet().retainAll(registry.clusters().stream().map(ClusterSpec::name).toList());
  }

  private void probeAndNotify(String cluster) {
    try {
      probeAndNotifyOnce(cluster);
    } finally {
      firstProbe(cluster).countDown();
    }
  }

  private void probeAndNotifyOnce(String cluster) {
    Reachability now = probe(cluster);
    Reachability before = last.put(cluster, now);
    if (now.status() != Reachability.Status.REACHABLE || (before != null && before.status() == Reachability.Status.REACHABLE)) {
      return;
    }
    for (Consumer<String> action : onReachable) {
      try {
        action.accept(cluster);
      } catch (RuntimeException e) {
        log.warn("after cluster '{}' turned reachable: {}", cluster, e.toString());
      }
    }
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
