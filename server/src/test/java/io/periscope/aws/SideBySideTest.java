package io.periscope.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SideBySideTest {
  @Test
  void answersInTheItemsOrder() {
    List<Integer> items = IntStream.range(0, 20).boxed().toList();

    assertThat(SideBySide.map(items, i -> "insight-" + i)).isEqualTo(items.stream().map(i -> "insight-" + i).toList());
  }

  @Test
  void runsFourReadsAtOnceAndNoMore() {
    // Each read waits until three others are running too: one at a time would break the barrier on its time-out.
    CyclicBarrier fourRunning = new CyclicBarrier(SideBySide.CALLS_AT_ONCE);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();

    List<Integer> done = SideBySide.map(IntStream.range(0, 8).boxed().toList(), i -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        fourRunning.await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("fewer than four reads ran at once", e);
      }
      running.decrementAndGet();
      return i;
    });

    assertThat(done).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(most.get()).isEqualTo(SideBySide.CALLS_AT_ONCE);
  }

  @Test
  void eachReadLogsWithTheCallersRequestId() {
    org.slf4j.MDC.put("requestId", "req-42");
    try {
      assertThat(SideBySide.map(List.of(1, 2, 3), i -> org.slf4j.MDC.get("requestId"))).containsOnly("req-42");
    } finally {
      org.slf4j.MDC.remove("requestId");
    }
  }

  @Test
  void throwsTheFirstFailureAsTheReadThrewIt() {
    Problem denied = new Problem(ErrorCode.AWS_ACCESS_DENIED, "not allowed eks:DescribeInsight");

    assertThatThrownBy(() -> SideBySide.map(List.of(1, 2, 3), i -> {
      if (i >= 2) {
        throw i == 2 ? denied : new IllegalStateException("later");
      }
      return i;
    })).isSameAs(denied);
  }
}
