package io.periscope.agent.link;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's {@code --server host:port}, split: the host is what the server certificate must name
 * (every tunnel verifies it, whatever address it dials) and what is resolved to the replicas.
 */
record ServerAddress(String host, int port) {

  /** Parses {@code host:port} or {@code [v6]:port} (already checked by the agent's settings). */
  static ServerAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("the server address must be host:port, not '" + hostPort + "'");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new ServerAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
  }

  /**
   * The socket addresses to keep tunnels to: every resolved address of the first one's family. A
   * dual-stack name lists each replica once per family; one family keeps one tunnel per replica.
   */
  Set<InetSocketAddress> endpoints(List<InetAddress> resolved) {
    Set<InetSocketAddress> out = new LinkedHashSet<>();
    if (resolved.isEmpty()) {
      return out;
    }
    boolean v4 = resolved.getFirst() instanceof Inet4Address;
    for (InetAddress a : resolved) {
      if ((a instanceof Inet4Address) == v4) {
        out.add(new InetSocketAddress(a, port));
      }
    }
    return out;
  }

  /** The authority every tunnel presents and verifies the server certificate against. */
  String authority() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
