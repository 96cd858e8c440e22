package io.periscope.agent.link;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves the server's host name to the addresses the agent keeps a tunnel to, one per server
 * replica when the name is a headless Service. Injected so tests can resolve one name to several
 * loopback addresses.
 */
@FunctionalInterface
public interface ServerResolver {
  /** The system resolver (DNS, /etc/hosts); an IP literal resolves to itself. */
  ServerResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  /**
   * Every address {@code host} has now.
   *
   * @throws UnknownHostException when it has none or cannot be resolved
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
