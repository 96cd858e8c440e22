package io.periscope.bench.proc;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.periscope.testkit.PeriscopeHarness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Periscope server for the benchmarks in a JVM of its own, its cluster {@code test} pointed at an
 * apiserver in another process. Args: the apiserver URL, then {@code key=value} config overrides.
 * Prints {@code READY url=<server URL>}; command {@code login <user>} answers {@code cookie=...}.
 * (The test kit's harness also starts an idle mock apiserver and the mock IdP in this JVM; both are
 * part of the baseline heap, not of what is measured per list or per stream.)
 */
public final class ServerPeer {
  private ServerPeer() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host"); // as surefire sets for the test IdP facade
    io.periscope.k8s.HttpClientBuffers.applyDefaults(); // as the server's own entry point does
    String apiserverUrl = args[0];
    Map<String, String> config = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      config.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    Config clientConfig = new ConfigBuilder(Config.empty()).withMasterUrl(apiserverUrl).withTrustCerts(true)
        .withNamespace("default").withHttp2Disable(true).build();
    try (PeriscopeHarness harness = new PeriscopeHarness(config,
        mock -> new KubernetesClientBuilder().withConfig(clientConfig).build(), builder -> { })) {
      PeerCommands.serve("url=" + harness.url(""), cmd -> {
        if (cmd.startsWith("login ")) {
          String user = cmd.substring(6).trim();
          var browser = harness.browser();
          try {
            browser.login(user, List.of("bench"));
            return "cookie=periscope_session=" + browser.cookie("periscope_session").orElseThrow();
          } finally {
            // Each browser's client keeps a selector thread: 250 logins left ~700 threads and their
            // garbage in the server JVM's "before" memory figure.
            browser.closeConnections();
          }
        }
        return "error=unknown-command";
      });
    } finally {
      System.exit(0);
    }
  }
}
