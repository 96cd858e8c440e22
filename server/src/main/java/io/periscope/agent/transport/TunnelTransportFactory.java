package io.periscope.agent.transport;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.periscope.agent.tunnel.AgentSessions;

/**
 * Builds the {@link TunnelTransport} of one agent cluster, for fabric8's
 * {@code KubernetesClientBuilder.withHttpClientFactory}: fabric8 then applies the cluster's config
 * (time-outs, interceptors) to it as to any of its own transports.
 */
public final class TunnelTransportFactory implements HttpClient.Factory {
  /**
   * The master URL an agent cluster's fabric8 config carries. Only the path and query of each
   * request reach the agent, which sends them to its own apiserver; the host is a name that can
   * never resolve ({@code .invalid}, RFC 2606), so no other transport could ever send a request there.
   */
  public static final String MASTER_URL = "https://agent-tunnel.invalid/";

  private final AgentCalls calls;

  /** @param cluster the name the agent registered under (its certificate's cluster) */
  public TunnelTransportFactory(AgentSessions sessions, String cluster) {
    this.calls = new AgentCalls(sessions, cluster);
  }

  @Override
  public TunnelTransportBuilder newBuilder() {
    return new TunnelTransportBuilder(this);
  }

  AgentCalls calls() {
    return calls;
  }
}
