package io.periscope.aws.inspector;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Inspector's two server-side budgets (issue #17): grouping 20,000 findings of one workload by
 * package (target < 100 ms) and the chips of a 5,000-pod list (target < 20 ms). CPU time of the
 * measuring thread, best of N after warm-up, so what other processes on the machine do does not
 * count. The workloads are the unit tests' ({@code FindingGroupsTest}, {@code ChipsOfManyPodsTest}).
 * In this package because the chip computation is package-private.
 *
 * <pre>InspectorBench [runs=20]</pre>
 */
public final class InspectorBench {
  private InspectorBench() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    List<Finding> findings = FindingGroupsTest.twentyThousandFindings();
    var pods = ChipsOfManyPodsTest.Workload.fiveThousandPods();
    report("group 20,000 findings by package", 100, runs, () -> FindingGroups.group(findings, FindingGroups.Filter.ALL));
    report("chips of a 5,000-pod list", 20, runs, () -> InspectorFindings.chipsOf(InspectorEntity.PODS, "", pods.snapshot(), pods.pods()));
    // what the list's chips request adds in all: the chips and their JSON body, as the HTTP answer writes it
    report("chips of a 5,000-pod list as JSON", 20, runs, () -> {
      var chips = InspectorFindings.chipsOf(InspectorEntity.PODS, "", pods.snapshot(), pods.pods());
      try {
        return io.periscope.json.Json.mapper().writeValueAsBytes(new InspectorFindings.Chips("prod", "pods", InspectorCache.Status.READY, "",
            pods.snapshot().readAt(), chips));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static void report(String what, double budgetMs, int runs, Supplier<?> work) {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 5; i++) {
      work.get(); // warm-up: class loading and JIT
    }
    long best = Long.MAX_VALUE;
    long total = 0;
    for (int i = 0; i < runs; i++) {
      long start = cpu.getCurrentThreadCpuTime();
      work.get();
      long took = cpu.getCurrentThreadCpuTime() - start;
      best = Math.min(best, took);
      total += took;
    }
    System.out.printf(Locale.ROOT, "%-36s best %6.1f ms, mean %6.1f ms CPU over %d runs; budget %.0f ms: %s%n", what, best / 1e6,
        total / 1e6 / runs, runs, budgetMs, best / 1e6 < budgetMs ? "met" : "NOT met");
  }
}
