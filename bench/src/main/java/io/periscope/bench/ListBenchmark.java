package io.periscope.bench;

import io.periscope.bench.proc.ChildJvm;
import io.periscope.bench.proc.TcpRelay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Lists N pods (default 10,000, shaped as {@link BenchPods} says) through Periscope and directly from
 * the same mock apiserver, with the same HTTP client and the same Accept header, alternating, in one
 * run; prints the ratio of medians (target ≤ 1.2×, issue #21), the same through a bare TCP relay
 * ({@link TcpRelay}, the floor for any proxy on this machine), the server's and the relay's CPU per
 * list, the server's retained heap growth and what the server allocates per list.
 *
 * <p>Four processes: this JVM is the client; the mock apiserver, the Periscope server and the relay each run
 * in a JVM of their own ({@link Peers}), so the client's and the apiserver's work is not charged to
 * Periscope and the heap figures are the server's alone. Run: see bench/README.md. Args: [pods] [iterations].
 */
public final class ListBenchmark {
  private ListBenchmark() {}

  public static void main(String[] args) throws Exception {
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    // -Dbench.listCache=true: the server serves the pods from its opt-in list cache (docs/list-cache.md).
    Map<String, String> config = Boolean.getBoolean("bench.listCache")
        ? Map.of("auth.authorization.mode", "raw", "listCache.enabled", "true") : Map.of("auth.authorization.mode", "raw");
    try (Peers peers = new Peers(config);
        var relay = ChildJvm.start("relay", TcpRelay.class, List.of("-Xmx256m"), List.of(peers.apiserverUrl))) {
      String cookie = peers.login("bench");
      seed(peers, pods);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String accept = "application/json;as=Table;g=meta.k8s.io;v=v1, application/json";
      // -Dbench.gzip=true: the apiserver compresses big answers as a kube-apiserver does (GzipFront) and
      // every path asks for gzip, as kubectl and browsers do; the bytes are counted, not decoded.
      String encoding = Boolean.getBoolean("bench.gzip") ? "gzip" : "identity";
      HttpRequest direct = HttpRequest.newBuilder(URI.create(peers.apiserverUrl + "api/v1/pods")).header("Accept", accept)
          .header("Accept-Encoding", encoding).build();
      HttpRequest viaPeriscope = HttpRequest.newBuilder(URI.create(peers.serverUrl + "/api/clusters/test/resources/core/v1/pods"))
          .header("Accept", accept).header("Accept-Encoding", encoding).header("Cookie", cookie).build();
      HttpRequest viaRelay = HttpRequest.newBuilder(URI.create(relay.ready.get("url") + "api/v1/pods")).header("Accept", accept)
          .header("Accept-Encoding", encoding).build();
      long directBytes = time(http, direct).bytes;
      time(http, viaRelay);
      long periscopeBytes = time(http, viaPeriscope).bytes;
      // Warm-up until the server's JIT has settled: its compiler threads compete with the apiserver
      // for the 2 cores, and code still in profiled C1 tiers costs CPU a long-running server does not
      // pay. At one list every ~130 ms the per-request paths cross the C2 thresholds only after
      // minutes (session 12: ~4 ms of compiling per list in the lists measured after 30 s, ~1 ms
      // after 180 s), and a C2 compile is counted only when it ends, so a quiet stretch says little.
      // At least bench.warmupSeconds (180), then until the server compiled for less than 40 ms over
      // the last 40 rounds, at most bench.warmupMaxSeconds (300).
      long warmupNanos = Long.getLong("bench.warmupSeconds", 180) * 1_000_000_000L;
      long warmupMaxNanos = Math.max(warmupNanos, Long.getLong("bench.warmupMaxSeconds", 300) * 1_000_000_000L);
      int warmups = 0;
      var jit = new JitSettling(40, 40);
      long warmupStart = System.nanoTime();
      boolean settled = false;
      for (; ; warmups++) {
        long elapsed = System.nanoTime() - warmupStart;
        settled = jit.settled(peers.serverJitMillis());
        if (warmups >= 15 && elapsed >= warmupNanos && (settled || elapsed >= warmupMaxNanos)) {
          break;
        }
        time(http, direct);
        time(http, viaRelay);
        time(http, viaPeriscope);
      }
      long jit0 = peers.serverJitMillis();
      System.out.printf("warm-up: %d rounds in %.0f s (-Dbench.warmupSeconds=%d, then until the server's JIT %s)%n", warmups,
          (System.nanoTime() - warmupStart) / 1e9, warmupNanos / 1_000_000_000L,
          settled ? "settled" : "still compiled at the -Dbench.warmupMaxSeconds limit");
      System.out.printf("Periscope's lists answered by: %s%n", http.send(viaPeriscope, HttpResponse.BodyHandlers.discarding()).headers()
          .firstValue("X-Periscope-List-Source").orElse("?"));
      var before = peers.serverMemory();
      long alloc0 = peers.serverAllocated();
      var cpu0 = peers.serverCpu();
      long relayCpu0 = relay.askLong("cpu", "nanos");
      List<Timed> d = new ArrayList<>();
      List<Timed> p = new ArrayList<>();
      List<Timed> t = new ArrayList<>();
      // Which of the pair goes first is drawn at random: the apiserver is still busy for a few ms
      // after answering a request its client read at full speed (the direct one), so a fixed order
      // would always hand that spill-over to the same path.
      var order = new java.util.Random(42);
      for (int i = 0; i < iterations; i++) {
        if (order.nextBoolean()) {
          d.add(time(http, direct));
          p.add(time(http, viaPeriscope));
        } else {
          p.add(time(http, viaPeriscope));
          d.add(time(http, direct));
        }
        // The relay's list goes between pairs, so the pairs themselves are as before.
        t.add(time(http, viaRelay));
      }
      var cpu1 = peers.serverCpu();
      long jit1 = peers.serverJitMillis();
      long relayCpu1 = relay.askLong("cpu", "nanos");
      long alloc1 = peers.serverAllocated();
      var after = peers.serverMemory();
      double md = median(nanos(d)) / 1e6;
      double mp = median(nanos(p)) / 1e6;
      System.out.printf("list %d pods, %d iterations each (in pairs, random order), same JDK HttpClient, body %s direct / %s via Periscope%n",
          pods, iterations, Peers.mb(directBytes), Peers.mb(periscopeBytes));
      System.out.printf("direct from mock apiserver: median %.1f ms, p90 %.1f ms (first byte after %.1f ms)%n", md, pct(nanos(d), 0.9) / 1e6,
          median(firstBytes(d)) / 1e6);
      System.out.printf("through Periscope:          median %.1f ms, p90 %.1f ms (first byte after %.1f ms)%n", mp, pct(nanos(p), 0.9) / 1e6,
          median(firstBytes(p)) / 1e6);
      System.out.printf("ratio (median Periscope / median direct): %.3fx (target <= 1.2x)%n", mp / md);
      double mt = median(nanos(t)) / 1e6;
      System.out.printf("a bare TCP relay in front of the apiserver (no HTTP, 64 KiB copies; the floor for any proxy here): median %.1f ms"
          + " (first byte after %.1f ms), %.2fx direct; Periscope / bare relay %.2fx%n", mt, median(firstBytes(t)) / 1e6, mt / md, mp / mt);
      // The list is a serialization then a transfer: the mock writes nothing until its whole answer is
      // built, so the first byte marks the end of the apiserver's own work on every path, and what
      // follows it is the transfer through the path (session 21).
      System.out.printf("after the first byte (the transfer): direct %.1f ms, Periscope %.1f ms, bare relay %.1f ms%n",
          median(transfers(d)) / 1e6, median(transfers(p)) / 1e6, median(transfers(t)) / 1e6);
      System.out.printf("server JVM heap retained after GC: before %s, after %d lists %s, growth %s (direct buffers %s -> %s)%n",
          Peers.mb(before.heap()), iterations, Peers.mb(after.heap()), Peers.mb(after.heap() - before.heap()),
          Peers.mb(before.direct()), Peers.mb(after.direct()));
      long user = cpu1.userTicks() - cpu0.userTicks();
      long system = cpu1.systemTicks() - cpu0.systemTicks();
      System.out.printf("server JVM CPU per list (all threads, GC and JIT included; idle while the direct lists run): %.1f ms,"
          + " %.0f%% of it in the kernel; the bare relay's JVM: %.1f ms%n", (cpu1.nanos() - cpu0.nanos()) / 1e6 / iterations,
          100.0 * system / Math.max(1, user + system), (relayCpu1 - relayCpu0) / 1e6 / iterations);
      System.out.printf("server JIT compiling during the measured lists: %d ms (%.1f ms per list)%n", jit1 - jit0, (jit1 - jit0) / (double) iterations);
      System.out.printf("server JVM allocated per list (short-lived garbage): %s for a %s body%n",
          Peers.mb((alloc1 - alloc0) / iterations), Peers.mb(periscopeBytes));
    }
  }

  record Timed(long nanos, long firstByteNanos, long bytes) {}

  /** Counts the body's bytes and notes when the first ones arrived (the same reader on both paths). */
  private static final class Counting implements java.util.concurrent.Flow.Subscriber<List<java.nio.ByteBuffer>> {
    final java.util.concurrent.CompletableFuture<Long> bytes = new java.util.concurrent.CompletableFuture<>();
    long firstByteAt;
    private long count;
    private java.util.concurrent.Flow.Subscription subscription;

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<java.nio.ByteBuffer> buffers) {
      if (firstByteAt == 0) {
        firstByteAt = System.nanoTime();
      }
      for (var b : buffers) {
        count += b.remaining();
      }
    }

    @Override
    public void onError(Throwable t) {
      bytes.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      bytes.complete(count);
    }
  }

  static Timed time(HttpClient http, HttpRequest r) throws Exception {
    long t0 = System.nanoTime();
    var body = new Counting();
    HttpResponse<Long> resp = http.send(r, HttpResponse.BodyHandlers.fromSubscriber(body, c -> c.bytes.join()));
    long t1 = System.nanoTime();
    if (resp.statusCode() != 200) {
      throw new IllegalStateException(r.uri() + " answered " + resp.statusCode());
    }
    return new Timed(t1 - t0, body.firstByteAt - t0, resp.body());
  }

  static void seed(Peers peers, int pods) throws Exception {
    long t0 = System.nanoTime();
    var client = peers.admin;
    String last = BenchPods.pod(pods - 50, "ns-0").getMetadata().getName();
    if (client.pods().inNamespace("ns-0").withName(last).get() != null) {
      System.out.printf("reusing the %d %s pods already in the apiserver%n", pods, BenchPods.shape());
      return;
    }
    try (var pool = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < pods; i++) {
        int n = i;
        pool.submit(() -> client.pods().inNamespace("ns-" + (n % 50)).resource(BenchPods.pod(n, "ns-" + (n % 50))).create());
      }
    }
    System.out.printf("seeded %d %s pods in %.1f s%n", pods, BenchPods.shape(), (System.nanoTime() - t0) / 1e9);
  }

  private static List<Long> nanos(List<Timed> ts) {
    return ts.stream().map(Timed::nanos).toList();
  }

  private static List<Long> transfers(List<Timed> ts) {
    return ts.stream().map(x -> x.nanos() - x.firstByteNanos()).toList();
  }

  private static List<Long> firstBytes(List<Timed> ts) {
    return ts.stream().map(Timed::firstByteNanos).toList();
  }

  static double median(List<Long> xs) {
    return pct(xs, 0.5);
  }

  private static double pct(List<Long> xs, double q) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(Math.min(s.size() - 1, (int) Math.floor(q * (s.size() - 1) + 0.5)));
  }
}
