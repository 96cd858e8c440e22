package io.periscope.logs;

import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many followed workload logs a person may hold open at once. Each holds up to
 * {@link WorkloadLogs#MAX_STREAMS} apiserver log streams and a pod watch, so a person with many such
 * tabs would multiply that load on the cluster; past the cap a new one is refused (429) before any
 * apiserver call. A tab that was closed frees its slot at the next heartbeat.
 */
public final class FollowSlots {
  public static final int PER_PERSON = 4;

  private final ConcurrentHashMap<String, AtomicInteger> held = new ConcurrentHashMap<>();

  /** A slot held until closed. */
  public interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /** @throws Problem 429 {@code too_many_streams} when the person already holds {@link #PER_PERSON} */
  public Slot take(String subject) {
    AtomicInteger count = held.computeIfAbsent(subject, s -> new AtomicInteger());
    if (count.incrementAndGet() > PER_PERSON) {
      count.decrementAndGet();
      throw new Problem(ErrorCode.TOO_MANY_STREAMS, "you are following " + PER_PERSON + " workloads' logs already (the most at once);"
          + " close one of those tabs first (a closed tab frees its place within 15 s)");
    }
    var released = new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        count.decrementAndGet();
      }
    };
  }
}
