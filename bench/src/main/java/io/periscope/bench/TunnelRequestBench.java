package io.periscope.bench;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClientConfigs;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.agent.AgentConnector;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What the tunnel itself costs per request, without an apiserver's own work in the way: a loopback
 * server answers every GET with the same body of N bytes, read whole through a cluster client's
 * fabric8 HTTP client, directly (fabric8's JDK client) and through the tunnel (agent connector),
 * in alternating pairs after warm-up pairs. Prints median wall time and the JVM's CPU per request
 * for both. A tiny body shows the fixed cost of a request, a large one the cost per byte.
 * Usage: {@code TunnelRequestBench [bytes] [pairs] [warm-up pairs]}.
 */
public final class TunnelRequestBench {
  private TunnelRequestBench() {}

  public static void main(String[] args) throws Exception {
    BenchTunnel.readLikeTheAgentJvm();
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 4_000_000;
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) 'x');
    HttpServer apiserver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    apiserver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    apiserver.createContext("/body", exchange -> {
      try (exchange) {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    apiserver.start();
    URI direct = URI.create("http://127.0.0.1:" + apiserver.getAddress().getPort());
    Config directConfig = new ConfigBuilder(Config.empty()).withMasterUrl(direct.toString()).withHttp2Disable(true).build();
    ClientConfigs.applyTimeouts(directConfig, Duration.ofSeconds(60));
    var spec = new ClusterSpec(BenchTunnel.CLUSTER, Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(), "", Map.of(),
        Optional.empty(), Optional.empty(), Optional.of(BenchTunnel.CLUSTER));
    try (var rig = BenchTunnel.start(direct, 64);
        KubernetesClient directClient = new KubernetesClientBuilder().withConfig(directConfig).build();
        KubernetesClient tunnelClient = new AgentConnector(Duration.ofSeconds(60), Optional.of(rig.tunnel)).connect(spec)) {
      for (int i = 0; i < warmups; i++) {
        get(directClient, size);
        get(tunnelClient, size);
      }
      long[] d = new long[pairs];
      long[] t = new long[pairs];
      long directCpu = 0;
      long tunnelCpu = 0;
      boolean byThread = Boolean.getBoolean("bench.threads");
      var directThreads = new ThreadCpu();
      var tunnelThreads = new ThreadCpu();
      for (int i = 0; i < pairs; i++) {
        var before = byThread ? ThreadCpu.snapshot() : null;
        long cpu = processCpuNanos();
        d[i] = get(directClient, size);
        long between = processCpuNanos();
        var half = byThread ? ThreadCpu.snapshot() : null;
        t[i] = get(tunnelClient, size);
        directCpu += between - cpu;
        tunnelCpu += processCpuNanos() - between;
        if (byThread) {
          directThreads.add(before, half);
          tunnelThreads.add(half, ThreadCpu.snapshot());
        }
      }
      if (byThread) {
        directThreads.print("direct", pairs);
        tunnelThreads.print("tunnel", pairs);
      }
      Arrays.sort(d);
      Arrays.sort(t);
      System.out.printf("bytes=%d pairs=%d warm-up=%d: direct median %.2f ms, CPU %.2f ms/request; tunnel median %.2f ms, CPU %.2f ms/request%n",
          size, pairs, warmups, d[pairs / 2] / 1e6, directCpu / 1e6 / pairs, t[pairs / 2] / 1e6, tunnelCpu / 1e6 / pairs);
    } finally {
      apiserver.stop(0);
    }
  }

  /** One GET of the whole body; its wall time in nanoseconds. */
  private static long get(KubernetesClient client, int expected) throws Exception {
    var http = client.getHttpClient();
    var request = http.newHttpRequestBuilder().uri(client.getMasterUrl().toString().replaceAll("/+$", "") + "/body").build();
    long start = System.nanoTime();
    var response = http.sendAsync(request, byte[].class).get(60, TimeUnit.SECONDS);
    long took = System.nanoTime() - start;
    if (response.code() != 200 || response.body().length != expected) {
      throw new IllegalStateException("HTTP " + response.code() + ", " + response.body().length + " bytes");
    }
    return took;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
