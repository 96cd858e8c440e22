package io.periscope.exec;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Counts open shells per person (OIDC subject) against {@link ExecSettings#maxSessionsPerUser()}. */
public final class SessionLimiter {
  private final int max;
  private final ConcurrentMap<String, Integer> open = new ConcurrentHashMap<>();

  public SessionLimiter(int max) {
    this.max = max;
  }

  /** Reserves a slot; false when the person already holds the maximum. */
  public boolean tryAcquire(String subject) {
    boolean[] granted = {false};
    open.compute(subject, (k, n) -> {
      int current = n == null ? 0 : n;
      if (current >= max) {
        return current;
      }
      granted[0] = true;
      return current + 1;
    });
    return granted[0];
  }

  public void release(String subject) {
    open.computeIfPresent(subject, (k, n) -> n <= 1 ? null : n - 1);
  }

  public int max() {
    return max;
  }
}
