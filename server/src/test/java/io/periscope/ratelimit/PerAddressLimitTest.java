package io.periscope.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestEpoch;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag(TestEpoch.TAG)
class PerAddressLimitTest {
  private final MutableClock clock = TestEpoch.clock();
  private final PerAddressLimit limit = new PerAddressLimit(3, clock);

  @Test
  void allowsPerMinuteAttemptsPerAddressThenRefusesUntilTheWindowIsOver() {
    assertThat(IntStream.range(0, 3).mapToObj(i -> limit.attempt("10.0.0.1").allowed())).containsOnly(true);
    PerAddressLimit.Attempt fourth = limit.attempt("10.0.0.1");
    assertThat(fourth.allowed()).isFalse();
    assertThat(fourth.firstRefusal()).isTrue();
    assertThat(limit.attempt("10.0.0.2").allowed()).as("another address has its own window").isTrue();

    clock.advance(Duration.ofSeconds(59));
    PerAddressLimit.Attempt stillRefused = limit.attempt("10.0.0.1");
    assertThat(stillRefused.allowed()).isFalse();
    assertThat(stillRefused.firstRefusal()).as("only the window's first refusal is the one to log").isFalse();
    assertThat(stillRefused.refusedInWindow()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(1));
    assertThat(limit.attempt("10.0.0.1").allowed()).as("a new window").isTrue();
  }

  @Test
  void anIpv6ClientCountsByItsSlash64SoFreshAddressesInItDoNotReset() {
    IntStream.range(0, 3).forEach(i -> limit.attempt("2001:db8:1:2::" + Integer.toHexString(i + 1)));
    assertThat(limit.attempt("[2001:db8:1:2:ffff:ffff:ffff:ffff]").allowed()).as("the same /64, bracketed").isFalse();
    assertThat(limit.attempt("2001:db8:1:3::1").allowed()).as("the next /64 is another client").isTrue();
    assertThat(limit.attempt("fe80::1%eth0").allowed()).as("a zone is not part of the address").isTrue();
  }

  @Test
  void whomAnAddressCountsFor() {
    assertThat(PerAddressLimit.clientOf("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(PerAddressLimit.clientOf("::ffff:10.0.0.1")).as("IPv4-mapped").isEqualTo("10.0.0.1");
    assertThat(PerAddressLimit.clientOf("10.0.0.1")).isEqualTo("10.0.0.1");
    assertThat(PerAddressLimit.clientOf("proxy.internal")).as("a name is never resolved, it counts as written").isEqualTo("proxy.internal");
  }

  @Test
  void aNewWindowKnowsHowManyTheAdjacentOneRefused() {
    IntStream.range(0, 3 + 5).forEach(i -> limit.attempt("10.0.0.1"));
    clock.advance(Duration.ofMinutes(1));
    IntStream.range(0, 3).forEach(i -> limit.attempt("10.0.0.1"));
    PerAddressLimit.Attempt first = limit.attempt("10.0.0.1");
    assertThat(first.firstRefusal()).isTrue();
    assertThat(first.refusedInPreviousWindow()).isEqualTo(5);

    clock.advance(Duration.ofMinutes(3));
    IntStream.range(0, 3).forEach(i -> limit.attempt("10.0.0.1"));
    assertThat(limit.attempt("10.0.0.1").refusedInPreviousWindow()).as("not adjacent: a quiet minute in between").isZero();
  }

  @Test
  void zeroTurnsTheLimitOffAndANegativeLimitIsRefused() {
    var off = new PerAddressLimit(0, clock);
    assertThat(IntStream.range(0, 1000).mapToObj(i -> off.attempt("10.0.0.1").allowed())).containsOnly(true);
    assertThatThrownBy(() -> new PerAddressLimit(-1, clock)).isInstanceOf(IllegalArgumentException.class);
  }
}
