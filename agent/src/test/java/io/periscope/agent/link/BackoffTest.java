package io.periscope.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class BackoffTest {
  @RepeatedTest(20)
  void delaysDoubleWithJitterUpToTheCapAndResetAfterASuccess() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
    long[] ceilings = {100, 200, 400, 800, 1600, 2000, 2000};
    for (long ceiling : ceilings) {
      assertThat(b.next().toMillis()).isBetween(ceiling / 2, ceiling);
    }
    b.reset();
    assertThat(b.next().toMillis()).isBetween(50L, 100L);
  }
}
