package io.periscope.bench.audit;

import java.util.Arrays;

/** Collected durations of one query kind, reported as p50 / p95 / max in milliseconds. */
final class Latencies {
  private final long[] nanos;
  private int n;

  Latencies(int capacity) {
    nanos = new long[capacity];
  }

  void add(long durationNanos) {
    nanos[n++] = durationNanos;
  }

  double percentileMillis(double p) {
    long[] sorted = Arrays.copyOf(nanos, n);
    Arrays.sort(sorted);
    int index = Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  String summary() {
    return String.format("p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms  (n=%d)",
        percentileMillis(50), percentileMillis(95), percentileMillis(100), n);
  }
}
