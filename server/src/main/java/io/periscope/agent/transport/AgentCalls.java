package io.periscope.agent.transport;

import io.periscope.agent.tunnel.AgentSessions;
import io.periscope.agent.tunnel.ProxyCall;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens Proxy calls to one cluster's agent for a client and its derived views, and remembers
 * those still open, so closing the client ends its watches and streams on the agent too.
 */
final class AgentCalls {
  private final AgentSessions sessions;
  private final String cluster;
  private final Set<ProxyCall> open = ConcurrentHashMap.newKeySet();

  AgentCalls(AgentSessions sessions, String cluster) {
    this.sessions = sessions;
    this.cluster = cluster;
  }

  String cluster() {
    return cluster;
  }

  /**
   * Announces a request to the agent and waits for its Proxy call.
   *
   * @throws io.periscope.agent.tunnel.TunnelException when no agent can take it (the most specific reason known)
   */
  ProxyCall open() throws InterruptedException {
    return open(null);
  }

  /** As {@link #open()}, offering the agent the head of a request with no body along with the announcement (see {@link ProxyCall#requestSent()}). */
  ProxyCall open(io.periscope.tunnel.proto.RequestHead bodyless) throws InterruptedException {
    ProxyCall call = sessions.open(cluster, bodyless);
    open.add(call);
    call.ended().whenComplete((ok, err) -> open.remove(call));
    return call;
  }

  void closeAll() {
    open.forEach(c -> c.cancel("the cluster's client was closed"));
  }
}
