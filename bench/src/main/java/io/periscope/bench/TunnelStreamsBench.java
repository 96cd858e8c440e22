package io.periscope.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * N concurrent long-lived streams (default 200, like log follows or watches) over one agent
 * tunnel vs directly. A loopback "apiserver" writes a line stamped with {@code System.nanoTime()}
 * to every stream every {@code intervalMs}; readers measure stamp → arrival. All streams start
 * together (a latch) and each must receive every line. Prints delivered counts and p50/p99 for
 * both paths, measured in the same run. Usage: {@code TunnelStreamsBench [streams] [lines] [intervalMs]}.
 */
public final class TunnelStreamsBench {
  private TunnelStreamsBench() {}

  public static void main(String[] args) throws Exception {
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

    try (var rig = BenchTunnel.start(direct, streams + 16)) {
      URI gateway = rig.tunnel.gateway().url();
      String secret = rig.tunnel.gateway().secretFor(BenchTunnel.CLUSTER);
      run("warm-up direct", direct, null, Math.min(streams, 20), 5, lines);
      run("warm-up tunnel", gateway, secret, Math.min(streams, 20), 5, lines);
      Result d = run("direct", direct, null, streams, lines, lines);
      Result t = run("tunnel", gateway, secret, streams, lines, lines);
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

  /** Opens {@code streams} streams at once and reads {@code take} lines from each (the server sends {@code lines}). */
  private static Result run(String name, URI base, String secret, int streams, int take, int lines) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();
    CountDownLatch go = new CountDownLatch(1);
    long started;
    long cpuBefore = processCpuNanos();
    List<Future<long[]>> futures = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int s = 0; s < streams; s++) {
        futures.add(pool.submit(() -> {
          go.await();
          HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/stream?bench=true")).timeout(Duration.ofSeconds(120));
          if (secret != null) {
            b.header("Authorization", "Bearer " + secret);
          }
          HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
          if (r.statusCode() != 200) {
            throw new IllegalStateException(name + ": HTTP " + r.statusCode() + " " + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
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
    http.close();
    return new Result(name, all.size(), (long) streams * take, p50, p99, max, wall, cpu);
  }

  /** CPU used by this whole JVM (apiserver, agent, tunnel server, readers): what a run costs, independent of machine load. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
