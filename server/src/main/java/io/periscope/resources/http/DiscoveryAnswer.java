package io.periscope.resources.http;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.periscope.resources.Discovery;
import io.periscope.resources.KindRules;
import io.periscope.resources.ResourceKind;
import java.time.Instant;
import java.util.List;

/**
 * The discovery answer: what a cluster serves, each kind with the actions the console offers on
 * its objects ({@link KindRules}), so the SPA shows exactly those and keeps no copy of the table.
 */
record DiscoveryAnswer(String cluster, List<Kind> kinds, List<String> problems, Instant fetchedAt) {
  /** A served kind's fields as discovery read them, plus {@code actions} ({@code apply}, {@code scale}, ...). */
  record Kind(@JsonUnwrapped ResourceKind kind, List<String> actions) {}

  static DiscoveryAnswer of(Discovery.Snapshot served) {
    var kinds = served.kinds().stream()
        .map(k -> new Kind(k, KindRules.actions(k).stream().map(KindRules.Action::wireName).toList()))
        .toList();
    return new DiscoveryAnswer(served.cluster(), kinds, served.problems(), served.fetchedAt());
  }
}
