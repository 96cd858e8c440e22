package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's metrics API, read as kubectl top reads it. */
class DemoMetricsTest {
  private static DemoCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = DemoCluster.start(DemoEstate.production(), Clock.systemUTC());
    client = DemoClusterClients.of(cluster);
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  @Test
  void runningPodsAndReadyNodesHaveSteadyUsage() {
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    List<String> running = pods.stream().filter(p -> "Running".equals(p.getStatus().getPhase()))
        .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList();
    var podMetrics = client.top().pods().metrics().getItems();
    assertThat(podMetrics).extracting(m -> m.getMetadata().getNamespace() + "/" + m.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(running).isNotEmpty();
    assertThat(client.top().pods().inNamespace("payments").metrics().getItems()).isNotEmpty()
        .allSatisfy(m -> assertThat(m.getMetadata().getNamespace()).isEqualTo("payments"));
    var first = podMetrics.getFirst().getContainers().getFirst();
    assertThat(first.getUsage().get("cpu").toString()).endsWith("m");
    assertThat(client.top().pods().metrics().getItems().getFirst().getContainers().getFirst().getUsage()).isEqualTo(first.getUsage());

    var nodes = client.top().nodes().metrics().getItems();
    var ready = client.nodes().list().getItems().stream().filter(n -> n.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))).map(n -> n.getMetadata().getName()).toList();
    assertThat(nodes).extracting(n -> n.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(ready);
    assertThat(client.getApiGroups().getGroups()).anySatisfy(g -> assertThat(g.getName()).isEqualTo("metrics.k8s.io"));
  }
}
