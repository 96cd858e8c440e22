package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a ReplicaSet or StatefulSet controller and the scheduler do after one of their pods is
 * evicted, reduced to what the demo needs: a pod in its place, on another ready node that takes new
 * pods, or pending with the scheduler's reason when none does. So draining a demo node moves its
 * pods, as on a real cluster, instead of shrinking the estate.
 */
final class EvictedPodReplacement {
  private EvictedPodReplacement() {}

  /** The replacement of {@code evicted}, or null when no controller that recreates pods owns it. */
  static ObjectNode of(JsonNode evicted, JsonNode nodeList, Instant now) {
    JsonNode owner = controllerOf(evicted.path("metadata"));
    if (owner == null) {
      return null;
    }
    ObjectNode pod = evicted.deepCopy();
    ObjectNode meta = (ObjectNode) pod.path("metadata");
    String old = meta.path("name").asText();
    // A StatefulSet's pod keeps its name; a ReplicaSet's gets a new suffix.
    meta.put("name", owner.path("kind").asText().equals("StatefulSet") ? old : owner.path("name").asText() + "-" + Workloads.suffix(old, 1));
    meta.remove(List.of("uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields"));
    ObjectNode spec = (ObjectNode) pod.path("spec");
    if (spec.path("nodeName").asText("").isEmpty()) {
      return pod; // it was never placed: its replacement waits as it did
    }
    JsonNode node = placeFor(nodeList, spec.path("nodeName").asText());
    if (node == null) {
      spec.remove("nodeName");
      ObjectNode status = pod.putObject("status").put("phase", "Pending")
          .put("qosClass", evicted.path("status").path("qosClass").asText("Burstable"));
      status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "False").put("reason", "Unschedulable")
          .put("message", unschedulable(nodeList)).put("lastTransitionTime", now.toString());
      return pod;
    }
    spec.put("nodeName", node.path("metadata").path("name").asText());
    // The new pod runs what the old one ran, trouble included (a crash loop crashes again), from the start.
    ObjectNode status = (ObjectNode) pod.path("status");
    String hostIp = internalIp(node);
    status.put("hostIP", hostIp).put("podIP", hostIp.substring(0, hostIp.lastIndexOf('.') + 1)
        + (100 + Math.abs(meta.path("name").asText().hashCode()) % 150));
    if (startedAfresh(status, now)) {
      SeededTrouble.inEffect().crashesLater(meta.path("namespace").asText(), meta.path("name").asText());
    }
    return pod;
  }

  /**
   * A copied pod's status as a new pod's: started {@code now}, no restarts and no previous run of its containers. A
   * container the copied pod had in CrashLoopBackOff is running: a new pod's container has not crashed yet, and is not
   * in a back-off before its first restart. Whether one is (it crashes soon after: {@link SeededTrouble#firstCrash}).
   */
  static boolean startedAfresh(ObjectNode status, Instant now) {
    status.put("startTime", now.toString());
    boolean crashes = false;
    for (JsonNode c : status.path("containerStatuses")) {
      ObjectNode container = (ObjectNode) c;
      container.put("restartCount", 0).remove("lastState");
      if ("CrashLoopBackOff".equals(container.path("state").path("waiting").path("reason").asText())) {
        container.putObject("state").putObject("running");
        container.put("started", true).put("ready", false);
        crashes = true;
      }
      if (container.path("state").has("running")) {
        ((ObjectNode) container.path("state").path("running")).put("startedAt", now.toString());
      }
    }
    return crashes;
  }

  /** The controller owner reference of a pod a controller recreates (a ReplicaSet or StatefulSet), or null. */
  static JsonNode controllerOf(JsonNode meta) {
    for (JsonNode owner : meta.path("ownerReferences")) {
      String kind = owner.path("kind").asText();
      if (owner.path("controller").asBoolean(false) && (kind.equals("ReplicaSet") || kind.equals("StatefulSet"))) {
        return owner;
      }
    }
    return null;
  }

  /** The first ready, schedulable node by name other than the one the pod left. */
  private static JsonNode placeFor(JsonNode nodeList, String leaving) {
    JsonNode best = null;
    for (JsonNode n : nodeList.path("items")) {
      String name = n.path("metadata").path("name").asText();
      if (ready(n) && !n.path("spec").path("unschedulable").asBoolean(false) && !name.equals(leaving)
          && (best == null || name.compareTo(best.path("metadata").path("name").asText()) < 0)) {
        best = n;
      }
    }
    return best;
  }

  /** The scheduler's sentence when no node takes the pod: how many were cordoned, how many not ready. */
  static String unschedulable(JsonNode nodeList) {
    int total = nodeList.path("items").size();
    int cordoned = 0;
    int notReady = 0;
    for (JsonNode n : nodeList.path("items")) {
      if (!ready(n)) {
        notReady++;
      } else if (n.path("spec").path("unschedulable").asBoolean(false)) {
        cordoned++;
      }
    }
    List<String> why = new ArrayList<>();
    if (notReady > 0) {
      why.add(notReady + " node(s) had untolerated taint {node.kubernetes.io/not-ready: }");
    }
    if (cordoned > 0) {
      why.add(cordoned + " node(s) were unschedulable");
    }
    return "0/" + total + " nodes are available: " + String.join(", ", why) + ". preemption: 0/" + total
        + " nodes are available: " + total + " Preemption is not helpful for scheduling.";
  }

  /** Whether the node's (or a pod's: the same condition) Ready condition is True. */
  static boolean ready(JsonNode node) {
    for (JsonNode c : node.path("status").path("conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        return c.path("status").asText().equals("True");
      }
    }
    return false;
  }

  static String internalIp(JsonNode node) {
    for (JsonNode a : node.path("status").path("addresses")) {
      if (a.path("type").asText().equals("InternalIP")) {
        return a.path("address").asText();
      }
    }
    return "10.0.0.1";
  }
}
