package io.periscope.clusters;

import io.periscope.authz.Principal;
import io.periscope.problem.Futures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Each person's last answer to a fleet-wide question (every cluster's pods, for instance), so that
 * asking again does not read the fleet again: a request while the person's read of the same
 * question is under way waits for that read instead of starting another, and a request that may
 * take a recent answer (a background poll) gets one up to {@code ttl} old. A failed read is not kept.
 * Keyed by the person's identity (subject, email, set of groups) and the question: one person's
 * answer is never another's, and every read runs as the person it is for.
 *
 * @param <Q> the question (a record: its equality is the key)
 */
public final class RecentReads<Q, A> {
  private final Clock clock;
  private final Duration ttl;
  private final String what;
  private final Map<Key<Q>, Entry<A>> entries = new ConcurrentHashMap<>();

  /** An answer and when its read started. */
  public record Read<A>(A answer, Instant readAt) {}

  private record Key<Q>(String subject, String email, Set<String> groups, Q question) {}

  private record Entry<A>(Instant startedAt, CompletableFuture<A> answer) {}

  /** @param what names the answer in an error ("the fleet overview") */
  public RecentReads(Clock clock, Duration ttl, String what) {
    this.clock = clock;
    this.ttl = ttl;
    this.what = what;
  }

  /**
   * @param mayReuse the request may take the person's answer of the last {@code ttl} (a poll the console made by itself)
   * @param read the read as the person, run when no read of the question is under way (or fresh enough)
   */
  public Read<A> get(Principal who, Q question, boolean mayReuse, Supplier<A> read) {
    Instant now = clock.instant();
    entries.values().removeIf(e -> e.answer().isDone() && !fresh(e, now)); // people and questions gone by
    Key<Q> key = new Key<>(who.subject(), who.email(), Set.copyOf(who.groups()), question);
    var mine = new CompletableFuture<A>();
    Entry<A> entry = entries.compute(key, (k, old) -> old != null && (!old.answer().isDone() || mayReuse && fresh(old, now))
        ? old : new Entry<>(now, mine));
    if (entry.answer() == mine) {
      try {
        mine.complete(read.get());
      } catch (RuntimeException e) {
        entries.remove(key, entry); // a failure is not kept: the next request reads again
        mine.completeExceptionally(e);
      }
    }
    return new Read<>(Futures.await(entry.answer(), what), entry.startedAt());
  }

  private boolean fresh(Entry<A> e, Instant now) {
    return now.isBefore(e.startedAt().plus(ttl)) && !e.answer().isCompletedExceptionally();
  }
}
