package io.periscope.fleet;

import io.periscope.authz.Principal;
import io.periscope.clusters.RecentReads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Each person's last fleet answer: on a big cluster each answer lists every pod, and every open
 * fleet tab polls every 30 s. A background poll takes the person's answer of the last {@code ttl}
 * (so N tabs cost one read, not N); a request the person made (the page's first load, Refresh) is
 * read anew. A request while the person's read is under way waits for that read instead of
 * starting another ({@link RecentReads}).
 */
public final class RecentOverviews {
  /** The fleet overview has one question. */
  private enum Overview { FLEET }

  private final Function<Principal, List<ClusterHealth>> read;
  private final RecentReads<Overview, List<ClusterHealth>> reads;

  /** An answer and when it was read (the start of the read). */
  public record Answer(List<ClusterHealth> clusters, Instant generatedAt) {}

  /** {@code read} is the fleet read as the person ({@link FleetOverview#overview}). */
  public RecentOverviews(Function<Principal, List<ClusterHealth>> read, Clock clock, Duration ttl) {
    this.read = read;
    this.reads = new RecentReads<>(clock, ttl, "the fleet overview");
  }

  /** @param background a poll the console made by itself, which may take an answer up to {@code ttl} old */
  public Answer overview(Principal who, boolean background) {
    var r = reads.get(who, Overview.FLEET, background, () -> read.apply(who));
    return new Answer(r.answer(), r.readAt());
  }
}
