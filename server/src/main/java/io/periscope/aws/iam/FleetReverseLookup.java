package io.periscope.aws.iam;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.authz.Principal;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reverse lookup over every cluster the person sees in the cluster list: each AWS cluster's
 * {@link ReverseLookup} runs on its own virtual thread, at most {@code maxConcurrentClusters} at a
 * time, each with its own time-out counted from when it starts. A cluster that does not answer in
 * time, fails, or is not on AWS gets a status instead of results and marks the answer partial; it
 * never holds the others back. Audit: each AWS cluster consulted writes the same
 * {@code aws_iam_read} {@code reverse_lookup} row as the per-cluster lookup (plus its IAM calls);
 * a cluster not on AWS is not consulted and writes none.
 */
public final class FleetReverseLookup {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FleetReverseLookup.class);

  /** How one cluster answered. */
  public enum Status {
    OK, TIMED_OUT, FAILED, NOT_AWS;

    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * @param clusterTimeout how long one cluster's lookup may take once started
   * @param maxConcurrentClusters cluster lookups running at once
   */
  public record Settings(Duration clusterTimeout, int maxConcurrentClusters) {
    public Settings {
      if (clusterTimeout.isNegative() || clusterTimeout.isZero() || maxConcurrentClusters < 1) {
        throw new IllegalArgumentException("fleet lookup needs a positive time-out and at least one cluster at a time");
      }
    }
  }

  /** The fleet question: the per-cluster one without a cluster. */
  public record Query(String action, Optional<String> resource, Optional<String> namespace) {
    /** @throws Problem 400 naming the bad parameter (the per-cluster query's checks) */
    public Query {
      new ReverseLookup.Query("", action, resource, namespace);
    }

    ReverseLookup.Query on(String cluster) {
      return new ReverseLookup.Query(cluster, action, resource, namespace);
    }
  }

  /**
   * One cluster's part: its answer when {@code OK}; otherwise the error {@code code} (the API error
   * code the per-cluster lookup would have answered with, or {@code timeout}) and a message.
   */
  public record ClusterResult(String cluster, Status status, String code, String message, ReverseLookup.Answer answer) {
    static ClusterResult ok(ReverseLookup.Answer answer) {
      return new ClusterResult(answer.cluster(), Status.OK, null, null, answer);
    }

    static ClusterResult not(String cluster, Status status, String code, String message) {
      return new ClusterResult(cluster, status, code, message, null);
    }
  }

  /** @param partial some cluster on AWS did not answer (timed out or failed): its workloads are missing */
  public record Answer(String action, Optional<String> resource, Optional<String> namespace, boolean partial,
      List<ClusterResult> clusters, String bound) {}

  private final ClusterRegistry clusters;
  private final ReverseLookup lookup;
  private final Settings settings;

  public FleetReverseLookup(ClusterRegistry clusters, ReverseLookup lookup, Settings settings) {
    this.clusters = clusters;
    this.lookup = lookup;
    this.settings = settings;
  }

  public Answer lookup(Principal who, String requestId, Query q) {
    List<ClusterSpec> specs = clusters.clusters();
    Semaphore slots = new Semaphore(settings.maxConcurrentClusters(), true);
    List<ClusterResult> out = new ArrayList<>();
    // Not closed with try-with-resources: close() would wait for a lookup abandoned at its time-out.
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    try {
      List<Future<ClusterResult>> parts = new ArrayList<>();
      for (ClusterSpec spec : specs) {
        parts.add(spec.region().isEmpty()
            ? java.util.concurrent.CompletableFuture.completedFuture(ClusterResult.not(spec.name(), Status.NOT_AWS, null,
                "its entry in clusters.yaml names no AWS region"))
            : pool.submit(() -> oneCluster(pool, slots, who, requestId, q.on(spec.name()))));
      }
      for (Future<ClusterResult> part : parts) {
        out.add(join(part));
      }
    } finally {
      pool.shutdownNow(); // interrupts lookups that outlived their time-out; none is waited for
    }
    boolean partial = out.stream().anyMatch(r -> r.status() == Status.TIMED_OUT || r.status() == Status.FAILED);
    return new Answer(q.action(), q.resource(), q.namespace(), partial, out, WorkloadPermissions.IDENTITY_BOUND);
  }

  /** Waits for a slot, then gives the cluster's lookup its time-out from that moment. */
  private ClusterResult oneCluster(ExecutorService pool, Semaphore slots, Principal who, String requestId, ReverseLookup.Query q)
      throws InterruptedException {
    slots.acquire();
    try {
      Future<ReverseLookup.Answer> running = pool.submit(() -> lookup.lookup(who, requestId, q));
      try {
        return ClusterResult.ok(running.get(settings.clusterTimeout().toNanos(), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        running.cancel(true);
        return ClusterResult.not(q.cluster(), Status.TIMED_OUT, "timeout",
            "no answer within " + settings.clusterTimeout().toMillis() + " ms");
      } catch (ExecutionException e) {
        return failed(q.cluster(), requestId, e.getCause());
      }
    } finally {
      slots.release(); // a lookup that timed out may still be running: it no longer holds a slot
    }
  }

  private static ClusterResult join(Future<ClusterResult> part) {
    try {
      return part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the fleet lookup", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("fleet lookup task failed", e.getCause());
    }
  }

  private static ClusterResult failed(String cluster, String requestId, Throwable t) {
    if (t instanceof Problem p) {
      return ClusterResult.not(cluster, Status.FAILED, p.code(), p.getMessage());
    }
    if (t instanceof KubernetesClientException k) {
      return ClusterResult.not(cluster, Status.FAILED, KubernetesErrors.code(k), KubernetesErrors.message(k));
    }
    log.error("fleet reverse lookup failed on cluster {} (request {})", cluster, requestId, t);
    return ClusterResult.not(cluster, Status.FAILED, "internal_error", "internal error; quote request id " + requestId + " when reporting it");
  }
}
