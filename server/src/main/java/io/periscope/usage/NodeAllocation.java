package io.periscope.usage;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.authz.Principal;
import io.periscope.json.Json;
import io.periscope.json.ListItems;
import io.periscope.k8s.NodeWithPods;
import io.periscope.k8s.Quantities;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What {@code kubectl describe node} calls "Allocated resources": the CPU and memory the pods on a
 * node request and are limited to, against what the node offers (its allocatable), read as the
 * person. The scheduler places pods by requests, not by use, so this is what says why a pod does not
 * fit ("Insufficient cpu") while the node's usage looks low.
 */
public final class NodeAllocation {
  /** Amounts in millicores (CPU) or bytes (memory); {@code allocatable} is null when the node reports none. */
  public record Amounts(long requests, long limits, Long allocatable) {}

  /** The node's allocation over its {@code pods} pods that hold resources (not Succeeded or Failed). */
  public record Allocation(String node, int pods, Amounts cpu, Amounts memory) {}

  private final NodeWithPods nodes;

  public NodeAllocation(NodeWithPods nodes) {
    this.nodes = nodes;
  }

  /** {@code node} is a node name (checked at the HTTP edge, {@code http.ObjectNamesInPaths}). */
  public Allocation of(Principal who, String cluster, String node) {
    return nodes.read(who, cluster, node, (nodeObject, pods) -> {
      JsonNode allocatable = nodeObject.path("status").path("allocatable");
      return sum(node, pods, amount(allocatable.path("cpu").asText(null), 1000), amount(allocatable.path("memory").asText(null), 1));
    });
  }

  /** Sums a pod list's requests and limits; pods of another node (an apiserver that ignored the selector) are not counted. */
  static Allocation sum(String node, InputStream podList, Long cpuAllocatable, Long memoryAllocatable) throws IOException {
    int[] count = new int[1];
    long[] cpu = new long[2];
    long[] memory = new long[2];
    ListItems.each(podList, "a pod list", item -> {
      JsonNode pod = Json.mapper().readTree(item);
      String phase = pod.path("status").path("phase").asText("");
      if (node.equals(pod.path("spec").path("nodeName").asText()) && !phase.equals("Succeeded") && !phase.equals("Failed")) {
        count[0]++;
        PodResources.add(pod.path("spec"), "cpu", 1000, cpu);
        PodResources.add(pod.path("spec"), "memory", 1, memory);
      }
    });
    return new Allocation(node, count[0], new Amounts(cpu[0], cpu[1], cpuAllocatable), new Amounts(memory[0], memory[1], memoryAllocatable));
  }

  /** A quantity in base units times {@code scale} (1000 for millicores), rounded up as the scheduler does; null when absent or malformed. */
  static Long amount(String quantity, int scale) {
    try {
      return Quantities.parse(quantity).map(v -> v.multiply(BigDecimal.valueOf(scale)).setScale(0, RoundingMode.CEILING).longValueExact())
          .orElse(null);
    } catch (ArithmeticException e) {
      return null; // beyond a long: no node has that much
    }
  }
}
