package io.periscope.bench;

import io.periscope.bench.proc.ChildJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Two server JVMs side by side against one apiserver: A with {@code -Dbench.serverJvm} flags, B with
 * {@code -Dbench.serverJvmB}, e.g. a switch a server build reads, and on {@code -Dbench.serverClasspathB} if set (another
 * build's {@code bench/target/classpath.txt} plus its bench classes: an older commit against this one). Each round lists all pods directly,
 * through A and through B, in a shuffled order, so both variants meet the same apiserver and machine
 * at the same moments; alternating whole runs could not resolve a change under ~2 ms. Prints the
 * median of the per-round differences B − A. Two JVMs of the same build differed by 0.7–1.2 ms per
 * list by themselves in session 15 (the second one faster), so run it twice with A and B swapped.
 *
 * <p>Arguments: rounds (200), warm-up seconds (180), pods (10,000: seeded unless the apiserver, e.g. one
 * reused with {@code -Dbench.apiserver}, has them already).
 */
public final class ListAB {
  private ListAB() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int warmSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 180;
    int podCount = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    try (Peers peers = new Peers(Map.of("auth.authorization.mode", "raw"));
        ChildJvm b = peers.startServer("serverB", "bench.serverJvmB", System.getProperty("bench.serverClasspathB",
            System.getProperty("java.class.path")))) {
      ListBenchmark.seed(peers, podCount);
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
          ListBenchmark.time(http, paths[i]);
        }
      }
      long cpuA0 = peers.serverCpu().nanos();
      long cpuB0 = b.askLong("cpu", "nanos");
      List<List<Long>> took = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      for (int r = 0; r < rounds; r++) {
        Collections.shuffle(order, shuffle);
        for (int i : order) {
          took.get(i).add(ListBenchmark.time(http, paths[i]).nanos());
        }
      }
      long cpuA = peers.serverCpu().nanos() - cpuA0;
      long cpuB = b.askLong("cpu", "nanos") - cpuB0;
      List<Long> bMinusA = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        bMinusA.add(took.get(2).get(r) - took.get(1).get(r));
      }
      long bFaster = bMinusA.stream().filter(d -> d < 0).count();
      double direct = ListBenchmark.median(took.get(0));
      double a = ListBenchmark.median(took.get(1));
      double bm = ListBenchmark.median(took.get(2));
      System.out.printf("warm-up %d rounds; %d rounds of direct, A, B in shuffled order%n", warmups, rounds);
      System.out.printf("direct %.1f ms; A %.1f ms (%.3fx direct); B %.1f ms (%.3fx direct)%n", direct / 1e6, a / 1e6, a / direct, bm / 1e6, bm / direct);
      System.out.printf("median of B - A per round: %+.2f ms; B faster in %d of %d rounds%n", ListBenchmark.median(bMinusA) / 1e6, bFaster, rounds);
      System.out.printf("server CPU per list: A %.2f ms, B %.2f ms%n", cpuA / 1e6 / rounds, cpuB / 1e6 / rounds);
    }
  }
}
