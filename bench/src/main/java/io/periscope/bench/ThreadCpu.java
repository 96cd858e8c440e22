package io.periscope.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-thread-group CPU and allocation of this JVM between two snapshots, for profiling a
 * benchmark (virtual threads are charged to their carriers, {@code ForkJoinPool-N-worker}).
 * Threads group by name with the last number dropped, e.g. {@code grpc-default-worker-ELG-3-#} (an
 * event loop group of its own per number: the agent's channel and the tunnel server use different ones).
 */
final class ThreadCpu {
  private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final Map<String, long[]> totals = new TreeMap<>();

  /** CPU ns and allocated bytes per live thread id, with its group; id -1 holds the GCs' pause time and count. */
  static Map<Long, Sample> snapshot() {
    Map<Long, Sample> out = new HashMap<>();
    long gcMillis = 0;
    long gcs = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMillis += Math.max(gc.getCollectionTime(), 0);
      gcs += Math.max(gc.getCollectionCount(), 0);
    }
    out.put(-1L, new Sample("(GC pauses: ms as CPU column, count x1e6 as MB column)", gcMillis * 1_000_000, gcs * 1_000_000));
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null) {
        long id = info.getThreadId();
        out.put(id, new Sample(info.getThreadName().replaceAll("[0-9]+$", "#"), THREADS.getThreadCpuTime(id), THREADS.getThreadAllocatedBytes(id)));
      }
    }
    return out;
  }

  record Sample(String group, long cpuNanos, long allocated) {}

  /** Adds what each group spent between two snapshots. */
  void add(Map<Long, Sample> before, Map<Long, Sample> after) {
    after.forEach((id, now) -> {
      Sample was = before.get(id);
      long cpu = now.cpuNanos() - (was == null ? 0 : was.cpuNanos());
      long alloc = now.allocated() - (was == null ? 0 : was.allocated());
      long[] t = totals.computeIfAbsent(now.group(), g -> new long[2]);
      t[0] += Math.max(cpu, 0);
      t[1] += Math.max(alloc, 0);
    });
  }

  /** Prints the groups that used at least 0.1 ms per operation. */
  void print(String label, int operations) {
    System.out.printf("%s: CPU ms / allocated MB per operation, by thread group%n", label);
    totals.forEach((group, t) -> {
      if (t[0] / operations >= 100_000 || group.startsWith("(GC")) {
        System.out.printf("  %-44s %7.2f ms %7.2f MB%n", group, t[0] / 1e6 / operations, t[1] / 1e6 / operations);
      }
    });
  }
}
