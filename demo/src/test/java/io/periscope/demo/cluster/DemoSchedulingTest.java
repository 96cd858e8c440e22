package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo's scheduler messages agree with its numbers, as a person checking a node's allocated
 * resources against a pending pod would find them: a pod said not to fit for lack of CPU or memory
 * asks for more than every ready node has left of its allocatable.
 */
class DemoSchedulingTest {
  static Stream<Arguments> estates() {
    return Stream.of(Arguments.of("production", (Supplier<DemoEstate>) DemoEstate::production),
        Arguments.of("staging", (Supplier<DemoEstate>) DemoEstate::staging));
  }

  private static BigDecimal requested(Pod pod, String resource) {
    return pod.getSpec().getContainers().stream()
        .map(c -> c.getResources() == null || c.getResources().getRequests() == null ? null : c.getResources().getRequests().get(resource))
        .filter(java.util.Objects::nonNull).map(Quantity::getAmountInBytes).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static boolean ready(Node node) {
    return node.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("estates")
  void aPodThatDoesNotFitForCpuOrMemoryAsksMoreThanAnyReadyNodeHasLeft(String name, Supplier<DemoEstate> estate) throws Exception {
    try (DemoCluster cluster = DemoCluster.start(estate.get(), Clock.systemUTC()); KubernetesClient client = DemoClusterClients.of(cluster)) {
      List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
      List<Node> ready = client.nodes().list().getItems().stream().filter(DemoSchedulingTest::ready).toList();
      assertThat(ready).isNotEmpty();
      Map<String, Map<String, BigDecimal>> left = new HashMap<>();
      for (Node node : ready) {
        Map<String, BigDecimal> free = new HashMap<>();
        for (String resource : List.of("cpu", "memory")) {
          BigDecimal used = pods.stream().filter(p -> node.getMetadata().getName().equals(p.getSpec().getNodeName()))
              .filter(p -> !List.of("Succeeded", "Failed").contains(p.getStatus().getPhase()))
              .map(p -> requested(p, resource)).reduce(BigDecimal.ZERO, BigDecimal::add);
          free.put(resource, Quantity.getAmountInBytes(node.getStatus().getAllocatable().get(resource)).subtract(used));
        }
        left.put(node.getMetadata().getName(), free);
      }
      int checked = 0;
      for (Pod pod : pods) {
        String message = pod.getStatus().getConditions().stream().filter(c -> c.getType().equals("PodScheduled") && c.getStatus().equals("False"))
            .map(PodCondition::getMessage).findFirst().orElse("");
        for (String resource : List.of("cpu", "memory")) {
          if (message.contains("Insufficient " + resource)) {
            checked++;
            BigDecimal asks = requested(pod, resource);
            left.forEach((node, free) -> assertThat(asks).as("%s %s asks for %s %s; %s has %s left", name, pod.getMetadata().getName(), asks,
                resource, node, free.get(resource)).isGreaterThan(free.get(resource)));
          }
        }
      }
      assertThat(checked).as("pending pods whose message names cpu or memory").isPositive();
    }
  }
}
