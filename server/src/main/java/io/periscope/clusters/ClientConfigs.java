package io.periscope.clusters;

import io.fabric8.kubernetes.client.Config;
import java.time.Duration;

/** Settings every cluster client shares, whatever its backend. */
public final class ClientConfigs {
  private ClientConfigs() {}

  /** Per-cluster time-outs; retries are off so a dead cluster answers within its time-out. */
  public static void applyTimeouts(Config config, Duration requestTimeout) {
    int millis = (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis());
    config.setConnectionTimeout(Math.min(millis, 5_000));
    config.setRequestTimeout(millis);
    config.setRequestRetryBackoffLimit(0);
    config.setMaxConcurrentRequests(256);
    config.setMaxConcurrentRequestsPerHost(128);
  }
}
