package io.periscope.agent.link;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the agent needs to run.
 *
 * @param server tunnel address {@code host:port}
 * @param token registration token; only needed until the state holds a certificate
 * @param caBundle PEM bundle the agent trusts for the server's certificate
 * @param state where the key and certificate live between starts
 * @param cluster the cluster this agent serves; when set, a token or stored certificate for
 *     another cluster is refused (empty: whatever the token names)
 * @param apiserver the local apiserver
 * @param tokenFile the agent's ServiceAccount token, re-read when it changes
 * @param apiserverCa the apiserver's CA (empty: the JVM's default trust)
 * @param maxConcurrentRequests proxied requests in flight at once; more are refused with agent_busy
 * @param initialBackoff first reconnect delay; doubles up to {@code maxBackoff}, with jitter
 * @param renewCheckInterval how often a connected agent checks whether its certificate is due for
 *     renewal (two thirds of its validity passed)
 * @param resolveInterval how often the server's host name is resolved again; the agent keeps one
 *     tunnel per address (per server replica behind a headless Service)
 * @param clusterIdentity whether the agent reads its cluster's identity (the kube-system Namespace UID)
 *     at start and sends it; always, but for tests whose stand-in apiserver answers only the request under test
 */
public record AgentSettings(
    String server,
    Optional<String> token,
    Path caBundle,
    StateLocation state,
    Optional<String> cluster,
    URI apiserver,
    Path tokenFile,
    Optional<Path> apiserverCa,
    int maxConcurrentRequests,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration keepAliveTime,
    Duration renewCheckInterval,
    Duration resolveInterval,
    boolean clusterIdentity) {
  public static final Duration DEFAULT_RENEW_CHECK_INTERVAL = Duration.ofMinutes(1);
  public static final Duration DEFAULT_RESOLVE_INTERVAL = Duration.ofSeconds(30);

  public AgentSettings {
    if (resolveInterval.isNegative() || resolveInterval.isZero()) {
      throw new IllegalArgumentException("the resolve interval must be positive, not " + resolveInterval);
    }
  }

  /** Settings that read and send the cluster's identity. */
  public AgentSettings(String server, Optional<String> token, Path caBundle, StateLocation state, Optional<String> cluster, URI apiserver,
      Path tokenFile, Optional<Path> apiserverCa, int maxConcurrentRequests, Duration initialBackoff, Duration maxBackoff,
      Duration keepAliveTime, Duration renewCheckInterval, Duration resolveInterval) {
    this(server, token, caBundle, state, cluster, apiserver, tokenFile, apiserverCa, maxConcurrentRequests, initialBackoff, maxBackoff,
        keepAliveTime, renewCheckInterval, resolveInterval, true);
  }

  /** Settings re-resolving the server's name every 30 seconds. */
  public AgentSettings(String server, Optional<String> token, Path caBundle, StateLocation state, Optional<String> cluster, URI apiserver,
      Path tokenFile, Optional<Path> apiserverCa, int maxConcurrentRequests, Duration initialBackoff, Duration maxBackoff,
      Duration keepAliveTime, Duration renewCheckInterval) {
    this(server, token, caBundle, state, cluster, apiserver, tokenFile, apiserverCa, maxConcurrentRequests, initialBackoff, maxBackoff,
        keepAliveTime, renewCheckInterval, DEFAULT_RESOLVE_INTERVAL);
  }

  /** Settings keeping the state in {@code stateDir}, for any cluster, checking for renewal every minute. */
  public AgentSettings(String server, Optional<String> token, Path caBundle, Path stateDir, URI apiserver, Path tokenFile,
      Optional<Path> apiserverCa, int maxConcurrentRequests, Duration initialBackoff, Duration maxBackoff, Duration keepAliveTime) {
    this(server, token, caBundle, stateDir, apiserver, tokenFile, apiserverCa, maxConcurrentRequests, initialBackoff, maxBackoff,
        keepAliveTime, DEFAULT_RENEW_CHECK_INTERVAL);
  }

  /** Settings keeping the state in {@code stateDir}, for any cluster. */
  public AgentSettings(String server, Optional<String> token, Path caBundle, Path stateDir, URI apiserver, Path tokenFile,
      Optional<Path> apiserverCa, int maxConcurrentRequests, Duration initialBackoff, Duration maxBackoff, Duration keepAliveTime,
      Duration renewCheckInterval) {
    this(server, token, caBundle, new StateLocation.Directory(stateDir), Optional.empty(), apiserver, tokenFile, apiserverCa,
        maxConcurrentRequests, initialBackoff, maxBackoff, keepAliveTime, renewCheckInterval);
  }

  /** These settings checking for renewal every {@code interval} (tests shorten it). */
  public AgentSettings withRenewCheckInterval(Duration interval) {
    return new AgentSettings(server, token, caBundle, state, cluster, apiserver, tokenFile, apiserverCa, maxConcurrentRequests,
        initialBackoff, maxBackoff, keepAliveTime, interval, resolveInterval, clusterIdentity);
  }

  /** These settings resolving the server's name again every {@code interval}. */
  public AgentSettings withResolveInterval(Duration interval) {
    return new AgentSettings(server, token, caBundle, state, cluster, apiserver, tokenFile, apiserverCa, maxConcurrentRequests,
        initialBackoff, maxBackoff, keepAliveTime, renewCheckInterval, interval, clusterIdentity);
  }

  /**
   * These settings sending no cluster identity, as an agent of an earlier release does: for tests whose
   * stand-in apiserver serves only the request under test (the identity read would be its first request).
   */
  public AgentSettings withoutClusterIdentity() {
    return new AgentSettings(server, token, caBundle, state, cluster, apiserver, tokenFile, apiserverCa, maxConcurrentRequests,
        initialBackoff, maxBackoff, keepAliveTime, renewCheckInterval, resolveInterval, false);
  }

  /** The state directory, when the state lives in one (compatibility with callers that name a directory). */
  public Path stateDir() {
    if (state instanceof StateLocation.Directory d) {
      return d.path();
    }
    throw new IllegalStateException("the agent state is in " + state.describe() + ", not a directory");
  }
}
