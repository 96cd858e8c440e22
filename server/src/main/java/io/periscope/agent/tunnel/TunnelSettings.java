package io.periscope.agent.tunnel;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the tunnel port.
 *
 * @param bindAddress address to listen on
 * @param port TCP port (default 8443; 0 picks a free one, for tests)
 * @param hostnames names (and IP literals) the agents dial; they go into the server certificate
 * @param openTimeout how long a proxied request waits for the agent to attach its Proxy call
 * @param keepAliveTime HTTP/2 PING interval on idle connections (both ends)
 */
public record TunnelSettings(String bindAddress, int port, List<String> hostnames, Duration openTimeout, Duration keepAliveTime) {
  public TunnelSettings {
    hostnames = List.copyOf(hostnames);
  }

  /**
   * How long a control stream may stay open without its Hello before it is ended (unlisted until then,
   * it would hold a connection nobody sees): the agent's first frame, on the same scale as attaching a call.
   */
  public Duration helloTimeout() {
    return openTimeout.multipliedBy(6);
  }

  public static TunnelSettings defaults(List<String> hostnames) {
    return new TunnelSettings("0.0.0.0", 8443, hostnames, Duration.ofSeconds(5), Duration.ofSeconds(30));
  }
}
