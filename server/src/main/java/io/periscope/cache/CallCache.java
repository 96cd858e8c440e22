package io.periscope.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Answers that cost a call to another system (an access review, a metrics scrape), kept for a
 * while. The call runs on the first asker's thread, outside the cache's map: a plain Caffeine
 * {@code get(key, loader)} runs the loader inside {@code ConcurrentHashMap.compute}, so a call that
 * took seconds held that entry's lock all along, and housekeeping that wanted to expire the entry
 * waited for it (see {@link Caches} for what that stalled). Here the map holds the call's future,
 * made in an instant; whoever asks for a key while its call is under way waits for that same call,
 * and a call that fails is not kept: the next ask tries again. An answer's time is counted from
 * when it was asked for.
 *
 * @param <K> what identifies an answer (include everything the answer depends on, e.g. the person)
 * @param <V> the answer
 */
public final class CallCache<K, V> {
  private final Cache<K, CompletableFuture<V>> answers;

  /** Answers kept for {@code ttl} from when they were asked for, at most {@code maximumSize} of them. */
  public CallCache(Duration ttl, long maximumSize, Ticker ticker) {
    this(Caches.builder().expireAfterWrite(ttl).maximumSize(maximumSize).ticker(ticker));
  }

  public CallCache(Duration ttl, long maximumSize) {
    this(ttl, maximumSize, Ticker.systemTicker());
  }

  /** With the builder's own housekeeping executor (tests use a single worker, as the common pool has on 2 CPUs). */
  CallCache(Caffeine<Object, Object> configured) {
    this.answers = configured.build();
  }

  /**
   * The kept answer, or the answer of {@code call} (made once for everyone asking meanwhile).
   * What the call throws is thrown here, as if called directly.
   *
   * @param what names the call if the wait is interrupted, e.g. "the access review"
   */
  public V get(K key, Function<? super K, ? extends V> call, String what) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> answer = answers.get(key, k -> mine);
    return FirstAsker.answer(answer, mine, () -> call.apply(key), () -> answers.asMap().remove(key, mine), what);
  }

  /** Runs pending housekeeping now, on the calling thread. */
  void cleanUp() {
    answers.cleanUp();
  }
}
