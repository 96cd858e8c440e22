package io.periscope.bench;

import io.periscope.bench.proc.ChildJvm;
import io.periscope.bench.proc.ServerPeer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Two server JVMs side by side against one apiserver: A with {@code -Dbench.serverJvm} flags, B with
 * {@code -Dbench.serverJvmB}, e.g. a switch a server build reads. Each round lists all pods directly,
 * through A and through B, in a shuffled order, so both variants meet the same apiserver and machine
 * at the same moments; alternating whole runs could not resolve a change under ~2 ms. Prints the
 * median of the per-round differences B − A. Two JVMs of the same build differed by 0.7–1.2 ms per
 * list by themselves in session 15 (the second one faster), so run it twice with A and B swapped.
 *
 * <p>Arguments: rounds (200), warm-up seconds (180). Needs the pods seeded ({@code -Dbench.apiserver}
 * of a peer a {@link ListBenchmark} run has filled).
 */
public final class ListAB {
  private ListAB() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int warmSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 180;
    Map<String, String> config = Map.of("auth.authorization.mode", "raw");
    try (Peers peers = new Peers(config)) {
      List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
      String flagsB = System.getProperty("bench.serverJvmB", "").trim();
      if (!flagsB.isEmpty()) {
        jvm.addAll(List.of(flagsB.split(" +")));
      }
      List<String> serverArgs = new ArrayList<>(List.of(peers.apiserverUrl));
      config.forEach((k, v) -> serverArgs.add(k + "=" + v));
      try (ChildJvm b = ChildJvm.start("serverB", ServerPeer.class, jvm, serverArgs)) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String accept = "application/json;as=Table;g=meta.k8s.io;v=v1, application/json";
        String pods = "/api/clusters/test/resources/core/v1/pods";
        HttpRequest[] paths = {
            HttpRequest.newBuilder(URI.create(peers.apiserverUrl + "api/v1/pods")).header("Accept", accept).build(),
            HttpRequest.newBuilder(URI.create(peers.serverUrl + pods)).header("Accept", accept).header("Cookie", peers.login("bench")).build(),
            HttpRequest.newBuilder(URI.create(b.ready.get("url") + pods)).header("Accept", accept)
                .header("Cookie", b.ask("login bench").get("cookie")).build()};
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
        Random shuffle = new Random(7);
        long warmEnd = System.nanoTime() + warmSeconds * 1_000_000_000L;
        int warmups = 0;
        for (; System.nanoTime() < warmEnd; warmups++) {
          Collections.shuffle(order, shuffle);
          for (int i : order) {
            time(http, paths[i]);
          }
        }
        long cpuA0 = peers.serverCpu().nanos();
        long cpuB0 = b.askLong("cpu", "nanos");
        long[][] took = new long[3][rounds];
        for (int r = 0; r < rounds; r++) {
          Collections.shuffle(order, shuffle);
          for (int i : order) {
            took[i][r] = time(http, paths[i]);
          }
        }
        long cpuA = peers.serverCpu().nanos() - cpuA0;
        long cpuB = b.askLong("cpu", "nanos") - cpuB0;
        long[] bMinusA = new long[rounds];
        int bFaster = 0;
        for (int r = 0; r < rounds; r++) {
          bMinusA[r] = took[2][r] - took[1][r];
          bFaster += bMinusA[r] < 0 ? 1 : 0;
        }
        double direct = median(took[0]);
        double a = median(took[1]);
        double bm = median(took[2]);
        System.out.printf("warm-up %d rounds; %d rounds of direct, A, B in shuffled order%n", warmups, rounds);
        System.out.printf("direct %.1f ms; A %.1f ms (%.3fx direct); B %.1f ms (%.3fx direct)%n", direct / 1e6, a / 1e6, a / direct, bm / 1e6, bm / direct);
        System.out.printf("median of B - A per round: %+.2f ms; B faster in %d of %d rounds%n", median(bMinusA) / 1e6, bFaster, rounds);
        System.out.printf("server CPU per list: A %.2f ms, B %.2f ms%n", cpuA / 1e6 / rounds, cpuB / 1e6 / rounds);
      }
    }
  }

  private static double median(long[] xs) {
    long[] sorted = xs.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long time(HttpClient http, HttpRequest r) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<Void> resp = http.send(r, HttpResponse.BodyHandlers.discarding());
    if (resp.statusCode() != 200) {
      throw new IllegalStateException(r.uri() + " answered " + resp.statusCode());
    }
    return System.nanoTime() - t0;
  }
}
