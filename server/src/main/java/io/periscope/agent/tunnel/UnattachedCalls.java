package io.periscope.agent.tunnel;

import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Proxy calls that have not attached yet. An honest agent sends {@code Attach} as the first frame
 * of the call it opens for an announced request, one round trip after {@code Open}; a call that
 * sends nothing still holds an HTTP/2 stream and its buffers here. So a call must attach within
 * the open timeout (by then the request it could serve has failed with 504 anyway), else it is
 * ended with {@code DEADLINE_EXCEEDED}, and a cluster's agent may hold at most
 * {@link #MAX_PER_CLUSTER} unattached calls on this replica at once: beyond that a new one is
 * ended with {@code RESOURCE_EXHAUSTED}. Counted per cluster rather than per session: a call
 * names its session only by attaching, and a certificate's holder can open sessions under new
 * tunnel ids at will.
 */
final class UnattachedCalls implements AutoCloseable {
  /** Twice the agent's default {@code --max-concurrent}: an honest agent holds its calls unattached one round trip only. */
  static final int MAX_PER_CLUSTER = 256;

  private final Duration timeout;
  private final ScheduledThreadPoolExecutor timer;
  private final Map<String, Integer> counts = new ConcurrentHashMap<>();

  UnattachedCalls(Duration timeout) {
    this.timeout = timeout;
    this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("tunnel-attach-timeout").daemon(true).factory());
    timer.setRemoveOnCancelPolicy(true);
  }

  /** One call waiting for its {@code Attach}; it stops counting when it attaches, ends or times out. */
  final class Waiting {
    private final String cluster;
    private final AtomicBoolean over = new AtomicBoolean();
    private volatile ScheduledFuture<?> deadline;

    private Waiting(String cluster) {
      this.cluster = cluster;
    }

    /** The call attached: @return false when it had already timed out (and was ended) */
    boolean attached() {
      return end();
    }

    private boolean end() {
      if (!over.compareAndSet(false, true)) {
        return false;
      }
      counts.computeIfPresent(cluster, (c, n) -> n == 1 ? null : n - 1);
      ScheduledFuture<?> d = deadline;
      if (d != null) {
        d.cancel(false);
      }
      return true;
    }
  }

  /**
   * Starts the clock of a new, unattached call; ends the call at once when the cluster already
   * holds the maximum.
   *
   * @return the call's waiting, or null when it was refused
   */
  Waiting start(String cluster, ProxyCall call) {
    boolean[] admitted = {false};
    counts.compute(cluster, (c, n) -> {
      int held = n == null ? 0 : n;
      admitted[0] = held < MAX_PER_CLUSTER;
      return admitted[0] ? held + 1 : n;
    });
    if (!admitted[0]) {
      call.refuse(Status.RESOURCE_EXHAUSTED.withDescription("the agent of cluster '" + cluster + "' holds " + MAX_PER_CLUSTER
          + " Proxy calls that have not attached; attach those first"));
      return null;
    }
    Waiting waiting = new Waiting(cluster);
    // Ended by the agent before attaching (cancelled): it stops counting.
    call.ended().whenComplete((done, failure) -> waiting.end());
    waiting.deadline = timer.schedule(() -> {
      if (waiting.end()) {
        call.refuse(Status.DEADLINE_EXCEEDED.withDescription("the Proxy call sent no Attach within " + timeout.toMillis()
            + " ms of opening"));
      }
    }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (waiting.over.get()) {
      waiting.deadline.cancel(false);
    }
    return waiting;
  }

  /** Unattached calls of the cluster now. */
  int count(String cluster) {
    return counts.getOrDefault(cluster, 0);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
