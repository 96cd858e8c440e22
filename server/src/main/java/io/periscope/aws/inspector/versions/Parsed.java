package io.periscope.aws.inspector.versions;

import com.github.benmanes.caffeine.cache.LoadingCache;
import io.periscope.cache.Caches;
import java.util.Optional;
import java.util.function.Function;

/**
 * Parsed versions, kept: sorting a package's fix versions compares each one many times, and the
 * same versions recur across every workload of a cluster. Bounded, so odd input cannot grow it.
 */
final class Parsed<T> {
  private final LoadingCache<String, Optional<T>> cache;

  Parsed(Function<String, T> parse) {
    this.cache = Caches.builder().maximumSize(20_000).build(v -> Optional.ofNullable(parse.apply(v)));
  }

  /** The parse of {@code version}, or null when the parser gave none. */
  T of(String version) {
    return cache.get(version).orElse(null);
  }
}
