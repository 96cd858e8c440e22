package io.periscope.agent.tunnel;

import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connected agents. A cluster may have several sessions here: an agent keeps one tunnel per
 * server replica it resolved, and through a load balancer with several addresses two of them can
 * reach this replica ({@link io.periscope.tunnel.TunnelIds}). A newer connection replaces an older
 * one of the same tunnel id (the agent reconnecting it); requests go to the newest open session.
 */
public final class AgentSessions {
  private static final Logger log = LoggerFactory.getLogger(AgentSessions.class);
  /**
   * Control streams one cluster may hold here at once. An agent needs one per address that reaches
   * this replica (a few, and two during a rollout); beyond that the oldest go, so the holder of an
   * agent certificate cannot fill the server's memory with streams under ever new tunnel ids.
   */
  static final int MAX_SESSIONS_PER_CLUSTER = 8;

  /** Each cluster's sessions, oldest first. */
  private final Map<String, List<AgentSession>> byCluster = new ConcurrentHashMap<>();
  private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
  /**
   * Closed sessions whose calls in flight finish there (a renewed agent's old connection, a control
   * stream that ended first): dropped with their cluster.
   */
  private final java.util.Set<AgentSession> retired = ConcurrentHashMap.newKeySet();

  /** Why the server last turned a cluster's agent away (expired or revoked certificate, CA rotated); cleared when it connects. */
  public record Refusal(String code, String message) {}

  /**
   * When a cluster's last tunnel here closed, and why; cleared when its agent connects again. Tells an
   * agent that was lost from one that never connected to this replica.
   */
  public record Lost(Instant at, String why) {}

  private final Map<String, Lost> lost = new ConcurrentHashMap<>();
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
   * The cluster's newest open session, or null. A session whose certificate has expired meanwhile
   * (an agent that did not renew) is ended here, so it shows as {@code certificate_expired} at once
   * rather than when its next proxied call is refused. Every session of the cluster is checked, not
   * only up to the newest valid one, and so are its retired ones: calls must not outlive the
   * certificate they were admitted with because a newer tunnel leads or the control stream ended first.
   */
  private AgentSession live(String cluster) {
    endExpiredRetired(cluster);
    List<AgentSession> sessions = List.copyOf(byCluster.getOrDefault(cluster, List.of()));
    AgentSession newest = null;
    for (int i = sessions.size() - 1; i >= 0; i--) {
      AgentSession s = sessions.get(i);
      if (!s.open()) {
        continue;
      }
      if (expired(s)) {
        String message = expiredMessage(s);
        if (newest == null) {
          refused(cluster, "certificate_expired", message);
        }
        drop(s, Status.UNAUTHENTICATED.withDescription(message));
        continue;
      }
      if (newest == null) {
        newest = s;
      }
    }
    return newest;
  }

  private boolean expired(AgentSession s) {
    return clock.instant().isAfter(s.certificateNotAfter());
  }

  private static String expiredMessage(AgentSession s) {
    return "certificate_expired: the agent certificate of cluster '" + s.cluster() + "' expired at " + s.certificateNotAfter()
        + " without being renewed; re-register the agent with a new token";
  }

  /** Ends the calls still running on the cluster's closed sessions whose certificate has expired. */
  private void endExpiredRetired(String cluster) {
    dropRetired(r -> r.cluster().equals(cluster) && expired(r), r -> Status.UNAUTHENTICATED.withDescription(expiredMessage(r)));
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
    lost.remove(session.cluster());
    List<AgentSession> replaced = new java.util.ArrayList<>();
    List<AgentSession> evicted = new java.util.ArrayList<>();
    byCluster.compute(session.cluster(), (cluster, sessions) -> {
      List<AgentSession> next = sessions == null ? new CopyOnWriteArrayList<>() : sessions;
      next.stream().filter(s -> s.tunnelId().equals(session.tunnelId())).forEach(replaced::add);
      // Retired before they leave the cluster's list: a revocation always finds them in one of the two.
      retired.addAll(replaced);
      next.removeAll(replaced);
      next.add(session);
      while (next.size() > MAX_SESSIONS_PER_CLUSTER) {
        retired.add(next.getFirst());
        evicted.add(next.removeFirst());
      }
      return next;
    });
    replaced.forEach(previous -> previous.close(Status.ABORTED.withDescription("replaced by a newer connection of the same agent")));
    evicted.forEach(oldest -> {
      log.warn("cluster {} holds more than {} agent tunnels here; closing the oldest", session.cluster(), MAX_SESSIONS_PER_CLUSTER);
      oldest.close(Status.RESOURCE_EXHAUSTED.withDescription("more than " + MAX_SESSIONS_PER_CLUSTER
          + " tunnels of this cluster's agent reached one server; the oldest is closed"));
    });
    pruneRetired();
    log.info("agent connected for cluster {}{}", session.cluster(), session.tunnelId().isEmpty() ? "" : " (tunnel " + session.tunnelId() + ")");
  }

  void remove(AgentSession session, Status why) {
    // Retired first, then closed (no call attaches after that), then out of the list: at every moment a
    // revocation finds the session, and its calls, in the list or among the retired.
    retired.add(session);
    session.close(why);
    if (unlist(session)) {
      log.info("agent for cluster {} disconnected: {}", session.cluster(), why);
      if (count(session.cluster()) == 0) {
        lost.put(session.cluster(), new Lost(clock.instant(), why.getCode() + (why.getDescription() == null ? "" : ": " + why.getDescription())));
      }
    }
    pruneRetired();
  }

  /** When the cluster's agent was last lost here, if it was and has not connected since. */
  public Optional<Lost> lost(String cluster) {
    return Optional.ofNullable(lost.get(cluster));
  }

  /** Takes the session out of its cluster's list; true when it was there. */
  private boolean unlist(AgentSession session) {
    boolean[] removed = {false};
    byCluster.computeIfPresent(session.cluster(), (cluster, sessions) -> {
      removed[0] = sessions.remove(session);
      return sessions.isEmpty() ? null : sessions;
    });
    return removed[0];
  }

  /** Drops the retired sessions {@code which} selects, each with the status {@code why} gives it, and forgets them. */
  private void dropRetired(java.util.function.Predicate<AgentSession> which, java.util.function.Function<AgentSession, Status> why) {
    retired.removeIf(r -> {
      if (which.test(r)) {
        r.drop(why.apply(r));
        return true;
      }
      return false;
    });
  }

  /** Forgets the retired sessions that are closed and hold no call: no call attaches to a closed session any more. */
  private void pruneRetired() {
    retired.removeIf(r -> !r.open() && !r.holdsCalls());
  }

  /** How to explain a cluster with no session (deregistered, certificate expired, ...); default: disconnected. */
  void explainAbsence(java.util.function.Function<String, TunnelException> explain) {
    this.absence = explain;
  }

  /**
   * Records a refusal of a genuine certificate of the cluster (or a drop it caused); true when that is news (the first
   * refusal since it connected, or another reason).
   */
  boolean refused(String cluster, String code, String message) {
    Refusal now = new Refusal(code, message);
    return !now.equals(refusals.put(cluster, now));
  }

  public Optional<Refusal> refusal(String cluster) {
    return Optional.ofNullable(refusals.get(cluster));
  }

  /** The cluster's newest session, open or not. */
  Optional<AgentSession> get(String cluster) {
    List<AgentSession> sessions = List.copyOf(byCluster.getOrDefault(cluster, List.of()));
    return sessions.isEmpty() ? Optional.empty() : Optional.of(sessions.getLast());
  }

  /** How many sessions the cluster has here (one per agent tunnel that reached this replica). */
  int count(String cluster) {
    return byCluster.getOrDefault(cluster, List.of()).size();
  }

  /**
   * Hands an agent's Proxy call to the cluster's session that announced {@code id}; false when
   * none did. Only the cluster's own sessions are asked: no cross-cluster attach.
   */
  boolean attach(String cluster, long id, ProxyCall call) {
    return byCluster.getOrDefault(cluster, List.of()).stream().anyMatch(s -> s.attach(id, call));
  }

  /**
   * The cluster identities the cluster's open sessions here were admitted with, each once;
   * "" stands for agents that sent none (unverified). Empty when none is connected.
   */
  public java.util.Set<String> liveIdentities(String cluster) {
    return byCluster.getOrDefault(cluster, List.of()).stream().filter(AgentSession::open).map(AgentSession::clusterUid)
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  /**
   * Drops the cluster's sessions admitted with another identity than {@code uid}, and their calls (an
   * administrator re-bound the cluster); sessions that sent no identity stay, unverified as before.
   */
  void kickOtherIdentities(String cluster, String uid, Status why) {
    kick(cluster, s -> !s.clusterUid().isEmpty() && !s.clusterUid().equals(uid), why);
  }

  /** Drops the cluster's sessions that sent no identity, and their calls (the name was just bound). */
  void kickUnverified(String cluster, Status why) {
    kick(cluster, s -> s.clusterUid().isEmpty(), why);
  }

  /** Drops the cluster's sessions and the calls in flight on them (deregistration). */
  void kick(String cluster, Status why) {
    kick(cluster, s -> true, why);
  }

  /**
   * Drops the cluster's sessions admitted with certificate {@code serial}, and the calls in flight on
   * them (that certificate was revoked). Sessions of the agent's other, valid certificate go on.
   */
  void kick(String cluster, java.math.BigInteger serial, Status why) {
    kick(cluster, s -> serial.equals(s.certificateSerial()), why);
  }

  private void kick(String cluster, java.util.function.Predicate<AgentSession> which, Status why) {
    List.copyOf(byCluster.getOrDefault(cluster, List.of())).stream().filter(which).forEach(s -> drop(s, why));
    dropRetired(r -> r.cluster().equals(cluster) && which.test(r), r -> why);
    pruneRetired();
  }

  /** As {@link #remove}, ending the session's calls in flight too: its certificate is no longer trusted. */
  private void drop(AgentSession session, Status why) {
    session.drop(why);
    if (unlist(session)) {
      log.info("agent for cluster {} dropped: {}", session.cluster(), why);
    }
  }

  void closeAll(Status why) {
    all().forEach(s -> remove(s, why));
  }

  /** Drops every session and remembers why for each cluster (CA rotation). */
  void refuseAll(String code, Status why) {
    all().forEach(s -> {
      refused(s.cluster(), code, why.getDescription());
      drop(s, why);
    });
    dropRetired(r -> true, r -> why);
  }

  private List<AgentSession> all() {
    return byCluster.values().stream().flatMap(List::stream).toList();
  }
}
