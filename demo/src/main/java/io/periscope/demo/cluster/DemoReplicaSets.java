package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.demo.aws.ImageDigests;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The ReplicaSet controller and the scheduler after a Deployment's replicas change ({@code kubectl
 * scale}, the console's Scale), reduced to what the demo needs: the current ReplicaSet takes the new
 * count (or its pod was deleted: {@link WorkloadControllers#losingPods}), missing pods start at once, under generated
 * names ({@link GeneratedNames}), on the ready, schedulable node with the fewest of the set's pods
 * (pending with the scheduler's reason when none takes them), Ready unless the seed gave the set trouble
 * ({@link SeededTrouble}), and surplus pods go in the order the
 * controller picks them (unscheduled, then not ready, then the youngest). The ReplicaSet's status counts follow the
 * pods, and so do the endpoints of the Services that select them; a Deployment's are {@link DeploymentRollout}'s.
 */
final class DemoReplicaSets {
  private static final String REVISION = "deployment.kubernetes.io/revision";

  private DemoReplicaSets() {}

  /**
   * The ReplicaSet controller: {@code rs} takes {@code desired} as its {@code spec.replicas}, its pods are brought to it
   * (surplus ones deleted, missing ones placed), and its status counts (also in {@code rs}, for the caller) and its
   * Services' endpoints follow.
   */
  static void scale(ObjectNode rs, int desired, Function<RecordedRequest, MockResponse> crud, Instant now) throws IOException {
    String namespace = rs.path("metadata").path("namespace").asText();
    String uid = rs.path("metadata").path("uid").asText();
    List<JsonNode> pods = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (JsonNode pod : StoreCalls.read(crud, "/api/v1/namespaces/" + namespace + "/pods").path("items")) {
      taken.add(pod.path("metadata").path("name").asText());
      JsonNode owner = EvictedPodReplacement.controllerOf(pod.path("metadata"));
      // A terminating pod no longer counts: the controller has already replaced it.
      if (owner != null && owner.path("uid").asText().equals(uid) && !pod.path("metadata").has("deletionTimestamp")) {
        pods.add(pod);
      }
    }
    if (pods.size() > desired) {
      List<JsonNode> surplus = pods.stream().sorted(DELETE_FIRST).limit(pods.size() - desired).toList();
      for (JsonNode pod : surplus) {
        if (crud.apply(StoreCalls.request(HttpMethod.DELETE, "/api/v1/namespaces/" + namespace + "/pods/" + pod.path("metadata").path("name").asText(), null))
            .code() / 100 == 2) {
          PodEvents.deleted(crud, pod, now);
        }
      }
      pods.removeAll(surplus);
    }
    if (pods.size() < desired) {
      JsonNode nodes = StoreCalls.read(crud, "/api/v1/nodes");
      while (pods.size() < desired) {
        String name = GeneratedNames.free(rs.path("metadata").path("name").asText(), taken);
        ObjectNode pod = SeededTrouble.inEffect().apply(rs, pods, newPod(rs, "ReplicaSet", name, placeFor(nodes, pods), nodes, now), now);
        MockResponse created = PodEvents.create(crud, namespace, pod, now);
        pods.add(created.code() / 100 == 2 ? StoreCalls.read(crud, "/api/v1/namespaces/" + namespace + "/pods/" + name) : pod);
      }
    }
    int ready = (int) pods.stream().filter(DemoReplicaSets::ready).count();
    String path = "/apis/apps/v1/namespaces/" + namespace + "/replicasets/" + rs.path("metadata").path("name").asText();
    // Written unconditionally, as the controller's own update: a rollout scales one ReplicaSet several times over,
    // and the version it was read with is stale after the first (the store would refuse it as a conflict).
    DemoRollouts.object(rs, "metadata").remove("resourceVersion");
    DemoRollouts.object(rs, "spec").put("replicas", desired);
    DemoRollouts.object(rs, "status").put("replicas", pods.size()).put("fullyLabeledReplicas", pods.size())
        .put("readyReplicas", ready).put("availableReplicas", ready);
    StoreCalls.send(crud, HttpMethod.PUT, path, rs);
    StoreCalls.send(crud, HttpMethod.PUT, path + "/status", rs);
    DemoServiceEndpoints.follow(namespace, rs.path("spec").path("template").path("metadata").path("labels"), crud);
  }

  /** The owned ReplicaSet a Deployment's replicas belong to: the one with its template, else the newest revision. */
  static ObjectNode current(List<ObjectNode> owned, java.util.function.Predicate<JsonNode> sameTemplate) {
    return owned.stream().filter(sameTemplate).findFirst()
        .or(() -> owned.stream().max(Comparator.comparingLong(rs -> rs.path("metadata").path("annotations").path(REVISION).asLong(0))))
        .orElse(null);
  }

  /** Which surplus pod goes first, as the ReplicaSet controller ranks them: unscheduled, pending, not ready, then the youngest. */
  private static final Comparator<JsonNode> DELETE_FIRST = Comparator
      .comparing((JsonNode p) -> !p.path("spec").path("nodeName").asText("").isEmpty())
      .thenComparing(p -> !p.path("status").path("phase").asText().equals("Pending"))
      .thenComparing(DemoReplicaSets::ready)
      .thenComparing((JsonNode p) -> p.path("metadata").path("creationTimestamp").asText(""), Comparator.reverseOrder());

  /**
   * A pod of {@code owner}'s template (a ReplicaSet's or a StatefulSet's) on {@code node}, its containers started now and
   * ready; pending with the scheduler's reason on no node.
   */
  static ObjectNode newPod(ObjectNode owner, String ownerKind, String name, JsonNode node, JsonNode nodes, Instant now) {
    JsonNode template = owner.path("spec").path("template");
    ObjectNode pod = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode meta = pod.putObject("metadata").put("name", name).put("namespace", owner.path("metadata").path("namespace").asText());
    meta.set("labels", template.path("metadata").path("labels").deepCopy());
    meta.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", ownerKind)
        .put("name", owner.path("metadata").path("name").asText()).put("uid", owner.path("metadata").path("uid").asText())
        .put("controller", true).put("blockOwnerDeletion", true);
    ObjectNode spec = template.path("spec").deepCopy();
    if (spec.path("serviceAccountName").asText("").isEmpty()) {
      spec.put("serviceAccountName", "default"); // the ServiceAccount admission plugin's default
    }
    pod.set("spec", spec);
    ObjectNode status = pod.putObject("status").put("qosClass", "Burstable");
    if (node == null) {
      spec.remove("nodeName");
      status.put("phase", "Pending").putArray("conditions").addObject().put("type", "PodScheduled").put("status", "False")
          .put("reason", "Unschedulable").put("message", EvictedPodReplacement.unschedulable(nodes)).put("lastTransitionTime", now.toString());
      return pod;
    }
    String hostIp = EvictedPodReplacement.internalIp(node);
    spec.put("nodeName", node.path("metadata").path("name").asText());
    status.put("phase", "Running").put("hostIP", hostIp)
        .put("podIP", hostIp.substring(0, hostIp.lastIndexOf('.') + 1) + (20 + Math.abs(name.hashCode()) % 200)).put("startTime", now.toString());
    ArrayNode conditions = status.putArray("conditions");
    for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")) {
      conditions.addObject().put("type", type).put("status", "True").put("lastTransitionTime", now.toString());
    }
    ArrayNode containers = status.putArray("containerStatuses");
    for (JsonNode c : spec.path("containers")) {
      String image = c.path("image").asText();
      ObjectNode s = containers.addObject().put("name", c.path("name").asText()).put("image", image).put("imageID", ImageDigests.imageId(image))
          .put("ready", true).put("started", true).put("restartCount", 0);
      s.putObject("state").putObject("running").put("startedAt", now.toString());
    }
    return pod;
  }

  /** The ready, schedulable node with the fewest of {@code siblings} (the scheduler's spreading), by name on a tie; null when none. */
  static JsonNode placeFor(JsonNode nodes, List<JsonNode> siblings) {
    Map<String, Integer> load = new HashMap<>();
    siblings.forEach(p -> load.merge(p.path("spec").path("nodeName").asText(""), 1, Integer::sum));
    JsonNode best = null;
    for (JsonNode n : nodes.path("items")) {
      if (!EvictedPodReplacement.ready(n) || n.path("spec").path("unschedulable").asBoolean(false)) {
        continue;
      }
      String name = n.path("metadata").path("name").asText();
      if (best == null) {
        best = n;
        continue;
      }
      String bestName = best.path("metadata").path("name").asText();
      int byLoad = Integer.compare(load.getOrDefault(name, 0), load.getOrDefault(bestName, 0));
      if (byLoad < 0 || byLoad == 0 && name.compareTo(bestName) < 0) {
        best = n;
      }
    }
    return best;
  }

  /** Whether the pod's Ready condition is True (read as a node's is). */
  static boolean ready(JsonNode pod) {
    return EvictedPodReplacement.ready(pod);
  }
}
