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

/**
 * Lists N pods (default 10,000) from fabric8's CRUD mock apiserver directly and through the agent
 * tunnel (server tunnel + real agent, all on loopback) and prints the medians and their ratio.
 * Usage: {@code TunnelListBench [pods] [iterations]}.
 */
public final class TunnelListBench {
  private TunnelListBench() {}

  public static void main(String[] args) throws Exception {
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    var mock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
    mock.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesClient direct = mock.createClient();
    for (int i = 0; i < pods; i++) {
      direct.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("pod-" + i)
          .addToLabels("app", "bench").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
          .endSpec().build()).create();
    }
    try (var rig = BenchTunnel.start(URI.create(direct.getConfiguration().getMasterUrl()), 64)) {
      var spec = new ClusterSpec(BenchTunnel.CLUSTER, Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(), "", Map.of(),
          Optional.empty(), Optional.empty(), Optional.of(BenchTunnel.CLUSTER));
      try (KubernetesClient viaTunnel = new AgentConnector(Duration.ofSeconds(120), Optional.of(rig.tunnel)).connect(spec)) {
        long[] d = measure(direct, pods, iterations);
        long[] t = measure(viaTunnel, pods, iterations);
        double dm = median(d) / 1e6;
        double tm = median(t) / 1e6;
        System.out.printf("pods=%d iterations=%d direct median=%.1f ms tunnel median=%.1f ms ratio=%.2f%n", pods, iterations, dm, tm, tm / dm);
      }
    } finally {
      direct.close();
      mock.destroy();
    }
  }

  private static long[] measure(KubernetesClient client, int expected, int iterations) {
    for (int i = 0; i < 3; i++) {
      check(client.pods().inNamespace("default").list().getItems().size(), expected);
    }
    long[] nanos = new long[iterations];
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      check(client.pods().inNamespace("default").list().getItems().size(), expected);
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
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
