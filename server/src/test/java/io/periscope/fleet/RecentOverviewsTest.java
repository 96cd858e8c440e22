package io.periscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.authz.Principal;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestEpoch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A person's recent fleet answer: reused by background polls while fresh, joined while being read, never another person's, never a failure. */
@org.junit.jupiter.api.Tag(TestEpoch.TAG)
class RecentOverviewsTest {
  private final MutableClock clock = TestEpoch.clock();
  private final java.time.Instant start = clock.instant();
  private final List<String> reads = new CopyOnWriteArrayList<>();

  private static Principal person(String subject, String... groups) {
    return new Principal(subject, subject + "@example.com", List.of(groups));
  }

  private static List<ClusterHealth> answerFor(Principal who) {
    return List.of(new ClusterHealth("c1", true, null, null, "v1.31.2", 1, 0, 3, 1, 0, List.of(who.subject())));
  }

  @Test
  void aBackgroundPollTakesTheAnswerWhileFreshPerPersonAndGroupSet() {
    var recent = new RecentOverviews(who -> {
      reads.add(who.subject() + who.groups());
      return answerFor(who);
    }, clock, Duration.ofSeconds(10));

    var first = recent.overview(person("alice", "devs", "ops"), false);
    clock.advance(Duration.ofSeconds(9));
    var polled = recent.overview(person("alice", "ops", "devs"), true); // the IdP's group order carries no meaning
    recent.overview(person("alice", "devs"), true); // other groups: another identity
    var bobs = recent.overview(person("bob", "devs", "ops"), true);
    clock.advance(Duration.ofSeconds(1));
    var later = recent.overview(person("alice", "devs", "ops"), true);

    assertThat(polled).isEqualTo(first);
    assertThat(first.generatedAt()).isEqualTo(start);
    assertThat(bobs.clusters().getFirst().problems()).containsExactly("bob");
    assertThat(later.generatedAt()).isEqualTo(start.plusSeconds(10));
    assertThat(reads).containsExactly("alice[devs, ops]", "alice[devs]", "bob[devs, ops]", "alice[devs, ops]");
  }

  @Test
  void aRequestThePersonMadeReadsAnew() {
    var recent = new RecentOverviews(who -> {
      reads.add(who.subject());
      return answerFor(who);
    }, clock, Duration.ofSeconds(10));

    recent.overview(person("alice"), true);
    clock.advance(Duration.ofSeconds(1));
    var reloaded = recent.overview(person("alice"), false);
    var polled = recent.overview(person("alice"), true);

    assertThat(reloaded.generatedAt()).isEqualTo(start.plusSeconds(1));
    assertThat(polled).isEqualTo(reloaded);
    assertThat(reads).containsExactly("alice", "alice");
  }

  @Test
  void aSecondRequestWhileTheFirstIsReadWaitsForItsAnswer() throws Exception {
    var release = new CountDownLatch(1);
    var recent = new RecentOverviews(who -> {
      reads.add(who.subject());
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return answerFor(who);
    }, clock, Duration.ofSeconds(10));
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<RecentOverviews.Answer> one = pool.submit(() -> recent.overview(person("alice"), false));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reads.size() == 1);
      Thread second = Thread.ofVirtual().start(() -> recent.overview(person("alice"), false)); // a reload joins the read under way
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> second.getState() == Thread.State.WAITING);
      release.countDown();
      second.join();
      assertThat(one.get().clusters()).isEqualTo(answerFor(person("alice")));
    }
    assertThat(reads).containsExactly("alice");
  }

  @Test
  void aFailedReadIsNotKept() {
    AtomicBoolean fail = new AtomicBoolean(true);
    var recent = new RecentOverviews(who -> {
      reads.add(who.subject());
      if (fail.get()) {
        throw new IllegalStateException("registry unavailable");
      }
      return answerFor(who);
    }, clock, Duration.ofSeconds(10));

    assertThatThrownBy(() -> recent.overview(person("alice"), false)).hasMessage("registry unavailable");
    fail.set(false);
    assertThat(recent.overview(person("alice"), true).clusters()).isEqualTo(answerFor(person("alice")));
    assertThat(reads).containsExactly("alice", "alice");
  }
}
