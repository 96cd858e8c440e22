package io.periscope.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import io.periscope.cache.Caches;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code perMinute} attempts per client address in any one-minute window (a fixed window
 * from the address's first attempt, on the injected clock), bounded in memory. Refused attempts
 * count too, so an address that keeps trying gets nothing more until its window is over. Behind a
 * proxy every client shares the proxy's address. An IPv6 client counts by its /64 (see {@link #clientOf}).
 */
public final class PerAddressLimit {
  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Attempt ALLOWED = new Attempt(true, 0, 0);

  /**
   * One attempt's verdict.
   *
   * @param refusedInWindow the address's attempts refused in this window, this one included (0 when allowed)
   * @param refusedInPreviousWindow refused in the address's window just before this one (0 if none or not adjacent)
   */
  public record Attempt(boolean allowed, int refusedInWindow, int refusedInPreviousWindow) {
    /** The window's first refusal: a caller that logs refusals logs this one only, once per address and minute. */
    public boolean firstRefusal() {
      return refusedInWindow == 1;
    }
  }

  private record Window(Instant start, AtomicInteger attempts, int refusedBefore) {
    int refused(int perMinute) {
      return Math.max(0, attempts.get() - perMinute);
    }
  }

  private final int perMinute;
  private final Clock clock;
  /** Kept two windows, so a new window still sees how many its predecessor refused. */
  private final Cache<String, Window> windows;

  /** @param perMinute attempts allowed per address and minute; 0 turns the limit off */
  public PerAddressLimit(int perMinute, Clock clock) {
    if (perMinute < 0) {
      throw new IllegalArgumentException("perMinute must not be negative, not " + perMinute);
    }
    this.perMinute = perMinute;
    this.clock = clock;
    this.windows = Caches.builder()
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        .expireAfterWrite(WINDOW.multipliedBy(2))
        .maximumSize(100_000)
        .build();
  }

  public Attempt attempt(String address) {
    if (perMinute == 0) {
      return ALLOWED;
    }
    Instant now = clock.instant();
    Window w = windows.asMap().compute(clientOf(address), (a, old) -> {
      if (old != null && now.isBefore(old.start().plus(WINDOW))) {
        return old;
      }
      boolean adjacent = old != null && now.isBefore(old.start().plus(WINDOW.multipliedBy(2)));
      return new Window(now, new AtomicInteger(), adjacent ? old.refused(perMinute) : 0);
    });
    int n = w.attempts().incrementAndGet();
    return n <= perMinute ? ALLOWED : new Attempt(false, n - perMinute, w.refusedBefore());
  }

  /**
   * Whom an address counts for: an IPv6 address by its /64, since one host or network is routinely given a
   * whole /64 and could otherwise take a fresh address per attempt; an IPv4 address (also IPv4-mapped IPv6)
   * as itself. Anything that is not an IP literal counts as written (no name is ever resolved).
   */
  static String clientOf(String address) {
    String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    int zone = literal.indexOf('%');
    literal = zone < 0 ? literal : literal.substring(0, zone);
    InetAddress ip;
    try {
      ip = InetAddress.ofLiteral(literal);
    } catch (IllegalArgumentException notAnIp) {
      return address;
    }
    if (!(ip instanceof Inet6Address)) {
      return ip.getHostAddress();
    }
    byte[] prefix = Arrays.copyOf(ip.getAddress(), 16);
    Arrays.fill(prefix, 8, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
    } catch (java.net.UnknownHostException impossible) {
      throw new IllegalStateException(impossible); // 16 bytes are always an address
    }
  }
}
