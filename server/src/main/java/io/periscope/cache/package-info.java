/**
 * The server's caches: {@link io.periscope.cache.Caches#builder()} for every Caffeine cache, and
 * {@link io.periscope.cache.CallCache} for answers that cost a call to another system.
 *
 * <p>Owns: where cache housekeeping runs (never on the common pool) and how a slow call is cached
 * without holding a lock. Does not own: what is cached or for how long (each feature decides).
 * Depends only on the neutral {@code problem} package, so every feature may use it.
 */
package io.periscope.cache;
