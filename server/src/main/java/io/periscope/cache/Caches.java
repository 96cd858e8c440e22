package io.periscope.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * How the server builds a Caffeine cache: with its housekeeping (expiry, eviction) on virtual
 * threads instead of Caffeine's default, the common {@code ForkJoinPool}.
 *
 * <p>Why: the JDK HTTP client completes every response through the common pool
 * ({@code HttpClient.sendAsync} hands its result over with {@code whenCompleteAsync} there), and
 * fabric8 talks to every apiserver through it. On a 2-CPU machine that pool has a single worker. A
 * housekeeping task waiting there (it waited for a cache entry whose value was still being
 * fetched from the apiserver) stopped every apiserver answer of the whole server until that
 * fetch timed out: 15 s stalls in CI.
 */
public final class Caches {
  /** Where housekeeping runs: virtual threads, so a wait costs no pool worker. */
  static final Executor THREADS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cache-", 0).factory());

  private Caches() {}

  /** {@code Caffeine.newBuilder()} with the housekeeping off the common pool; configure the rest as usual. */
  public static Caffeine<Object, Object> builder() {
    return Caffeine.newBuilder().executor(THREADS);
  }
}
