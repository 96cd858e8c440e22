package io.periscope.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.periscope.bench.proc.ApiserverPeer;
import io.periscope.bench.proc.ChildJvm;
import io.periscope.bench.proc.ServerPeer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The three processes of a benchmark: this JVM is the client (the browser side), the mock apiserver
 * and the Periscope server each run in their own JVM. Server JVM flags can be added with
 * {@code -Dbench.serverJvm="-XX:StartFlightRecording=filename=server.jfr"} (space-separated). For
 * repeated runs, {@code -Dbench.apiserver=<url>} reuses an apiserver peer started by hand
 * ({@code java -cp ... io.periscope.bench.proc.ApiserverPeer}) with its objects already seeded.
 */
final class Peers implements AutoCloseable {
  final ChildJvm apiserver; // null when reusing an external one
  final ChildJvm server;
  final String apiserverUrl;
  final String serverUrl;
  final KubernetesClient admin;

  private final Map<String, String> serverConfig;

  Peers(Map<String, String> serverConfig) throws IOException {
    String external = System.getProperty("bench.apiserver");
    apiserver = external == null ? ChildJvm.start("apiserver", ApiserverPeer.class,
        List.of("-Xmx1g", "-Dbench.gzip=" + Boolean.getBoolean("bench.gzip")), List.of()) : null;
    apiserverUrl = external == null ? apiserver.ready.get("url") : external;
    this.serverConfig = serverConfig;
    server = startServer("server", "bench.serverJvm");
    serverUrl = server.ready.get("url");
    admin = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(apiserverUrl)
        .withTrustCerts(true).withNamespace("default").withHttp2Disable(true).build()).build();
  }

  /**
   * A server JVM on this apiserver with this run's config, plus the space-separated JVM flags of
   * system property {@code flagsProperty}; the caller closes it (the first one is {@link #server}).
   */
  ChildJvm startServer(String name, String flagsProperty) throws IOException {
    return startServer(name, flagsProperty, System.getProperty("java.class.path"));
  }

  /** As {@link #startServer(String, String)}, on another build's class path (its server jar and bench classes). */
  ChildJvm startServer(String name, String flagsProperty, String classPath) throws IOException {
    List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
    String extra = System.getProperty(flagsProperty, "").trim();
    if (!extra.isEmpty()) {
      jvm.addAll(List.of(extra.split(" +")));
    }
    List<String> args = new ArrayList<>(List.of(apiserverUrl));
    serverConfig.forEach((k, v) -> args.add(k + "=" + v));
    return ChildJvm.start(name, ServerPeer.class, classPath, jvm, args);
  }

  /** A signed-in session cookie ({@code periscope_session=...}) for {@code user}. */
  String login(String user) throws IOException {
    return server.ask("login " + user).get("cookie");
  }

  /** The server JVM's heap after full GCs plus its direct buffers, and its heap alone. */
  record Memory(long heap, long direct, int threads) {
    long total() {
      return heap + direct;
    }
  }

  Memory serverMemory() throws IOException {
    var f = server.ask("heap");
    return new Memory(Long.parseLong(f.get("used")), Long.parseLong(f.get("direct")), Integer.parseInt(f.get("threads")));
  }

  /** The server JVM's CPU time so far, all threads (GC and JIT included), and its user/kernel split in 10 ms ticks. */
  record Cpu(long nanos, long userTicks, long systemTicks) {}

  Cpu serverCpu() throws IOException {
    var f = server.ask("cpu");
    return new Cpu(Long.parseLong(f.get("nanos")), Long.parseLong(f.get("userTicks")), Long.parseLong(f.get("systemTicks")));
  }

  /** The server JVM's JIT compile time so far, in milliseconds. */
  long serverJitMillis() throws IOException {
    return server.askLong("jit", "millis");
  }

  long serverAllocated() throws IOException {
    return server.askLong("alloc", "bytes");
  }

  static String mb(long bytes) {
    return String.format("%.1f MB", bytes / 1024.0 / 1024.0);
  }

  @Override
  public void close() {
    admin.close();
    server.close();
    if (apiserver != null) {
      apiserver.close();
    }
  }
}
