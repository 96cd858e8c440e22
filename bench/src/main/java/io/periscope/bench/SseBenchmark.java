package io.periscope.bench;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Opens N concurrent SSE streams (default 500), each subscribed to the same ConfigMaps, then
 * changes one ConfigMap M times and measures change → event latency at every stream (p50/p99),
 * plus heap per open stream. Everything (bench clients, server, mock apiserver) shares one JVM,
 * so the per-stream figure is an upper bound for the server. Args: [streams] [changes].
 */
public final class SseBenchmark {
  private static final Pattern SEQ = Pattern.compile("\\\\?\"seq\\\\?\":\\\\?\"(\\d+)");

  private SseBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchSession.prepareJvm();
    try {
      run(args);
    } finally {
      System.exit(0); // the in-process servers keep non-daemon threads
    }
  }

  private static void run(String[] args) throws Exception {
    int streams = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int changes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    var config = Map.of("auth.authorization.mode", "raw", "streams.maxPerUser", "2000", "streams.maxTotal", "2000");
    try (BenchSession s = new BenchSession(config)) {
      var cms = s.harness.apiserver.client().configMaps().inNamespace("bench");
      cms.resource(new ConfigMapBuilder().withNewMetadata().withName("probe").endMetadata().addToData("seq", "-1").build()).create();
      String subs = "[{\"id\":\"cms\",\"cluster\":\"test\",\"group\":\"core\",\"version\":\"v1\",\"plural\":\"configmaps\",\"namespace\":\"bench\"}]";
      HttpRequest request = HttpRequest.newBuilder(s.harness.url("/api/stream?subscriptions=" + URLEncoder.encode(subs, StandardCharsets.UTF_8)))
          .header("Accept", "text/event-stream").header("Cookie", s.cookie).build();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

      long heapBefore = BenchSession.usedHeapAfterGc();
      CountDownLatch ready = new CountDownLatch(streams);
      Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      AtomicInteger failed = new AtomicInteger();
      List<HttpResponse<Stream<String>>> open = Collections.synchronizedList(new ArrayList<>());
      long t0 = System.nanoTime();
      for (int i = 0; i < streams; i++) {
        http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).whenComplete((resp, err) -> {
          if (err != null || resp.statusCode() != 200) {
            failed.incrementAndGet();
            ready.countDown();
            return;
          }
          open.add(resp);
          Thread.ofVirtual().start(() -> read(resp, ready, sentAt, latencies));
        });
      }
      boolean allReady = ready.await(120, TimeUnit.SECONDS);
      double openSeconds = (System.nanoTime() - t0) / 1e9;
      long heapOpen = BenchSession.usedHeapAfterGc();
      System.out.printf("opened %d/%d streams in %.1f s (%d failed, all ready: %s)%n", open.size(), streams, openSeconds, failed.get(), allReady);
      System.out.printf("heap after GC: before %s, with streams open %s -> %.1f KB per stream (whole JVM: server + mock watches + bench readers)%n",
          BenchSession.mb(heapBefore), BenchSession.mb(heapOpen), (heapOpen - heapBefore) / 1024.0 / Math.max(1, open.size()));

      for (int i = 0; i < changes; i++) {
        int seq = i;
        sentAt.put(seq, System.nanoTime());
        cms.withName("probe").edit(c -> new ConfigMapBuilder(c).addToData("seq", Integer.toString(seq)).build());
        Thread.sleep(200); // pacing between changes (not synchronization): one change every 200 ms
      }
      long expected = (long) open.size() * changes;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (latencies.size() < expected && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      List<Long> l = new ArrayList<>(latencies);
      Collections.sort(l);
      System.out.printf("%d changes x %d streams: %d/%d events delivered%n", changes, open.size(), l.size(), expected);
      if (!l.isEmpty()) {
        System.out.printf("change -> event latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
            pct(l, 0.5) / 1e6, pct(l, 0.99) / 1e6, l.getLast() / 1e6);
      }
      open.forEach(r -> r.body().close());
    }
  }

  private static void read(HttpResponse<Stream<String>> resp, CountDownLatch ready, Map<Integer, Long> sentAt,
      ConcurrentLinkedQueue<Long> latencies) {
    String[] event = {""};
    try (Stream<String> lines = resp.body()) {
      lines.forEach(line -> {
        if (line.startsWith("event:")) {
          event[0] = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          if (event[0].equals("ready")) {
            ready.countDown();
          } else if (event[0].equals("change")) {
            long now = System.nanoTime();
            Matcher m = SEQ.matcher(line);
            if (m.find()) {
              Long sent = sentAt.get(Integer.parseInt(m.group(1)));
              if (sent != null) {
                latencies.add(now - sent);
              }
            }
          }
        }
      });
    } catch (RuntimeException closed) {
      // stream closed at the end of the run
    }
  }

  private static double pct(List<Long> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * (sorted.size() - 1) + 0.5)));
  }
}
