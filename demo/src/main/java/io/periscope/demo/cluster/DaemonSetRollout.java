package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.demo.aws.ImageDigests;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The DaemonSet controller's {@code RollingUpdate}, reduced to what the demo needs: node by node (in name order, where
 * the controller takes them as its map yields them), a pod of an older revision gives way to one of the newest, under
 * a new name on the same node, labelled with the revision's hash and the set's generation. Without {@code maxSurge} the
 * old pod goes first: an old pod that is not available always may, the available ones only while fewer than {@code
 * maxUnavailable} nodes (default 1) lack an available pod of the new revision. With {@code maxSurge} the new pod starts
 * beside the old one (at most that many nodes at a time, an unavailable old pod not counted), and the old one goes once
 * the new one is available. Both bounds are a count or a percentage of the nodes the set runs on, rounded up, as the
 * controller reads them; both zero counts as one unavailable. Each pass's deletes, then its creates, reach the store, so
 * a watch sees the rollout go. The demo's pods start Ready at once on a Ready node, so a rollout completes within the
 * write that started it; on a NotReady node the new pod stays Pending (no kubelet starts it), and, as on a real
 * cluster, it holds the rollout there once it uses up {@code maxUnavailable}.
 */
final class DaemonSetRollout {
  private DaemonSetRollout() {}

  /** What the controller takes a node's pods to be: the one of the newest revision, and an older one, either absent. */
  private record OnNode(String node, JsonNode fresh, JsonNode old) {}

  /** Replaces the pods of {@code ds} that are not of revision {@code hash}, as its rolling update allows. */
  static void roll(JsonNode ds, String hash, Function<RecordedRequest, MockResponse> crud, Instant now) throws IOException {
    JsonNode rollingUpdate = ds.path("spec").path("updateStrategy").path("rollingUpdate");
    int nodes = podsByNode(ds, crud).size();
    int surge = bound(rollingUpdate, "maxSurge", 0, nodes);
    int unavailable = bound(rollingUpdate, "maxUnavailable", 1, nodes);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1; // what the controller falls back to, should the apiserver have let both zero through
    }
    // Every pass moves at least one node a step on (a create, or a delete), so this many always suffice.
    for (int passes = 2 * nodes + 2; passes > 0; passes--) {
      Map<String, OnNode> byNode = onNodes(podsByNode(ds, crud), hash);
      List<JsonNode> deletes = new ArrayList<>();
      List<JsonNode> creates = new ArrayList<>();
      if (surge == 0) {
        withoutSurge(byNode, unavailable, deletes, creates);
      } else {
        withSurge(byNode, surge, deletes, creates);
      }
      if (deletes.isEmpty() && creates.isEmpty()) {
        return;
      }
      String namespace = ds.path("metadata").path("namespace").asText();
      for (JsonNode pod : deletes) {
        crud.apply(StoreCalls.request(HttpMethod.DELETE, "/api/v1/namespaces/" + namespace + "/pods/" + pod.path("metadata").path("name").asText(), null));
      }
      JsonNode nodeList = StoreCalls.read(crud, "/api/v1/nodes");
      for (JsonNode model : creates) {
        PodEvents.create(crud, namespace, replacement(ds, model, hash, nodeList, now), now);
      }
    }
  }

  /**
   * Delete first: unavailable old pods go, and available ones while the nodes without an available new pod stay
   * under {@code maxUnavailable}; each goes with its replacement (the controller creates it on its next pass).
   */
  private static void withoutSurge(Map<String, OnNode> byNode, int maxUnavailable, List<JsonNode> deletes, List<JsonNode> creates) {
    int unavailable = 0;
    List<JsonNode> mustGo = new ArrayList<>();
    List<JsonNode> mayGo = new ArrayList<>();
    for (OnNode n : byNode.values()) {
      if (n.fresh() != null) {
        // A new pod not yet available counts against the budget; so does a node that has both (mid-replacement).
        if (!DemoReplicaSets.ready(n.fresh()) || n.old() != null) {
          unavailable++;
        }
      } else if (!DemoReplicaSets.ready(n.old())) {
        mustGo.add(n.old());
      } else {
        mayGo.add(n.old());
      }
    }
    int room = Math.max(0, maxUnavailable - unavailable);
    mustGo.addAll(mayGo.subList(0, Math.min(room, mayGo.size())));
    deletes.addAll(mustGo);
    creates.addAll(mustGo);
  }

  /**
   * Create first: a node whose new pod is available loses its old one; a node with only an old pod gets a new one beside
   * it, at once when the old one is unavailable, else while fewer than {@code maxSurge} new pods are still coming up.
   */
  private static void withSurge(Map<String, OnNode> byNode, int maxSurge, List<JsonNode> deletes, List<JsonNode> creates) {
    int surging = 0;
    List<JsonNode> candidates = new ArrayList<>();
    for (OnNode n : byNode.values()) {
      if (n.old() == null) {
        continue;
      }
      if (n.fresh() == null) {
        if (!DemoReplicaSets.ready(n.old())) {
          creates.add(n.old());
        } else {
          candidates.add(n.old());
        }
      } else if (DemoReplicaSets.ready(n.fresh())) {
        deletes.add(n.old());
      } else {
        surging++;
      }
    }
    creates.addAll(candidates.subList(0, Math.min(Math.max(0, maxSurge - surging), candidates.size())));
  }

  /** The set's bound {@code field} as a number of pods on {@code nodes} nodes: a count, or a percentage rounded up. */
  static int bound(JsonNode rollingUpdate, String field, int absent, int nodes) {
    return DeploymentRollout.Bounds.resolve(rollingUpdate.has(field) ? rollingUpdate.path(field) : IntNode.valueOf(absent), nodes, true);
  }

  /** The set's pods that are not terminating, by the node they run on (in name order). */
  static TreeMap<String, List<JsonNode>> podsByNode(JsonNode ds, Function<RecordedRequest, MockResponse> crud) throws IOException {
    String uid = ds.path("metadata").path("uid").asText();
    TreeMap<String, List<JsonNode>> byNode = new TreeMap<>();
    for (JsonNode pod : StoreCalls.read(crud, "/api/v1/namespaces/" + ds.path("metadata").path("namespace").asText() + "/pods").path("items")) {
      if (DaemonSetPlacement.ownedBy(pod, uid) && !pod.path("metadata").has("deletionTimestamp")) {
        byNode.computeIfAbsent(pod.path("spec").path("nodeName").asText(""), k -> new ArrayList<>()).add(pod);
      }
    }
    return byNode;
  }

  private static Map<String, OnNode> onNodes(TreeMap<String, List<JsonNode>> byNode, String hash) {
    Map<String, OnNode> out = new TreeMap<>();
    byNode.forEach((node, pods) -> {
      JsonNode fresh = pods.stream().filter(p -> hash.equals(hashOf(p))).findFirst().orElse(null);
      JsonNode old = pods.stream().filter(p -> !hash.equals(hashOf(p))).findFirst().orElse(null);
      out.put(node, new OnNode(node, fresh, old));
    });
    return out;
  }

  static String hashOf(JsonNode pod) {
    return pod.path("metadata").path("labels").path(DemoDaemonSets.HASH).asText("");
  }

  /**
   * The pod {@code model} had on its node, as a new pod of the set's template: same node and host network, the
   * template's labels and containers' images, the revision's hash; started now when its node is Ready, Pending when no
   * kubelet there will start it.
   */
  private static ObjectNode replacement(JsonNode ds, JsonNode model, String hash, JsonNode nodes, Instant now) {
    JsonNode template = ds.path("spec").path("template");
    ObjectNode pod = model.deepCopy();
    ObjectNode meta = (ObjectNode) pod.path("metadata");
    String old = meta.path("name").asText();
    meta.remove(List.of("uid", "resourceVersion", "creationTimestamp", "managedFields", "deletionTimestamp", "annotations"));
    meta.put("name", ds.path("metadata").path("name").asText() + "-" + Workloads.suffix(old + hash, 0));
    ObjectNode labels = template.path("metadata").path("labels").isObject() ? template.path("metadata").path("labels").deepCopy()
        : JsonNodeFactory.instance.objectNode();
    labels.put(DemoDaemonSets.HASH, hash);
    if (!DemoDaemonSets.templateGeneration(ds).isEmpty()) {
      labels.put("pod-template-generation", DemoDaemonSets.templateGeneration(ds));
    }
    meta.set("labels", labels);
    if (template.path("metadata").path("annotations").isObject()) {
      meta.set("annotations", template.path("metadata").path("annotations").deepCopy());
    }
    JsonNode containers = template.path("spec").path("containers");
    for (int c = 0; c < pod.path("spec").path("containers").size() && c < containers.size(); c++) {
      ((ObjectNode) pod.path("spec").path("containers").get(c)).put("image", containers.get(c).path("image").asText());
    }
    String nodeName = pod.path("spec").path("nodeName").asText("");
    boolean nodeReady = false;
    for (JsonNode n : nodes.path("items")) {
      nodeReady |= n.path("metadata").path("name").asText().equals(nodeName) && EvictedPodReplacement.ready(n);
    }
    if (nodeReady) {
      startAfresh(pod, containers, now);
    } else {
      ObjectNode status = pod.putObject("status").put("phase", "Pending").put("qosClass", model.path("status").path("qosClass").asText("Burstable"));
      status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "True").put("lastTransitionTime", now.toString());
    }
    return pod;
  }

  /** The pod runs the template's images (by container position), started now and Ready, with no restarts behind it. */
  private static void startAfresh(ObjectNode pod, JsonNode containers, Instant now) {
    ObjectNode status = DemoRollouts.object(pod, "status");
    status.put("phase", "Running").put("startTime", now.toString());
    var conditions = status.putArray("conditions");
    for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")) {
      conditions.addObject().put("type", type).put("status", "True").put("lastTransitionTime", now.toString());
    }
    for (int c = 0; c < status.path("containerStatuses").size(); c++) {
      ObjectNode s = (ObjectNode) status.path("containerStatuses").get(c);
      if (c < containers.size()) {
        String image = containers.get(c).path("image").asText();
        s.put("image", image).put("imageID", ImageDigests.imageId(image));
      }
      s.put("restartCount", 0).put("ready", true).put("started", true).remove("lastState");
      s.putObject("state").putObject("running").put("startedAt", now.toString());
    }
  }
}
