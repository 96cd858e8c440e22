package io.periscope.stream;

import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Caps on open streams per person and in total; over a cap is a 429 saying which. */
public final class StreamLimits {
  private final int perUser;
  private final int total;
  private final java.util.function.IntFunction<String> overPersonalCap;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, AtomicInteger> byUser = new ConcurrentHashMap<>();

  public StreamLimits(int perUser, int total) {
    this(perUser, total, n -> "you have " + n + " live streams open (one per browser tab); close a tab or use the polling endpoint");
  }

  /** @param overPersonalCap the 429's message when a person holds {@code perUser} already, given that number */
  public StreamLimits(int perUser, int total, java.util.function.IntFunction<String> overPersonalCap) {
    this.perUser = perUser;
    this.total = total;
    this.overPersonalCap = overPersonalCap;
  }

  /** A permit to release exactly once when the stream ends. */
  public Runnable acquire(String subject) {
    if (open.incrementAndGet() > total) {
      open.decrementAndGet();
      throw new Problem(ErrorCode.TOO_MANY_STREAMS, "the server has its maximum of " + total + " live streams open; try again shortly");
    }
    AtomicInteger mine = byUser.computeIfAbsent(subject, s -> new AtomicInteger());
    if (mine.incrementAndGet() > perUser) {
      mine.decrementAndGet();
      open.decrementAndGet();
      throw new Problem(ErrorCode.TOO_MANY_STREAMS, overPersonalCap.apply(perUser));
    }
    var released = new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        mine.decrementAndGet();
        open.decrementAndGet();
      }
    };
  }

  public int open() {
    return open.get();
  }
}
