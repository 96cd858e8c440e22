package io.periscope.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.periscope.fuzz.FuzzChecks;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stream routes' outside input: the {@code subscriptions} parameter (a JSON array) and the
 * resume position ({@code ?position=} or {@code Last-Event-ID}).
 */
class SubscriptionFuzzTest {
  @FuzzTest
  void subscriptions(byte[] data) {
    String json = FuzzChecks.text(data);
    FuzzChecks.onlyClientErrors(json, () -> {
      List<Subscription> subs = Subscription.parseAll(json);
      assertThat(subs).isNotEmpty().hasSizeLessThanOrEqualTo(Subscription.MAX_PER_STREAM).doesNotContainNull();
      assertThat(subs.stream().map(Subscription::id).distinct().count()).isEqualTo(subs.size());
    });
  }

  /**
   * Lenient by design: a malformed position resumes nothing and never fails the (re)connect; what
   * it does name for real subscription ids survives the next event's {@code id}.
   */
  @FuzzTest
  void positions(byte[] data) {
    Map<String, String> positions = new TreeMap<>(StreamPosition.parse(FuzzChecks.text(data)));
    positions.keySet().removeIf(id -> !id.matches("[A-Za-z0-9_-]{1,40}"));
    assertThat(StreamPosition.parse(StreamPosition.format(positions))).isEqualTo(positions);
  }
}
