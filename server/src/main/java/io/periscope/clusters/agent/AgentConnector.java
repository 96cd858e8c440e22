package io.periscope.clusters.agent;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.periscope.agent.transport.TunnelTransportFactory;
import io.periscope.agent.tunnel.TunnelServer;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClientConfigs;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.problem.ErrorCode;
import java.time.Duration;
import java.util.Optional;

/**
 * Clusters reached through periscope-agent's outbound tunnel. The fabric8 client's HTTP transport
 * is the tunnel itself ({@link TunnelTransportFactory}): each request is a Proxy call to the
 * agent, with no socket and no credential on the server's side; everything else (impersonation
 * headers, time-outs) is the same as for the other backends. With no agent connected,
 * {@code connect} fails at once with 503 {@code agent_disconnected}; once connected, a later
 * disconnect answers each request with the same 503 (or the more specific reason: deregistered,
 * certificate revoked or expired, CA rotated).
 */
public final class AgentConnector implements ClusterConnector {

  /** How fabric8 watches through the tunnel: WebSocket (an upgraded tunnel stream, the default) or HTTP streaming. */
  public enum Watches { WEBSOCKET, HTTP_STREAMING }

  static final int WATCH_RECONNECT_INTERVAL_MS = 500;
  static final int WATCH_RECONNECT_LIMIT = 3;

  private final Duration requestTimeout;
  private final Optional<TunnelServer> tunnel;
  private final Watches watches;

  /** @param tunnel the started tunnel; empty when this server runs none (agent clusters then answer 503 {@code agent_tunnel_disabled}) */
  public AgentConnector(Duration requestTimeout, Optional<TunnelServer> tunnel) {
    this(requestTimeout, tunnel, Watches.WEBSOCKET);
  }

  public AgentConnector(Duration requestTimeout, Optional<TunnelServer> tunnel, Watches watches) {
    this.requestTimeout = requestTimeout;
    this.tunnel = tunnel;
    this.watches = watches;
  }

  @Override
  public Backend backend() {
    return Backend.AGENT;
  }

  /**
   * @throws ClusterUnavailableException 503 when the tunnel is off or no agent is connected for the
   *     cluster, with the most specific reason known ({@code agent_deregistered},
   *     {@code agent_certificate_expired}, {@code agent_certificate_revoked}, {@code agent_ca_rotated},
   *     else {@code agent_disconnected})
   */
  @Override
  public KubernetesClient connect(ClusterSpec spec) {
    String agentName = spec.agent().orElse(spec.name());
    TunnelServer server = tunnel.orElseThrow(() -> new ClusterUnavailableException(ErrorCode.AGENT_TUNNEL_DISABLED, spec.name(),
        "this server runs no agent tunnel port (agent.tunnel.enabled is false), so agent '" + agentName + "' cannot connect"));
    TunnelServer.Availability availability = server.availability(agentName);
    if (!availability.connected()) {
      throw new ClusterUnavailableException(availability.code(), spec.name(), availability.reason());
    }
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(TunnelTransportFactory.MASTER_URL)
        // Upgrades (exec, WebSocket watches) travel as bidirectional tunnel streams.
        .withOnlyHttpWatches(watches == Watches.HTTP_STREAMING)
        // A watch whose tunnel dropped retries a few times (the agent may be back within seconds),
        // then ends, so a live view shows an error instead of waiting silently for a dead agent.
        .withWatchReconnectInterval(WATCH_RECONNECT_INTERVAL_MS)
        .withWatchReconnectLimit(WATCH_RECONNECT_LIMIT)
        .build();
    ClientConfigs.applyTimeouts(config, requestTimeout);
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new TunnelTransportFactory(server.sessions(), agentName)).build();
  }

  /** The client's own transport: its bodies already relay from the tunnel without a copy. */
  @Override
  public Optional<HttpClient> listTransport(String name, KubernetesClient client) {
    return Optional.of(client.getHttpClient());
  }
}
