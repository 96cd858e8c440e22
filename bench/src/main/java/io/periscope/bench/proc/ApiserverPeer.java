package io.periscope.bench.proc;

import io.periscope.testkit.MockApiServer;

/**
 * The apiserver for the benchmarks in a JVM of its own: fabric8's CRUD mock (the tests' apiserver)
 * with discovery documents. Prints {@code READY url=<master URL>}; exits on EOF.
 */
public final class ApiserverPeer {
  private ApiserverPeer() {}

  public static void main(String[] args) throws Exception {
    try (MockApiServer apiserver = new MockApiServer()) {
      apiserver.serveDiscovery();
      PeerCommands.serve("url=" + apiserver.client().getMasterUrl(), cmd -> "error=unknown-command");
    } finally {
      System.exit(0); // the mock's event loop threads are not daemons
    }
  }
}
