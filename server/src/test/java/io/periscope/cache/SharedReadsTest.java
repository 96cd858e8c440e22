package io.periscope.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedReadsTest {
  /** An answer says itself whether it must be read again, as a throttled read's answer does. */
  private record Answer(String text, boolean stale) {}

  private final ExecutorService askers = Executors.newVirtualThreadPerTaskExecutor();
  private final SharedReads<String, Answer> reads = new SharedReads<>(Answer::stale, "the read");

  @AfterEach
  void stop() {
    askers.shutdownNow();
  }

  @Test
  void keepsAnAnswerUntilItSaysItIsStale() {
    AtomicInteger count = new AtomicInteger();

    Answer throttled = reads.get("k", k -> new Answer("read " + count.incrementAndGet(), true));
    Answer readAgain = reads.get("k", k -> new Answer("read " + count.incrementAndGet(), false));
    Answer kept = reads.get("k", k -> new Answer("read " + count.incrementAndGet(), false));

    assertThat(throttled.text()).isEqualTo("read 1");
    assertThat(readAgain.text()).isEqualTo("read 2");
    assertThat(kept.text()).isEqualTo("read 2");
  }

  /**
   * The lock {@code OrganizationPolicies} used to hold: its read ran inside
   * {@code ConcurrentHashMap.compute}, so a slow AWS answer for one account held up callers whose
   * keys share its bin. "Aa" and "BB" have the same hash code, so they always share one.
   */
  @Test
  void aSlowReadHoldsUpNoOtherKey() throws Exception {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    Future<Answer> slow = askers.submit(() -> reads.get("Aa", k -> {
      reading.countDown();
      awaitQuietly(answer);
      return new Answer("slow", false);
    }));
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

    Future<Answer> other = askers.submit(() -> reads.get("BB", k -> new Answer("quick", false)));

    assertThat(other.get(10, TimeUnit.SECONDS).text()).isEqualTo("quick");
    assertThat(slow.isDone()).isFalse();
    answer.countDown();
    assertThat(slow.get(10, TimeUnit.SECONDS).text()).isEqualTo("slow");
  }

  @Test
  void everyoneAskingDuringAReadSharesIt() throws Exception {
    AtomicInteger count = new AtomicInteger();
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    Future<Answer> first = askers.submit(() -> reads.get("k", k -> {
      count.incrementAndGet();
      reading.countDown();
      awaitQuietly(answer);
      return new Answer("shared", false);
    }));
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
    Future<Answer> second = askers.submit(() -> reads.get("k", k -> new Answer("a second read " + count.incrementAndGet(), false)));

    answer.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS).text()).isEqualTo("shared");
    assertThat(second.get(10, TimeUnit.SECONDS).text()).isEqualTo("shared");
    assertThat(count).hasValue(1);
  }

  @Test
  void aFailedReadThrowsItsOwnErrorAndIsNotKept() {
    assertThatThrownBy(() -> reads.get("k", k -> {
      throw new IllegalStateException("Throttling: Rate exceeded");
    })).isInstanceOf(IllegalStateException.class).hasMessage("Throttling: Rate exceeded");

    assertThat(reads.get("k", k -> new Answer("answered", false)).text()).isEqualTo("answered");
  }

  @Test
  void forgettingAKeyReturnsItsAnswerAndReadsAgainNextTime() {
    reads.get("k", k -> new Answer("first", false));

    assertThat(reads.forget("k")).contains(new Answer("first", false));
    assertThat(reads.forget("k")).isEmpty();
    assertThat(reads.get("k", k -> new Answer("second", false)).text()).isEqualTo("second");
    assertThat(reads.size()).isEqualTo(1);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
