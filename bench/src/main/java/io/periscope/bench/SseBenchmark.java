package io.periscope.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.net.URLEncoder;
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

/**
 * Opens N concurrent SSE streams (default 500) on one Periscope server, each subscribed to the same
 * ConfigMaps, then changes one ConfigMap M times and measures, at every stream, the latency from the
 * change request to the event (p50/p99). Next to it, a watch made directly on the apiserver by this
 * JVM receives the same changes: its latency is the floor (apiserver → client) Periscope adds to.
 * Memory per stream is the server JVM's own (heap after full GCs plus direct buffers) with the
 * streams open minus before, divided by N: three processes, nothing of the client or the apiserver is
 * counted. Args: [streams] [changes] [users] — streams are spread round-robin over that many people
 * (default 1), and Periscope shares an apiserver watch only between streams of the same person.
 */
public final class SseBenchmark {
  private static final Pattern SEQ = Pattern.compile("\\\\?\"seq\\\\?\":\\\\?\"(\\d+)");

  private SseBenchmark() {}

  public static void main(String[] args) throws Exception {
    int streams = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int changes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int users = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    var config = Map.of("auth.authorization.mode", "raw", "streams.maxPerUser", "2000", "streams.maxTotal", "2000",
        "auth.session.loginStartsPerMinute", "0");
    try (Peers peers = new Peers(config)) {
      List<String> cookies = new ArrayList<>();
      for (int u = 0; u < users; u++) {
        cookies.add(peers.login("bench-" + u));
      }
      var cms = peers.admin.configMaps().inNamespace("bench");
      cms.resource(new ConfigMapBuilder().withNewMetadata().withName("probe").endMetadata().addToData("seq", "-1")
          .addToData("filler", "x".repeat(1024)).build()) // ~1.3 KB, the size of a typical pod
          .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
      String subs = "[{\"id\":\"cms\",\"cluster\":\"test\",\"group\":\"core\",\"version\":\"v1\",\"plural\":\"configmaps\",\"namespace\":\"bench\"}]";
      String path = "/api/stream?subscriptions=" + URLEncoder.encode(subs, StandardCharsets.UTF_8);
      URI server = URI.create(peers.serverUrl);

      // warm the server's stream path once, so class loading and JIT state is in the "before" figure
      warmUp(server, path, cookies.getFirst());
      var before = peers.serverMemory();
      boolean histograms = Boolean.getBoolean("bench.histograms");
      if (histograms) {
        peers.server.ask("histogram bench/target/bench-logs/server-histogram-before.txt");
      }

      Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<Long> viaPeriscope = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Long> direct = new ConcurrentLinkedQueue<>();
      Map<Integer, Long> directBySeq = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<long[]> periscopeBySeq = new ConcurrentLinkedQueue<>();
      CountDownLatch ready = new CountDownLatch(streams);
      AtomicInteger failed = new AtomicInteger();
      var failures = ConcurrentHashMap.<String>newKeySet();
      List<SseSocket> open = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < streams; i++) {
        var s = new SseSocket(server, path, cookies.get(i % users));
        open.add(s);
        Thread.ofVirtual().start(() -> s.read((event, data) -> {
          long now = System.nanoTime();
          switch (event) {
            case "ready" -> ready.countDown();
            case "change" -> record(data, now, sentAt, viaPeriscope, periscopeBySeq);
            case "http-error", "error" -> {
              failed.incrementAndGet();
              failures.add(event + " " + data);
              ready.countDown();
            }
            default -> { }
          }
        }));
      }
      boolean allReady = ready.await(120, TimeUnit.SECONDS);
      double openSeconds = (System.nanoTime() - t0) / 1e9;
      var withStreams = peers.serverMemory();
      if (histograms) {
        peers.server.ask("histogram bench/target/bench-logs/server-histogram-open.txt");
      }
      System.out.printf("opened %d streams for %d user(s) in %.1f s (%d failed, all ready: %s)%n", streams, users, openSeconds,
          failed.get(), allReady);
      failures.stream().limit(3).forEach(f -> System.out.println("  failure: " + f));

      Watch baseline = cms.watch(new Watcher<ConfigMap>() {
        @Override
        public void eventReceived(Action action, ConfigMap cm) {
          long now = System.nanoTime();
          String seq = cm.getData() == null ? null : cm.getData().get("seq");
          if (action == Action.MODIFIED && seq != null && seq.matches("\\d+")) {
            Long sent = sentAt.get(Integer.parseInt(seq));
            if (sent != null) {
              direct.add(now - sent);
              directBySeq.put(Integer.parseInt(seq), now - sent);
            }
          }
        }

        @Override
        public void onClose(WatcherException cause) { }
      });
      Thread.sleep(500); // let the direct watch's ADDED replay pass before the first change (pacing, not synchronization)

      for (int i = 0; i < 20; i++) { // warm-up changes (not measured: their seq is not a number)
        cms.withName("probe").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"seq\":\"warm-up-" + i + "\"}}");
        Thread.sleep(50); // pacing, not synchronization
      }
      // What the server allocates with streams open but nothing changing (heartbeats, GC bookkeeping),
      // over as long as the measured changes take, is subtracted from what the changes cost.
      long idleStart = System.nanoTime();
      long idleAlloc0 = peers.serverAllocated();
      Thread.sleep(changes * 200L); // an idle window of the measured window's length (a measurement, not synchronization)
      long idleAlloc = peers.serverAllocated() - idleAlloc0;
      double idleNanos = System.nanoTime() - idleStart;
      long changeAlloc0 = peers.serverAllocated();
      long changeStart = System.nanoTime();
      ConcurrentLinkedQueue<Long> patchTimes = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < changes; i++) {
        long sent = System.nanoTime();
        sentAt.put(i, sent);
        cms.withName("probe").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"seq\":\"" + i + "\"}}");
        patchTimes.add(System.nanoTime() - sent);
        Thread.sleep(200); // pacing between changes (not synchronization): one change every 200 ms
      }
      long expected = (long) (streams - failed.get()) * changes;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((viaPeriscope.size() < expected || direct.size() < changes) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      long changeAlloc = peers.serverAllocated() - changeAlloc0;
      double changeNanos = System.nanoTime() - changeStart;
      baseline.close();
      List<Long> p = sorted(viaPeriscope);
      List<Long> d = sorted(direct);
      System.out.printf("%d changes x %d streams: %d/%d events delivered through Periscope, %d/%d to the direct watch%n",
          changes, streams, p.size(), expected, d.size(), changes);
      List<Long> pt = sorted(patchTimes);
      System.out.printf("the change itself (PATCH round trip to the apiserver): p50 %s, p99 %s%n", ms(pt, 0.5), ms(pt, 0.99));
      System.out.printf("change -> event, direct apiserver watch (floor): p50 %s, p99 %s, max %s%n", ms(d, 0.5), ms(d, 0.99), ms(d, 1));
      System.out.printf("change -> event, through Periscope:             p50 %s, p99 %s, max %s (target p99 < 200 ms)%n",
          ms(p, 0.5), ms(p, 0.99), ms(p, 1));
      // Per event: its latency minus the direct watch's latency for the same change, i.e. what
      // Periscope added on top of the apiserver (a slow PATCH or apiserver hiccup hits both alike).
      ConcurrentLinkedQueue<Long> added = new ConcurrentLinkedQueue<>();
      for (long[] e : periscopeBySeq) {
        Long floor = directBySeq.get((int) e[0]);
        if (floor != null) {
          added.add(e[1] - floor);
        }
      }
      List<Long> a = sorted(added);
      System.out.printf("added by Periscope (event latency minus the direct watch's for the same change): p50 %s, p99 %s%n",
          ms(a, 0.5), ms(a, 0.99));
      double eventAlloc = changeAlloc - idleAlloc * (changeNanos / idleNanos);
      System.out.printf("server allocation: %.1f MB while changing, %.1f MB idle (scaled to the same time) -> %.1f KiB per delivered"
          + " event per stream, %.1f KiB per change per person (%d events delivered)%n", changeAlloc / 1e6,
          idleAlloc * (changeNanos / idleNanos) / 1e6, eventAlloc / 1024.0 / Math.max(1, p.size()),
          eventAlloc / 1024.0 / Math.max(1, changes) / users, p.size());
      long perStream = (withStreams.total() - before.total()) / Math.max(1, streams);
      System.out.printf("server JVM memory (heap after GC + direct buffers): before %s + %s, with %d streams %s + %s -> %.1f KiB per stream"
          + " (heap %.1f KiB, direct %.1f KiB; threads %d -> %d) (target < 64 KiB)%n",
          Peers.mb(before.heap()), Peers.mb(before.direct()), streams, Peers.mb(withStreams.heap()), Peers.mb(withStreams.direct()),
          perStream / 1024.0, (withStreams.heap() - before.heap()) / 1024.0 / streams,
          (withStreams.direct() - before.direct()) / 1024.0 / streams, before.threads(), withStreams.threads());
      open.forEach(SseSocket::close);
    }
  }

  private static void warmUp(URI server, String path, String cookie) throws Exception {
    for (int i = 0; i < 3; i++) {
      var latch = new CountDownLatch(1);
      try (var s = new SseSocket(server, path, cookie)) {
        Thread.ofVirtual().start(() -> s.read((event, data) -> {
          if (!event.equals("message")) {
            latch.countDown();
          }
        }));
        latch.await(30, TimeUnit.SECONDS);
      }
    }
  }

  private static void record(String data, long now, Map<Integer, Long> sentAt, ConcurrentLinkedQueue<Long> into,
      ConcurrentLinkedQueue<long[]> bySeq) {
    Matcher m = SEQ.matcher(data);
    if (m.find()) {
      int seq = Integer.parseInt(m.group(1));
      Long sent = sentAt.get(seq);
      if (sent != null) {
        into.add(now - sent);
        bySeq.add(new long[] {seq, now - sent});
      }
    }
  }

  private static List<Long> sorted(ConcurrentLinkedQueue<Long> xs) {
    List<Long> l = new ArrayList<>(xs);
    Collections.sort(l);
    return l;
  }

  private static String ms(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return "n/a";
    }
    long v = sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * (sorted.size() - 1) + 0.5)));
    return String.format("%.1f ms", v / 1e6);
  }
}
