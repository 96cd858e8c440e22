package io.periscope.bench;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClientConfigs;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.agent.AgentConnector;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * N concurrent long-lived streams (default 200, like log follows or watches) over one agent
 * tunnel vs directly, each read the way the server reads them: through a cluster client's fabric8
 * HTTP client (for the tunnel, the agent connector's; directly, fabric8's JDK client). A loopback
 * "apiserver" writes a line stamped with {@code System.nanoTime()} to every stream every
 * {@code intervalMs}; readers measure stamp → arrival. All streams start together (a latch) and
 * each must receive every line. Prints delivered counts and p50/p99 for both paths, measured in
 * the same run. Usage: {@code TunnelStreamsBench [streams] [lines] [intervalMs]}.
 */
public final class TunnelStreamsBench {
  private TunnelStreamsBench() {}

  public static void main(String[] args) throws Exception {
    BenchTunnel.readLikeTheAgentJvm();
    int streams = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int lines = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int intervalMs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    HttpServer apiserver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    apiserver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    apiserver.createContext("/stream", exchange -> {
      try (exchange) {
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.flush();
        for (int i = 0; i < lines; i++) {
          Thread.sleep(intervalMs); // the stream's pacing, not synchronisation
          out.write((i + " " + System.nanoTime() + "\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    apiserver.start();
    URI direct = URI.create("http://127.0.0.1:" + apiserver.getAddress().getPort());

    Config directConfig = new ConfigBuilder(Config.empty()).withMasterUrl(direct.toString()).withHttp2Disable(true).build();
    ClientConfigs.applyTimeouts(directConfig, Duration.ofSeconds(120));
    var spec = new ClusterSpec(BenchTunnel.CLUSTER, Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(), "", Map.of(),
        Optional.empty(), Optional.empty(), Optional.of(BenchTunnel.CLUSTER));
    try (var rig = BenchTunnel.start(direct, streams + 16);
        KubernetesClient directClient = new KubernetesClientBuilder().withConfig(directConfig).build();
        KubernetesClient tunnelClient = new AgentConnector(Duration.ofSeconds(120), Optional.of(rig.tunnel)).connect(spec)) {
      run("warm-up direct", directClient, Math.min(streams, 20), 5);
      run("warm-up tunnel", tunnelClient, Math.min(streams, 20), 5);
      Result d = run("direct", directClient, streams, lines);
      Result t = run("tunnel", tunnelClient, streams, lines);
      System.out.printf("streams=%d lines/stream=%d interval=%d ms%n", streams, lines, intervalMs);
      System.out.println(d);
      System.out.println(t);
      System.out.printf("added latency through the tunnel: p50 +%.2f ms, p99 +%.2f ms%n", t.p50 - d.p50, t.p99 - d.p99);
    } finally {
      apiserver.stop(0);
    }
  }

  record Result(String name, long delivered, long expected, double p50, double p99, double max, long wallMs, long cpuMs) {
    @Override
    public String toString() {
      return String.format("%-7s delivered %d/%d lines, stamp->arrival p50 %.2f ms, p99 %.2f ms, max %.2f ms, wall %d ms, process CPU %d ms",
          name, delivered, expected, p50, p99, max, wallMs, cpuMs);
    }
  }

  /** Opens {@code streams} streams at once through the cluster client's HTTP client and reads {@code take} lines from each. */
  private static Result run(String name, KubernetesClient client, int streams, int take) throws Exception {
    HttpClient http = client.getHttpClient();
    String url = client.getMasterUrl().toString().replaceAll("/+$", "") + "/stream?bench=true";
    CountDownLatch go = new CountDownLatch(1);
    long started;
    long cpuBefore = processCpuNanos();
    List<Future<long[]>> futures = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int s = 0; s < streams; s++) {
        futures.add(pool.submit(() -> {
          go.await();
          var request = http.newHttpRequestBuilder().uri(url).timeout(120, TimeUnit.SECONDS).build();
          HttpResponse<InputStream> r = http.sendAsync(request, InputStream.class).get(120, TimeUnit.SECONDS);
          if (r.code() != 200) {
            throw new IllegalStateException(name + ": HTTP " + r.code() + " " + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
          }
          long[] latencies = new long[take];
          int n = 0;
          try (var reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.US_ASCII))) {
            String line;
            while (n < take && (line = reader.readLine()) != null) {
              long now = System.nanoTime();
              latencies[n++] = now - Long.parseLong(line.substring(line.indexOf(' ') + 1));
            }
          }
          return java.util.Arrays.copyOf(latencies, n);
        }));
      }
      started = System.nanoTime();
      go.countDown();
    }
    long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    long cpu = TimeUnit.NANOSECONDS.toMillis(processCpuNanos() - cpuBefore);
    List<Long> all = new ArrayList<>();
    for (Future<long[]> f : futures) {
      for (long l : f.get()) {
        all.add(l);
      }
    }
    all.sort(null);
    double p50 = all.isEmpty() ? Double.NaN : all.get(all.size() / 2) / 1e6;
    double p99 = all.isEmpty() ? Double.NaN : all.get(Math.min(all.size() - 1, (int) Math.ceil(all.size() * 0.99) - 1)) / 1e6;
    double max = all.isEmpty() ? Double.NaN : all.getLast() / 1e6;
    return new Result(name, all.size(), (long) streams * take, p50, p99, max, wall, cpu);
  }

  /** CPU used by this whole JVM (apiserver, agent, tunnel server, readers): what a run costs, independent of machine load. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
