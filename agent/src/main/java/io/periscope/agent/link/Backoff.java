package io.periscope.agent.link;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with "equal jitter": half the delay fixed, half random, capped. */
final class Backoff {
  private final Duration initial;
  private final Duration max;
  private int attempt;

  Backoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  Duration next() {
    long ceiling = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt, 20));
    attempt++;
    long half = Math.max(1, ceiling / 2);
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  void reset() {
    attempt = 0;
  }
}
