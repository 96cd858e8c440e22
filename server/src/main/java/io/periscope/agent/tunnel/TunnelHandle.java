package io.periscope.agent.tunnel;

import java.util.Optional;

/**
 * The tunnel server, once started. The cluster registry (and its agent connector) is built before
 * the storage the tunnel's registration store lives on, so the connector holds this handle and
 * the app fills it in when it starts the tunnel; until then (or when the tunnel is off) agent
 * clusters answer 503 {@code agent_tunnel_disabled}.
 */
public final class TunnelHandle {
  private volatile TunnelServer server;

  public static TunnelHandle of(TunnelServer server) {
    TunnelHandle h = new TunnelHandle();
    h.set(server);
    return h;
  }

  public void set(TunnelServer server) {
    this.server = server;
  }

  public Optional<TunnelServer> current() {
    return Optional.ofNullable(server);
  }
}
