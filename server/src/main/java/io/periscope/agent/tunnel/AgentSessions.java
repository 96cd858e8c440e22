package io.periscope.agent.tunnel;

import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connected agents, one session per cluster; a newer connection replaces an older one. */
public final class AgentSessions {
  private static final Logger log = LoggerFactory.getLogger(AgentSessions.class);

  private final Map<String, AgentSession> byCluster = new ConcurrentHashMap<>();
  private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();

  /** Why the server last turned a cluster's agent away (expired or revoked certificate, CA rotated); cleared when it connects. */
  public record Refusal(String code, String message) {}
  private final Duration openTimeout;
  private final java.time.Clock clock;
  private volatile java.util.function.Function<String, TunnelException> absence = TunnelException::disconnected;

  AgentSessions(Duration openTimeout, java.time.Clock clock) {
    this.openTimeout = openTimeout;
    this.clock = clock;
  }

  public boolean connected(String cluster) {
    return live(cluster) != null;
  }

  /** The serial of the certificate the cluster's live agent connected with, if one is connected. */
  public java.util.Optional<java.math.BigInteger> liveCertificate(String cluster) {
    AgentSession s = live(cluster);
    return s == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(s.certificateSerial());
  }

  /**
   * The cluster's open session, or null. A session whose certificate has expired meanwhile (an
   * agent that did not renew) is ended here, so it shows as {@code certificate_expired} at once
   * rather than when its next proxied call is refused.
   */
  private AgentSession live(String cluster) {
    AgentSession s = byCluster.get(cluster);
    if (s == null || !s.open()) {
      return null;
    }
    if (clock.instant().isAfter(s.certificateNotAfter())) {
      String message = "certificate_expired: the agent certificate of cluster '" + cluster + "' expired at " + s.certificateNotAfter()
          + " without being renewed; re-register the agent with a new token";
      refused(cluster, "certificate_expired", message);
      remove(s, Status.UNAUTHENTICATED.withDescription(message));
      return null;
    }
    return s;
  }

  /**
   * Opens a Proxy call to the cluster's agent.
   *
   * @throws TunnelException 503 {@code agent_disconnected} at once when no agent is connected
   */
  public ProxyCall open(String cluster) throws InterruptedException {
    return open(cluster, null);
  }

  /**
   * As {@link #open(String)}, for a request with no body and no upgrade whose head the agent may
   * take with the announcement itself, saving the round trip of attaching first
   * ({@link ProxyCall#requestSent()} says whether it did).
   */
  public ProxyCall open(String cluster, io.periscope.tunnel.proto.RequestHead bodyless) throws InterruptedException {
    AgentSession s = live(cluster);
    if (s == null) {
      throw absence.apply(cluster);
    }
    return s.openCall(openTimeout, bodyless);
  }

  void add(AgentSession session) {
    refusals.remove(session.cluster());
    AgentSession previous = byCluster.put(session.cluster(), session);
    if (previous != null) {
      previous.close(Status.ABORTED.withDescription("replaced by a newer connection of the same agent"));
    }
    log.info("agent connected for cluster {}", session.cluster());
  }

  void remove(AgentSession session, Status why) {
    if (byCluster.remove(session.cluster(), session)) {
      log.info("agent for cluster {} disconnected: {}", session.cluster(), why);
    }
    session.close(why);
  }

  /** How to explain a cluster with no session (deregistered, certificate expired, ...); default: disconnected. */
  void explainAbsence(java.util.function.Function<String, TunnelException> explain) {
    this.absence = explain;
  }

  /** Records a refusal of a genuine certificate of the cluster (or a drop it caused). */
  void refused(String cluster, String code, String message) {
    refusals.put(cluster, new Refusal(code, message));
  }

  public Optional<Refusal> refusal(String cluster) {
    return Optional.ofNullable(refusals.get(cluster));
  }

  Optional<AgentSession> get(String cluster) {
    return Optional.ofNullable(byCluster.get(cluster));
  }

  /** Drops the cluster's session (deregistration, revocation). */
  void kick(String cluster, Status why) {
    AgentSession s = byCluster.get(cluster);
    if (s != null) {
      remove(s, why);
    }
  }

  void closeAll(Status why) {
    byCluster.values().forEach(s -> remove(s, why));
  }

  /** Drops every session and remembers why for each cluster (CA rotation). */
  void refuseAll(String code, Status why) {
    byCluster.values().forEach(s -> {
      refused(s.cluster(), code, why.getDescription());
      remove(s, why);
    });
  }
}
