package io.periscope.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ClusterFanOutTest {
  @Test
  void answersFailuresAndTimeOutsComeBackInTheClustersOrderAndAHungClusterIsInterrupted() throws Exception {
    var hungInterrupted = new CountDownLatch(1);
    var fanOut = new ClusterFanOut(new ClusterFanOut.Settings(Duration.ofSeconds(2), 4));

    List<ClusterFanOut.Outcome<String>> outcomes = fanOut.ask(List.of("a", "hung", "broken", "b"), cluster -> switch (cluster) {
      case "hung" -> {
        try {
          new CountDownLatch(1).await(); // never counted down: only the time-out ends it
          yield "never";
        } catch (InterruptedException e) {
          hungInterrupted.countDown();
          yield "interrupted";
        }
      }
      case "broken" -> throw new IllegalStateException("no route to the apiserver");
      default -> "releases of " + cluster;
    });

    assertThat(outcomes).extracting(ClusterFanOut.Outcome::cluster).containsExactly("a", "hung", "broken", "b");
    assertThat(outcomes.get(0)).isEqualTo(new ClusterFanOut.Outcome.Answered<>("a", "releases of a"));
    assertThat(outcomes.get(1)).isEqualTo(new ClusterFanOut.Outcome.TimedOut<>("hung", Duration.ofSeconds(2)));
    assertThat(outcomes.get(2)).isInstanceOfSatisfying(ClusterFanOut.Outcome.Failed.class,
        f -> {
          assertThat(f.cause()).hasMessage("no route to the apiserver");
          assertThat(f.error("req-7")).as("not a Problem nor an apiserver failure: named by the request only")
              .isEqualTo(new ClusterFanOut.ClusterError(500, "internal_error", "internal error; quote request id req-7 when reporting it"));
        });
    assertThat(outcomes.get(3)).isEqualTo(new ClusterFanOut.Outcome.Answered<>("b", "releases of b"));
    assertThat(hungInterrupted.await(10, TimeUnit.SECONDS)).as("the hung cluster's work was interrupted").isTrue();
  }

  @Test
  @Timeout(30)
  void noMoreClustersAtOnceThanAllowedAndEachTimeOutCountsFromItsOwnStart() {
    var running = new AtomicInteger();
    var most = new AtomicInteger();
    var fanOut = new ClusterFanOut(new ClusterFanOut.Settings(Duration.ofSeconds(20), 2));
    var gate = new CountDownLatch(2); // the first two meet here, so both ran at once before either ends

    List<ClusterFanOut.Outcome<Integer>> outcomes = fanOut.ask(List.of("c1", "c2", "c3", "c4", "c5", "c6"), cluster -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        gate.countDown();
        gate.await();
        return cluster.length();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        running.decrementAndGet();
      }
    });

    assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(ClusterFanOut.Outcome.Answered.class));
    assertThat(most.get()).isEqualTo(2);
  }

  @Test
  void settingsNeedATimeOutAndAtLeastOneCluster() {
    assertThatThrownBy(() -> new ClusterFanOut.Settings(Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ClusterFanOut.Settings(Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
