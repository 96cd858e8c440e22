package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics API ({@code metrics.k8s.io/v1beta1}, metrics-server's) for the demo: PodMetrics of the
 * running pods and NodeMetrics of the nodes, from the store's pods and nodes as they are now. Usage
 * is made up but steady: derived from each container's name, so the console's CPU and Memory
 * columns look alike from one refresh to the next; a node's is its pods' plus the system's share.
 */
final class DemoMetrics {
  static final String GROUP_VERSION = "metrics.k8s.io/v1beta1";
  static final Pattern PATH = Pattern.compile("^/apis/metrics\\.k8s\\.io/v1beta1(?:/namespaces/([^/]+))?/(pods|nodes)$");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SYSTEM_CPU_MILLI = 180;
  private static final long SYSTEM_MEMORY_MI = 900;

  private final Clock clock;

  DemoMetrics(Clock clock) {
    this.clock = clock;
  }

  /** The metrics list {@code m} (namespace, plural) asks for, from {@code crud}'s pods and nodes. */
  MockResponse answer(Matcher m, Function<RecordedRequest, MockResponse> crud) {
    JsonNode pods = StoreCalls.get(crud, m.group(2).equals("pods") && m.group(1) != null ? "/api/v1/namespaces/" + m.group(1) + "/pods" : "/api/v1/pods")
        .orElse(null);
    if (pods == null) {
      return DemoPodLogs.status(500, "InternalError", "the demo could not read its pods");
    }
    ObjectNode out = JSON.createObjectNode().put("apiVersion", GROUP_VERSION);
    out.putObject("metadata");
    ArrayNode items = out.putArray("items");
    String now = clock.instant().toString();
    if (m.group(2).equals("pods")) {
      out.put("kind", "PodMetricsList");
      for (JsonNode pod : pods.path("items")) {
        if (!running(pod)) {
          continue;
        }
        ObjectNode item = items.addObject();
        item.putObject("metadata").put("name", pod.path("metadata").path("name").asText())
            .put("namespace", pod.path("metadata").path("namespace").asText()).put("creationTimestamp", now);
        item.put("timestamp", now).put("window", "15s");
        ArrayNode containers = item.putArray("containers");
        for (JsonNode c : pod.path("spec").path("containers")) {
          String name = c.path("name").asText();
          containers.addObject().put("name", name).putObject("usage").put("cpu", cpuMilli(name) + "m").put("memory", memoryMi(name) + "Mi");
        }
      }
      return json(out);
    }
    out.put("kind", "NodeMetricsList");
    JsonNode nodes = StoreCalls.get(crud, "/api/v1/nodes").orElse(null);
    if (nodes == null) {
      return DemoPodLogs.status(500, "InternalError", "the demo could not read its nodes");
    }
    Map<String, long[]> byNode = new HashMap<>();
    for (JsonNode pod : pods.path("items")) {
      if (running(pod)) {
        long[] sum = byNode.computeIfAbsent(pod.path("spec").path("nodeName").asText(), n -> new long[2]);
        for (JsonNode c : pod.path("spec").path("containers")) {
          String name = c.path("name").asText();
          sum[0] += cpuMilli(name);
          sum[1] += memoryMi(name);
        }
      }
    }
    for (JsonNode node : nodes.path("items")) {
      String name = node.path("metadata").path("name").asText();
      boolean ready = false;
      for (JsonNode c : node.path("status").path("conditions")) {
        ready |= c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True");
      }
      if (!ready) {
        continue; // a NotReady node's kubelet sends no samples
      }
      long[] sum = byNode.getOrDefault(name, new long[2]);
      ObjectNode item = items.addObject();
      item.putObject("metadata").put("name", name).put("creationTimestamp", now);
      item.put("timestamp", now).put("window", "20s");
      item.putObject("usage").put("cpu", (sum[0] + SYSTEM_CPU_MILLI) + "m").put("memory", (sum[1] + SYSTEM_MEMORY_MI) + "Mi");
    }
    return json(out);
  }

  /** metrics-server has samples only of running pods. */
  private static boolean running(JsonNode pod) {
    return pod.path("status").path("phase").asText().equals("Running");
  }

  /** 5–304 millicores, steady per container name (a node's pods then stay within its 4 cores). */
  static long cpuMilli(String container) {
    return 5 + Math.floorMod(container.hashCode(), 300);
  }

  /** 32–543 MiB, steady per container name. */
  static long memoryMi(String container) {
    return 32 + Math.floorMod(container.hashCode() / 7, 512);
  }

  private static MockResponse json(ObjectNode body) {
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body.toString());
  }
}
