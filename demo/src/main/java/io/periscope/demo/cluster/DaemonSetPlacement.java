package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The DaemonSet controller's first duty, reduced to what the demo needs: one pod of the set on every node its template's
 * {@code nodeSelector} takes (every node without one). A node that has none, because the set is new or someone deleted
 * the pod (the console's Delete, {@code kubectl delete pod}, an eviction), gets a new one of the newest revision under a
 * new name; a pod on a node the set no longer takes goes. A NotReady node gets its pod too, as the controller's pods
 * tolerate {@code not-ready}, but no kubelet there starts it: it stays Pending, as the rollout leaves one there
 * ({@link DaemonSetRollout}). A node whose pod is still terminating (deleted on a NotReady node, not forced) gets none
 * until it is gone, as the controller waits for it.
 */
final class DaemonSetPlacement {
  /** The tolerations the controller adds to every pod it creates (AddOrUpdateDaemonPodTolerations), so none is evicted for them. */
  private static final List<String[]> TOLERATIONS = List.of(
      new String[] {"node.kubernetes.io/not-ready", "NoExecute"}, new String[] {"node.kubernetes.io/unreachable", "NoExecute"},
      new String[] {"node.kubernetes.io/disk-pressure", "NoSchedule"}, new String[] {"node.kubernetes.io/memory-pressure", "NoSchedule"},
      new String[] {"node.kubernetes.io/pid-pressure", "NoSchedule"}, new String[] {"node.kubernetes.io/unschedulable", "NoSchedule"});

  private DaemonSetPlacement() {}

  /** Names of the nodes {@code ds} should run on: those its template's nodeSelector matches, in name order. */
  static Set<String> eligibleNodes(JsonNode ds, JsonNode nodes) {
    JsonNode selector = ds.path("spec").path("template").path("spec").path("nodeSelector");
    Set<String> eligible = new TreeSet<>();
    for (JsonNode n : nodes.path("items")) {
      if (!selector.isObject() || selector.isEmpty() || LabelMatch.selects(selector, n.path("metadata").path("labels"))) {
        eligible.add(n.path("metadata").path("name").asText());
      }
    }
    return eligible;
  }

  /** Deletes the set's pods on nodes it does not take, and starts one of revision {@code hash} on each eligible node without one. */
  static void place(JsonNode ds, String hash, Function<RecordedRequest, MockResponse> crud, Instant now) throws IOException {
    String namespace = ds.path("metadata").path("namespace").asText();
    String uid = ds.path("metadata").path("uid").asText();
    JsonNode nodes = StoreCalls.read(crud, "/api/v1/nodes");
    Set<String> eligible = eligibleNodes(ds, nodes);
    Set<String> occupied = new HashSet<>();
    Set<String> taken = new HashSet<>();
    for (JsonNode pod : StoreCalls.read(crud, "/api/v1/namespaces/" + namespace + "/pods").path("items")) {
      taken.add(pod.path("metadata").path("name").asText());
      if (!ownedBy(pod, uid)) {
        continue;
      }
      String node = pod.path("spec").path("nodeName").asText("");
      if (eligible.contains(node)) {
        occupied.add(node); // a terminating pod too: the controller waits for it to go
      } else if (!pod.path("metadata").has("deletionTimestamp")) {
        crud.apply(StoreCalls.request(HttpMethod.DELETE, "/api/v1/namespaces/" + namespace + "/pods/" + pod.path("metadata").path("name").asText(), null));
      }
    }
    for (JsonNode node : nodes.path("items")) {
      String name = node.path("metadata").path("name").asText();
      if (eligible.contains(name) && !occupied.contains(name)) {
        ObjectNode pod = newPod(ds, hash, GeneratedNames.free(ds.path("metadata").path("name").asText(), taken), node, nodes, now);
        PodEvents.create(crud, namespace, pod, now);
      }
    }
  }

  static boolean ownedBy(JsonNode pod, String uid) {
    for (JsonNode owner : pod.path("metadata").path("ownerReferences")) {
      if (owner.path("controller").asBoolean(false) && owner.path("uid").asText().equals(uid)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A pod of the set's template on {@code node}, labelled with the revision's hash and template generation, with the
   * controller's tolerations: started now and Ready on a Ready node, Pending (scheduled, not started) on a NotReady one.
   */
  private static ObjectNode newPod(JsonNode ds, String hash, String name, JsonNode node, JsonNode nodes, Instant now) {
    ObjectNode pod = DemoReplicaSets.newPod((ObjectNode) ds, "DaemonSet", name, node, nodes, now);
    ObjectNode labels = DemoRollouts.object((ObjectNode) pod.path("metadata"), "labels").put(DemoDaemonSets.HASH, hash);
    if (!DemoDaemonSets.templateGeneration(ds).isEmpty()) {
      labels.put("pod-template-generation", DemoDaemonSets.templateGeneration(ds));
    }
    ObjectNode spec = (ObjectNode) pod.path("spec");
    ArrayNode tolerations = spec.path("tolerations").isArray() ? (ArrayNode) spec.path("tolerations") : spec.putArray("tolerations");
    for (String[] t : TOLERATIONS) {
      tolerations.addObject().put("key", t[0]).put("operator", "Exists").put("effect", t[1]);
    }
    ObjectNode status = (ObjectNode) pod.path("status");
    if (spec.path("hostNetwork").asBoolean(false)) {
      status.put("podIP", status.path("hostIP").asText()); // on the host's network, as kube-proxy and the CNI run
    }
    if (!EvictedPodReplacement.ready(node)) {
      // Placed there, but no kubelet answers to start it.
      ObjectNode pending = pod.putObject("status").put("phase", "Pending").put("qosClass", "Burstable");
      pending.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "True").put("lastTransitionTime", now.toString());
    }
    return pod;
  }
}
