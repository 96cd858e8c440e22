package io.periscope.cache;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Answers of reads from another system whose lifetime each answer decides (a read that met a
 * throttle is asked again sooner than one that succeeded), e.g. IAM policies or an account's SCPs.
 * Like {@link CallCache}, the map holds the read's future, made inside {@code compute} in an
 * instant; the read itself runs on the first asker's thread with no lock held, so a slow AWS call
 * never blocks callers for other keys that hash to the same bin. Everyone asking for a key while
 * its read is under way waits for that same read; a read that throws is removed before anyone sees
 * it fail, so the next ask reads again. Answers stay until {@link #forget}ten or replaced after
 * going stale (the keys are few: roles and accounts a workload uses).
 *
 * @param <K> what identifies an answer
 * @param <V> the answer
 */
public final class SharedReads<K, V> {
  private final ConcurrentHashMap<K, CompletableFuture<V>> kept = new ConcurrentHashMap<>();
  private final Predicate<? super V> stale;
  private final String what;

  /**
   * @param stale whether a kept answer must be read again (asked on each {@link #get})
   * @param what names the read if a wait for it is interrupted, e.g. "reading IAM policies"
   */
  public SharedReads(Predicate<? super V> stale, String what) {
    this.stale = stale;
    this.what = what;
  }

  /** The kept answer while it is not stale, else the answer of {@code read}; what the read throws is thrown here. */
  public V get(K key, Function<? super K, ? extends V> read) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> current = kept.compute(key, (k, v) -> v == null || isStale(v) ? mine : v);
    return FirstAsker.answer(current, mine, () -> read.apply(key), () -> kept.remove(key, mine), what);
  }

  private boolean isStale(CompletableFuture<V> answer) {
    // A read under way is never stale: its askers share it. A failed one was removed before it failed.
    return answer.isDone() && !answer.isCompletedExceptionally() && stale.test(answer.join());
  }

  /** Forgets {@code key}, so the next {@link #get} reads again; returns the answer it had, if one had arrived. */
  public Optional<V> forget(K key) {
    CompletableFuture<V> f = kept.remove(key);
    return f != null && f.isDone() && !f.isCompletedExceptionally() ? Optional.of(f.join()) : Optional.empty();
  }

  /** How many keys are kept (fresh, stale or being read). */
  public int size() {
    return kept.size();
  }
}
