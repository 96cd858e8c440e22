package io.periscope.agent.link;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the agent needs to run.
 *
 * @param server tunnel address {@code host:port}
 * @param token registration token; only needed until the state directory holds a certificate
 * @param caBundle PEM bundle the agent trusts for the server's certificate
 * @param stateDir where the key ({@code agent.key}, 0600) and certificate ({@code agent.crt}) live
 * @param apiserver the local apiserver
 * @param tokenFile the agent's ServiceAccount token, re-read when it changes
 * @param apiserverCa the apiserver's CA (empty: the JVM's default trust)
 * @param maxConcurrentRequests proxied requests in flight at once; more are refused with agent_busy
 * @param initialBackoff first reconnect delay; doubles up to {@code maxBackoff}, with jitter
 * @param renewCheckInterval how often a connected agent checks whether its certificate is due for
 *     renewal (two thirds of its validity passed)
 */
public record AgentSettings(
    String server,
    Optional<String> token,
    Path caBundle,
    Path stateDir,
    URI apiserver,
    Path tokenFile,
    Optional<Path> apiserverCa,
    int maxConcurrentRequests,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration keepAliveTime,
    Duration renewCheckInterval) {
  public static final Duration DEFAULT_RENEW_CHECK_INTERVAL = Duration.ofMinutes(1);

  /** Settings that check for renewal every {@link #DEFAULT_RENEW_CHECK_INTERVAL}. */
  public AgentSettings(String server, Optional<String> token, Path caBundle, Path stateDir, URI apiserver, Path tokenFile,
      Optional<Path> apiserverCa, int maxConcurrentRequests, Duration initialBackoff, Duration maxBackoff, Duration keepAliveTime) {
    this(server, token, caBundle, stateDir, apiserver, tokenFile, apiserverCa, maxConcurrentRequests, initialBackoff, maxBackoff,
        keepAliveTime, DEFAULT_RENEW_CHECK_INTERVAL);
  }
}
