package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The StatefulSet controller after any write of a StatefulSet, reduced to what the demo needs: pods above the count go,
 * highest ordinal first; missing ordinals below it (a scale up, a deleted pod) start in order under their own names, but
 * not while the old pod of that name is still terminating, each placed as {@link DemoReplicaSets} places a pod
 * (the demo's scheduler does not weigh requests), with the set's seeded trouble if it has any ({@link SeededTrouble}). With the default {@code OrderedReady} policy a pod starts only once
 * every lower ordinal is Ready, so a set whose first pod is still pending gets no more, as on a real cluster;
 * {@code Parallel} starts them all. The template the set now has is its update revision ({@link StatefulSetRevisions});
 * with the {@code RollingUpdate} strategy, pods of another revision are replaced one at a time in reverse ordinal
 * order down to the {@code partition}, each under its own name, the next only once the replacement is Ready (an
 * update, or a rollback to an earlier revision); {@code rollingUpdate.maxUnavailable} above 1 replaces that many at a
 * time. As on a real cluster an {@code OrderedReady} set with a pod that is not Ready waits instead, and {@code
 * OnDelete} replaces nothing. The set's status counts and revisions and its
 * Services' endpoints follow the pods.
 */
final class DemoStatefulSets {
  private DemoStatefulSets() {}

  static void afterScale(String namespace, String name, Function<RecordedRequest, MockResponse> crud, Instant now) {
    String path = "/apis/apps/v1/namespaces/" + namespace + "/statefulsets/" + name;
    try {
      ObjectNode set = (ObjectNode) StoreCalls.read(crud, path);
      int desired = set.path("spec").path("replicas").asInt(1);
      boolean ordered = !set.path("spec").path("podManagementPolicy").asText("OrderedReady").equals("Parallel");
      String update = StatefulSetRevisions.update(set, crud);
      java.util.Set<Integer> terminating = new java.util.HashSet<>();
      TreeMap<Integer, JsonNode> pods = podsByOrdinal(set, crud, terminating);
      for (int ordinal : new ArrayList<>(pods.descendingKeySet())) {
        if (ordinal >= desired) {
          crud.apply(StoreCalls.request(HttpMethod.DELETE, "/api/v1/namespaces/" + namespace + "/pods/" + name + "-" + ordinal, null));
          pods.remove(ordinal);
        }
      }
      JsonNode nodes = StoreCalls.read(crud, "/api/v1/nodes");
      for (int ordinal = 0; ordinal < desired; ordinal++) {
        if (pods.containsKey(ordinal)) {
          if (ordered && !DemoReplicaSets.ready(pods.get(ordinal))) {
            break;
          }
          continue;
        }
        if (terminating.contains(ordinal)) {
          // Its name is not free until the old pod is gone (a lost node's kubelet never confirms): the controller waits.
          if (ordered) {
            break;
          }
          continue;
        }
        JsonNode pod = start(set, ordinal, update, pods, nodes, crud, now);
        if (ordered && !DemoReplicaSets.ready(pod)) {
          break;
        }
      }
      boolean waits = ordered && pods.values().stream().anyMatch(p -> !DemoReplicaSets.ready(p));
      if (!waits && set.path("spec").path("updateStrategy").path("type").asText("RollingUpdate").equals("RollingUpdate")) {
        rollOut(set, update, pods, nodes, crud, now);
      }
      writeStatus(set, update, pods, desired, crud);
      DemoServiceEndpoints.follow(namespace, set.path("spec").path("template").path("metadata").path("labels"), crud);
    } catch (IOException | ClassCastException e) {
      // The write itself was stored; a demo set whose pods do not follow is no reason to fail it.
    }
  }

  /**
   * Replaces the pods not of revision {@code update}, highest ordinal first and not below the partition, as many at a
   * time as {@code rollingUpdate.maxUnavailable} allows (1 by default; a count or a percentage of the replicas, rounded
   * down, at least 1): a pod of the revision that is not Ready (a replacement not yet up) uses up the allowance, so the
   * controller waits for it before the next, as with one at a time.
   */
  private static void rollOut(ObjectNode set, String update, TreeMap<Integer, JsonNode> pods, JsonNode nodes,
                              Function<RecordedRequest, MockResponse> crud, Instant now) throws IOException {
    JsonNode rollingUpdate = set.path("spec").path("updateStrategy").path("rollingUpdate");
    int partition = rollingUpdate.path("partition").asInt(0);
    int maxUnavailable = Math.max(1, DeploymentRollout.Bounds.resolve(rollingUpdate.has("maxUnavailable") ? rollingUpdate.path("maxUnavailable")
        : IntNode.valueOf(1), set.path("spec").path("replicas").asInt(1), false));
    String namespace = set.path("metadata").path("namespace").asText();
    while (true) {
      List<Integer> outdated = pods.descendingKeySet().stream().filter(o -> o >= partition && !update.equals(revisionOf(pods.get(o)))).toList();
      // Pods of the old revision that are not Ready are on their way out anyway: only the new revision's count.
      long unavailable = pods.tailMap(partition).values().stream().filter(p -> update.equals(revisionOf(p)) && !DemoReplicaSets.ready(p)).count();
      int room = (int) (maxUnavailable - unavailable);
      if (outdated.isEmpty() || room <= 0) {
        return;
      }
      List<Integer> batch = outdated.subList(0, Math.min(room, outdated.size()));
      for (int ordinal : batch) {
        crud.apply(StoreCalls.request(HttpMethod.DELETE, "/api/v1/namespaces/" + namespace + "/pods/" + pods.get(ordinal).path("metadata").path("name").asText(), null));
        pods.remove(ordinal);
      }
      // The missing ordinals start again lowest first, as the controller creates them.
      for (int ordinal : batch.reversed()) {
        start(set, ordinal, update, pods, nodes, crud, now);
      }
    }
  }

  /** Starts the set's pod {@code ordinal} of revision {@code update} (placed beside its siblings) and adds it to {@code pods}. */
  private static JsonNode start(ObjectNode set, int ordinal, String update, TreeMap<Integer, JsonNode> pods, JsonNode nodes,
                                Function<RecordedRequest, MockResponse> crud, Instant now) {
    String namespace = set.path("metadata").path("namespace").asText();
    String podName = set.path("metadata").path("name").asText() + "-" + ordinal;
    ObjectNode pod = DemoReplicaSets.newPod(set, "StatefulSet", podName, DemoReplicaSets.placeFor(nodes, List.copyOf(pods.values())), nodes, now);
    DemoRollouts.object((ObjectNode) pod.path("metadata"), "labels").put("statefulset.kubernetes.io/pod-name", podName)
        .put(StatefulSetRevisions.POD_LABEL, update);
    pod = SeededTrouble.inEffect().apply(set, List.copyOf(pods.values()), pod, now);
    MockResponse created = PodEvents.create(crud, namespace, pod, now);
    JsonNode stored = created.code() / 100 == 2 ? StoreCalls.get(crud, "/api/v1/namespaces/" + namespace + "/pods/" + podName).orElse(pod) : pod;
    pods.put(ordinal, stored);
    return stored;
  }

  /** Counts and revisions as the controller reports them: the current revision becomes the update one once every pod runs it. */
  private static void writeStatus(ObjectNode set, String update, TreeMap<Integer, JsonNode> pods, int desired,
                                  Function<RecordedRequest, MockResponse> crud) {
    int ready = (int) pods.values().stream().filter(DemoReplicaSets::ready).count();
    int updated = (int) pods.values().stream().filter(p -> update.equals(revisionOf(p))).count();
    String current = updated == pods.size() && pods.size() == desired ? update
        : set.path("status").path("currentRevision").asText(update);
    int onCurrent = (int) pods.values().stream().filter(p -> current.equals(revisionOf(p))).count();
    ObjectNode status = DemoRollouts.object(set, "status").put("replicas", pods.size()).put("currentReplicas", onCurrent)
        .put("updatedReplicas", updated).put("readyReplicas", ready).put("availableReplicas", ready)
        .put("currentRevision", current).put("updateRevision", update);
    if (set.path("metadata").has("generation")) {
      status.put("observedGeneration", set.path("metadata").path("generation").asLong());
    }
    String path = "/apis/apps/v1/namespaces/" + set.path("metadata").path("namespace").asText() + "/statefulsets/" + set.path("metadata").path("name").asText();
    StoreCalls.send(crud, HttpMethod.PUT, path + "/status", set);
  }

  private static String revisionOf(JsonNode pod) {
    return pod.path("metadata").path("labels").path(StatefulSetRevisions.POD_LABEL).asText("");
  }

  /** The set's pods that are not terminating, by ordinal (the number after its name); the terminating ones' ordinals go to {@code terminating}. */
  private static TreeMap<Integer, JsonNode> podsByOrdinal(JsonNode set, Function<RecordedRequest, MockResponse> crud, java.util.Set<Integer> terminating)
      throws IOException {
    String name = set.path("metadata").path("name").asText();
    String uid = set.path("metadata").path("uid").asText();
    TreeMap<Integer, JsonNode> pods = new TreeMap<>();
    for (JsonNode pod : StoreCalls.read(crud, "/api/v1/namespaces/" + set.path("metadata").path("namespace").asText() + "/pods").path("items")) {
      JsonNode owner = EvictedPodReplacement.controllerOf(pod.path("metadata"));
      String podName = pod.path("metadata").path("name").asText();
      if (owner != null && owner.path("uid").asText().equals(uid) && podName.matches(java.util.regex.Pattern.quote(name) + "-\\d+")) {
        int ordinal = Integer.parseInt(podName.substring(name.length() + 1));
        if (pod.path("metadata").has("deletionTimestamp")) {
          terminating.add(ordinal);
        } else {
          pods.put(ordinal, pod);
        }
      }
    }
    return pods;
  }
}
