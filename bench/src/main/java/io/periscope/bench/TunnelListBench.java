package io.periscope.bench;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.agent.AgentConnector;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Lists N pods (default 10,000) from fabric8's CRUD mock apiserver directly and through the agent
 * tunnel (server tunnel + real agent, all on loopback) and prints the medians and their ratio.
 * Lists go in pairs, each pair in a random (seeded) order, so load that drifts on a shared machine
 * weighs on both paths alike; each list's process CPU is recorded too (the mock's share is the
 * same on both paths, so the difference is what the tunnel costs).
 * With {@code -Dbench.apiserverTls=true} the apiserver speaks TLS to both paths, as a real one does.
 * Usage: {@code TunnelListBench [pods] [pairs]}.
 */
public final class TunnelListBench {
  private TunnelListBench() {}

  public static void main(String[] args) throws Exception {
    BenchTunnel.readLikeTheAgentJvm();
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    // -Dbench.apiserverTls=true: the apiserver speaks TLS, as a real one does, to the direct client
    // and to the agent alike (each decrypts the same body once); default plain HTTP, as before.
    boolean tls = Boolean.getBoolean("bench.apiserverTls");
    var web = new MockWebServer();
    var mock = new KubernetesMockServer(new Context(), web, new HashMap<>(), new KubernetesCrudDispatcher(), tls);
    mock.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesClient direct = mock.createClient();
    boolean thin = BenchPods.shape().equals("thin");
    for (int i = 0; i < pods; i++) {
      // thin: the shape this bench used up to 5 Dec 2026 (~0.2 KB a pod), kept for comparison
      direct.pods().inNamespace("default").resource(thin ? new PodBuilder().withNewMetadata().withName("pod-" + i)
          .addToLabels("app", "bench").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
          .endSpec().build() : BenchPods.pod(i, "default")).create();
    }
    Optional<java.nio.file.Path> apiserverCa = tls ? Optional.of(java.nio.file.Path.of(web.getSelfSignedCertificate().certificatePath()))
        : Optional.empty();
    System.out.printf("apiserver %s (%s for both paths)%n", direct.getConfiguration().getMasterUrl(), tls ? "TLS" : "plain HTTP");
    System.out.printf("%d %s pods, %.1f MB per list as JSON%n", pods, BenchPods.shape(),
        io.fabric8.kubernetes.client.utils.Serialization.asJson(direct.pods().inNamespace("default").list()).length() / 1e6);
    try (var rig = BenchTunnel.start(URI.create(direct.getConfiguration().getMasterUrl()), 64, apiserverCa)) {
      var spec = new ClusterSpec(BenchTunnel.CLUSTER, Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(), "", Map.of(),
          Optional.empty(), Optional.empty(), Optional.of(BenchTunnel.CLUSTER));
      try (KubernetesClient viaTunnel = new AgentConnector(Duration.ofSeconds(120), Optional.of(rig.tunnel)).connect(spec)) {
        // Warm-up: at least bench.warmup pairs, then more until the JIT has settled (under 50 ms of
        // compiling over the last 5 pairs; at most 200 pairs). The tunnel's code path (gRPC, Netty,
        // TLS) is far larger than the direct one, which seeding the apiserver has already warmed:
        // with 5 pairs the JIT was still compiling ~4 s during the measured pairs.
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        int minWarmups = Integer.getInteger("bench.warmup", 40);
        int warmups = 0;
        var settling = new JitSettling(5, 50);
        while (warmups < 200) {
          if (settling.settled(jit.getTotalCompilationTime()) && warmups >= minWarmups) {
            break;
          }
          list(direct, pods);
          list(viaTunnel, pods);
          warmups++;
        }
        long jitBefore = jit.getTotalCompilationTime();
        long[] d = new long[iterations];
        long[] t = new long[iterations];
        long[] dCpu = new long[iterations];
        long[] tCpu = new long[iterations];
        var order = new Random(42);
        boolean byThread = Boolean.getBoolean("bench.threads");
        var directThreads = new ThreadCpu();
        var tunnelThreads = new ThreadCpu();
        for (int i = 0; i < iterations; i++) {
          boolean directFirst = order.nextBoolean();
          var before = byThread ? ThreadCpu.snapshot() : null;
          long[] first = list(directFirst ? direct : viaTunnel, pods);
          var between = byThread ? ThreadCpu.snapshot() : null;
          long[] second = list(directFirst ? viaTunnel : direct, pods);
          if (byThread) {
            var after = ThreadCpu.snapshot();
            (directFirst ? directThreads : tunnelThreads).add(before, between);
            (directFirst ? tunnelThreads : directThreads).add(between, after);
          }
          d[i] = (directFirst ? first : second)[0];
          dCpu[i] = (directFirst ? first : second)[1];
          t[i] = (directFirst ? second : first)[0];
          tCpu[i] = (directFirst ? second : first)[1];
        }
        long jitDuring = jit.getTotalCompilationTime() - jitBefore;
        double dm = median(d) / 1e6;
        double tm = median(t) / 1e6;
        System.out.printf("pods=%d pairs=%d direct median=%.1f ms tunnel median=%.1f ms ratio=%.2f; process CPU per list: direct %.1f ms,"
            + " tunnel %.1f ms%n", pods, iterations, dm, tm, tm / dm, median(dCpu) / 1e6, median(tCpu) / 1e6);
        System.out.printf("warm-up pairs %d; JIT compiling during the measured pairs: %d ms%n", warmups, jitDuring);
        if (byThread) {
          directThreads.print("direct", iterations);
          tunnelThreads.print("tunnel", iterations);
        }
      }
    } finally {
      direct.close();
      mock.destroy();
    }
  }

  /** One list: its wall time and the whole JVM's CPU time (apiserver, agent, tunnel and client), in nanoseconds. */
  private static long[] list(KubernetesClient client, int expected) {
    long cpu = processCpuNanos();
    long start = System.nanoTime();
    check(client.pods().inNamespace("default").list().getItems().size(), expected);
    return new long[] {System.nanoTime() - start, processCpuNanos() - cpu};
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void check(int actual, int expected) {
    if (actual != expected) {
      throw new IllegalStateException("listed " + actual + " pods, expected " + expected);
    }
  }

  private static double median(long[] values) {
    long[] s = values.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }
}
