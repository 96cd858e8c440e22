package io.periscope.auth.http;

import com.github.benmanes.caffeine.cache.Cache;
import io.periscope.cache.Caches;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code perMinute} sign-in starts per client address in any one-minute window (a fixed
 * window from the address's first start), bounded in memory. Behind a proxy every client shares
 * its address: set {@code auth.session.loginStartsPerMinute} accordingly (0 turns it off).
 */
final class LoginStartLimit {
  private final int perMinute;
  private final Cache<String, AtomicInteger> counts = Caches.builder()
      .expireAfterWrite(Duration.ofMinutes(1)).maximumSize(100_000).build();

  LoginStartLimit(int perMinute) {
    this.perMinute = perMinute;
  }

  boolean tryStart(String address) {
    return perMinute == 0 || counts.get(address, a -> new AtomicInteger()).incrementAndGet() <= perMinute;
  }
}
