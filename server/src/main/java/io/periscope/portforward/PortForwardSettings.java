package io.periscope.portforward;

import java.time.Duration;

/**
 * Limits of browser port-forwards.
 *
 * @param maxPerUser forwards one person may hold open at once (across tabs and clusters)
 * @param idleTimeout a forward with no request for this long is closed
 * @param requestTimeout the longest one proxied request (headers and body) may take
 */
public record PortForwardSettings(int maxPerUser, Duration idleTimeout, Duration requestTimeout) {
  public static final PortForwardSettings DEFAULTS = new PortForwardSettings(5, Duration.ofMinutes(15), Duration.ofSeconds(60));

  public PortForwardSettings {
    if (maxPerUser < 1 || !idleTimeout.isPositive() || !requestTimeout.isPositive()) {
      throw new IllegalArgumentException("port-forward settings must be positive: " + maxPerUser + ", " + idleTimeout + ", " + requestTimeout);
    }
  }
}
