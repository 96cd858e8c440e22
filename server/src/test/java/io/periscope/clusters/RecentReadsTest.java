package io.periscope.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.authz.Principal;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestEpoch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A person's reads of a question: joined while under way, per question, never kept with no time to live. */
@org.junit.jupiter.api.Tag(TestEpoch.TAG)
class RecentReadsTest {
  private final MutableClock clock = TestEpoch.clock();
  private final List<String> reads = new CopyOnWriteArrayList<>();
  private final Principal alice = new Principal("alice", "alice@example.com", List.of("devs"));

  private String read(String question, CountDownLatch release) {
    reads.add(question);
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "answer to " + question;
  }

  @Test
  void theSameQuestionAskedAgainWhileReadJoinsTheReadAnotherQuestionIsReadOnItsOwn() throws Exception {
    var recent = new RecentReads<String, String>(clock, Duration.ZERO, "the answer");
    var release = new CountDownLatch(1);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<RecentReads.Read<String>> first = pool.submit(() -> recent.get(alice, "nginx", false, () -> read("nginx", release)));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reads.size() == 1);
      var again = new java.util.concurrent.atomic.AtomicReference<RecentReads.Read<String>>();
      Thread asking = Thread.ofVirtual().start(() -> again.set(recent.get(alice, "nginx", false, () -> read("nginx", release))));
      // Joined: it waits for the read under way (its own read would have counted in reads and waited on the latch too).
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> asking.getState() == Thread.State.WAITING);
      Future<RecentReads.Read<String>> other = pool.submit(() -> recent.get(alice, "redis", false, () -> read("redis", release)));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reads.size() == 2);
      release.countDown();
      asking.join();
      assertThat(first.get().answer()).isEqualTo("answer to nginx");
      assertThat(again.get().answer()).isEqualTo("answer to nginx");
      assertThat(other.get().answer()).isEqualTo("answer to redis");
    }
    assertThat(reads).containsExactlyInAnyOrder("nginx", "redis");

    var done = new CountDownLatch(0);
    recent.get(alice, "nginx", true, () -> read("nginx", done));
    assertThat(reads).as("with no time to live, a finished read is not reused").containsExactlyInAnyOrder("nginx", "redis", "nginx");
  }
}
