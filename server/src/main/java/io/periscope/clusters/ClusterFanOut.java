package io.periscope.clusters;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One question asked of many clusters at once, for fleet-wide pages: each cluster's work runs on
 * its own virtual thread, at most {@code maxConcurrentClusters} at a time, each with its own
 * time-out counted from when it starts (not from when the question was asked, so a queue of slow
 * clusters does not eat the last ones' time). A cluster that does not answer in time or fails gets
 * an outcome saying so and never holds the others back; its work is interrupted and not waited for.
 */
public final class ClusterFanOut {
  /**
   * @param clusterTimeout how long one cluster's work may take once started
   * @param maxConcurrentClusters clusters worked on at once
   */
  public record Settings(Duration clusterTimeout, int maxConcurrentClusters) {
    public Settings {
      if (clusterTimeout.isNegative() || clusterTimeout.isZero() || maxConcurrentClusters < 1) {
        throw new IllegalArgumentException("a fleet-wide question needs a positive time-out and at least one cluster at a time");
      }
    }
  }

  /** How one cluster's work ended. */
  public sealed interface Outcome<T> {
    String cluster();

    record Answered<T>(String cluster, T value) implements Outcome<T> {}

    /** The work did not end within {@code after}; it was interrupted. */
    record TimedOut<T>(String cluster, Duration after) implements Outcome<T> {
      public String message() {
        return "no answer within " + after.toMillis() + " ms";
      }
    }

    /** The work threw {@code cause}. */
    record Failed<T>(String cluster, Throwable cause) implements Outcome<T> {
      /**
       * The cause as the API error the cluster's own page would have answered with; anything but a
       * {@link Problem} or an apiserver failure is logged and named by {@code requestId} only.
       */
      public ClusterError error(String requestId) {
        if (cause instanceof Problem p) {
          return new ClusterError(p.status(), p.code(), p.getMessage());
        }
        if (cause instanceof KubernetesClientException k) {
          return new ClusterError(k.getCode() > 0 ? k.getCode() : 502, KubernetesErrors.code(k), KubernetesErrors.message(k));
        }
        log.error("fleet-wide work failed on cluster {} (request {})", cluster, requestId, cause);
        return new ClusterError(500, "internal_error", "internal error; quote request id " + requestId + " when reporting it");
      }
    }
  }

  /** A failed cluster's part as an API error: HTTP status, error code and message. */
  public record ClusterError(int status, String code, String message) {}

  /**
   * How one cluster answered, as a fleet-wide list reports it: {@code ok}, or {@code forbidden}
   * (a refusal: an apiserver 403, {@code helm_forbidden}, {@code no_identity}), {@code failed}
   * (unreachable, an apiserver error, ...) or {@code timeout}, with the API error code and message
   * the cluster's own page would have shown.
   */
  public record Standing(String status, String code, String message) {
    public static Standing of(Outcome<?> outcome, String requestId) {
      return switch (outcome) {
        case Outcome.Answered<?> a -> new Standing("ok", null, null);
        case Outcome.TimedOut<?> t -> new Standing("timeout", "timeout", t.message());
        case Outcome.Failed<?> f -> {
          ClusterError error = f.error(requestId);
          yield new Standing(error.status() == 403 ? "forbidden" : "failed", error.code(), error.message());
        }
      };
    }
  }

  private static final Logger log = LoggerFactory.getLogger(ClusterFanOut.class);

  private final Settings settings;

  public ClusterFanOut(Settings settings) {
    this.settings = settings;
  }

  /** {@code work} applied to each cluster; the outcomes in the order of {@code clusters}. */
  public <T> List<Outcome<T>> ask(List<String> clusters, Function<String, T> work) {
    Semaphore slots = new Semaphore(settings.maxConcurrentClusters(), true);
    // Not closed with try-with-resources: close() would wait for work abandoned at its time-out.
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    try {
      List<Future<Outcome<T>>> parts = new ArrayList<>();
      for (String cluster : clusters) {
        parts.add(pool.submit(() -> one(pool, slots, cluster, work)));
      }
      List<Outcome<T>> out = new ArrayList<>();
      for (Future<Outcome<T>> part : parts) {
        out.add(join(part));
      }
      return out;
    } finally {
      pool.shutdownNow(); // interrupts work that outlived its time-out; none is waited for
    }
  }

  /** Waits for a slot, then gives the cluster's work its time-out from that moment. */
  private <T> Outcome<T> one(ExecutorService pool, Semaphore slots, String cluster, Function<String, T> work) throws InterruptedException {
    slots.acquire();
    try {
      Future<T> running = pool.submit(() -> work.apply(cluster));
      try {
        return new Outcome.Answered<>(cluster, running.get(settings.clusterTimeout().toNanos(), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        running.cancel(true);
        return new Outcome.TimedOut<>(cluster, settings.clusterTimeout());
      } catch (ExecutionException e) {
        return new Outcome.Failed<>(cluster, e.getCause());
      }
    } finally {
      slots.release(); // work that timed out may still be running: it no longer holds a slot
    }
  }

  private static <T> Outcome<T> join(Future<Outcome<T>> part) {
    try {
      return part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a fleet-wide answer", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a fleet-wide task failed", e.getCause());
    }
  }
}
