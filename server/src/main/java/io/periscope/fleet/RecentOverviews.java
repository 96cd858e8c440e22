package io.periscope.fleet;

import io.periscope.authz.Principal;
import io.periscope.problem.Futures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each person's last fleet answer: on a big cluster each answer lists every pod, and every open
 * fleet tab polls every 30 s. A background poll takes the person's answer of the last {@code ttl}
 * (so N tabs cost one read, not N); a request the person made (the page's first load, Refresh) is
 * read anew. A request while the person's read is under way waits for that read instead of
 * starting another.
 * Keyed by the person's identity (subject, email, set of groups): one person's figures are never
 * another's, and every read still runs as the person it is for.
 */
public final class RecentOverviews {
  private final Function<Principal, List<ClusterHealth>> read;
  private final Clock clock;
  private final Duration ttl;
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  /** An answer and when it was read (the start of the read). */
  public record Answer(List<ClusterHealth> clusters, Instant generatedAt) {}

  private record Key(String subject, String email, Set<String> groups) {
    static Key of(Principal who) {
      return new Key(who.subject(), who.email(), Set.copyOf(who.groups()));
    }
  }

  private record Entry(Instant startedAt, CompletableFuture<List<ClusterHealth>> clusters) {}

  /** {@code read} is the fleet read as the person ({@link FleetOverview#overview}). */
  public RecentOverviews(Function<Principal, List<ClusterHealth>> read, Clock clock, Duration ttl) {
    this.read = read;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** @param background a poll the console made by itself, which may take an answer up to {@code ttl} old */
  public Answer overview(Principal who, boolean background) {
    Instant now = clock.instant();
    entries.values().removeIf(e -> e.clusters().isDone() && !fresh(e, now)); // people who left
    Key key = Key.of(who);
    var mine = new CompletableFuture<List<ClusterHealth>>();
    Entry entry = entries.compute(key, (k, old) -> old != null && (!old.clusters().isDone() || background && fresh(old, now))
        ? old : new Entry(now, mine));
    if (entry.clusters() == mine) {
      try {
        mine.complete(read.apply(who));
      } catch (RuntimeException e) {
        entries.remove(key, entry); // a failure is not kept: the next request reads again
        mine.completeExceptionally(e);
      }
    }
    return new Answer(Futures.await(entry.clusters(), "the fleet overview"), entry.startedAt());
  }

  private boolean fresh(Entry e, Instant now) {
    return now.isBefore(e.startedAt().plus(ttl)) && !e.clusters().isCompletedExceptionally();
  }
}
