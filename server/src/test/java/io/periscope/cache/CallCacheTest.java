package io.periscope.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallCacheTest {
  private static final Duration TTL = Duration.ofMinutes(1);
  private final AtomicLong nanos = new AtomicLong();
  private final ExecutorService askers = Executors.newVirtualThreadPerTaskExecutor();
  /** One worker, as the common pool has on a 2-CPU machine. */
  private final ExecutorService housekeeping = Executors.newSingleThreadExecutor();
  private final CallCache<String, String> cache = new CallCache<>(Caffeine.newBuilder().executor(housekeeping)
      .expireAfterWrite(TTL).maximumSize(100).ticker(nanos::get));

  @AfterEach
  void stop() {
    askers.shutdownNow();
    housekeeping.shutdownNow();
  }

  @Test
  void keepsAnAnswerForItsTimeThenCallsAgain() {
    AtomicInteger calls = new AtomicInteger();

    String first = cache.get("k", k -> "answer " + calls.incrementAndGet(), "the call");
    nanos.addAndGet(TTL.minusSeconds(1).toNanos());
    String kept = cache.get("k", k -> "answer " + calls.incrementAndGet(), "the call");
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    String fresh = cache.get("k", k -> "answer " + calls.incrementAndGet(), "the call");

    assertThat(first).isEqualTo("answer 1");
    assertThat(kept).isEqualTo("answer 1");
    assertThat(fresh).isEqualTo("answer 2");
  }

  /**
   * The CI stall: an answer expired and was being fetched again; housekeeping, wanting to remove the
   * expired entry, waited for that fetch on the pool's only worker. Here the worker stays free.
   */
  @Test
  void aCallUnderWayHoldsNoLockTheHousekeepingWaitsFor() throws Exception {
    cache.get("k", k -> "old", "the call");
    nanos.addAndGet(TTL.plusSeconds(1).toNanos());
    CountDownLatch calling = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    Future<String> asked = askers.submit(() -> cache.get("k", k -> {
      calling.countDown();
      awaitQuietly(answer);
      return "new";
    }, "the call"));
    assertThat(calling.await(10, TimeUnit.SECONDS)).isTrue();

    housekeeping.execute(cache::cleanUp);
    Future<String> afterHousekeeping = housekeeping.submit(() -> "worker free");

    assertThat(afterHousekeeping.get(10, TimeUnit.SECONDS)).isEqualTo("worker free");
    assertThat(asked.isDone()).isFalse();
    answer.countDown();
    assertThat(asked.get(10, TimeUnit.SECONDS)).isEqualTo("new");
  }

  @Test
  void everyoneAskingDuringACallSharesIt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch answer = new CountDownLatch(1);
    CountDownLatch calling = new CountDownLatch(1);
    Future<String> first = askers.submit(() -> cache.get("k", k -> {
      calls.incrementAndGet();
      calling.countDown();
      awaitQuietly(answer);
      return "shared";
    }, "the call"));
    assertThat(calling.await(10, TimeUnit.SECONDS)).isTrue();
    Future<String> second = askers.submit(() -> cache.get("k", k -> "a second call " + calls.incrementAndGet(), "the call"));

    answer.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("shared");
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("shared");
    assertThat(calls).hasValue(1);
  }

  @Test
  void aFailedCallThrowsItsOwnErrorAndIsNotKept() {
    assertThatThrownBy(() -> cache.get("k", k -> {
      throw new IllegalStateException("apiserver unreachable");
    }, "the call")).isInstanceOf(IllegalStateException.class).hasMessage("apiserver unreachable");

    assertThat(cache.get("k", k -> "answered", "the call")).isEqualTo("answered");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
