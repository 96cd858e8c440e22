package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The StatefulSet controller after a StatefulSet's replicas change, reduced to what the demo needs: pods
 * above the count go, highest ordinal first; missing ordinals below it start in order, each placed as
 * {@link DemoReplicaSets} places a pod (the demo's scheduler does not weigh requests). With the default
 * {@code OrderedReady} policy a pod starts only once every lower ordinal is Ready, so a set whose first pod
 * is still pending gets no more, as on a real cluster; {@code Parallel} starts them all. The set's status
 * counts and its Services' endpoints follow the pods.
 */
final class DemoStatefulSets {
  private DemoStatefulSets() {}

  static void afterScale(String namespace, String name, Function<RecordedRequest, MockResponse> crud, Instant now) {
    String path = "/apis/apps/v1/namespaces/" + namespace + "/statefulsets/" + name;
    try {
      ObjectNode set = (ObjectNode) StoreCalls.read(crud, path);
      int desired = set.path("spec").path("replicas").asInt(1);
      boolean ordered = !set.path("spec").path("podManagementPolicy").asText("OrderedReady").equals("Parallel");
      TreeMap<Integer, JsonNode> pods = podsByOrdinal(set, crud);
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
        String podName = name + "-" + ordinal;
        ObjectNode pod = DemoReplicaSets.newPod(set, "StatefulSet", podName, DemoReplicaSets.placeFor(nodes, List.copyOf(pods.values())), nodes, now);
        DemoRollouts.object((ObjectNode) pod.path("metadata"), "labels").put("statefulset.kubernetes.io/pod-name", podName);
        MockResponse created = StoreCalls.send(crud, HttpMethod.POST, "/api/v1/namespaces/" + namespace + "/pods", pod);
        pods.put(ordinal, created.code() / 100 == 2 ? StoreCalls.read(crud, "/api/v1/namespaces/" + namespace + "/pods/" + podName) : pod);
        if (ordered && !DemoReplicaSets.ready(pod)) {
          break;
        }
      }
      int ready = (int) pods.values().stream().filter(DemoReplicaSets::ready).count();
      DemoRollouts.object(set, "status").put("replicas", pods.size()).put("currentReplicas", pods.size()).put("updatedReplicas", pods.size())
          .put("readyReplicas", ready).put("availableReplicas", ready);
      StoreCalls.send(crud, HttpMethod.PUT, path + "/status", set);
      DemoServiceEndpoints.follow(namespace, set.path("spec").path("template").path("metadata").path("labels"), crud);
    } catch (IOException | ClassCastException e) {
      // The scale itself was stored; a demo set whose pods do not follow is no reason to fail it.
    }
  }

  /** The set's pods that are not terminating, by ordinal (the number after its name). */
  private static TreeMap<Integer, JsonNode> podsByOrdinal(JsonNode set, Function<RecordedRequest, MockResponse> crud) throws IOException {
    String name = set.path("metadata").path("name").asText();
    String uid = set.path("metadata").path("uid").asText();
    TreeMap<Integer, JsonNode> pods = new TreeMap<>();
    for (JsonNode pod : StoreCalls.read(crud, "/api/v1/namespaces/" + set.path("metadata").path("namespace").asText() + "/pods").path("items")) {
      JsonNode owner = EvictedPodReplacement.controllerOf(pod.path("metadata"));
      String podName = pod.path("metadata").path("name").asText();
      if (owner != null && owner.path("uid").asText().equals(uid) && !pod.path("metadata").has("deletionTimestamp")
          && podName.matches(java.util.regex.Pattern.quote(name) + "-\\d+")) {
        pods.put(Integer.parseInt(podName.substring(name.length() + 1)), pod);
      }
    }
    return pods;
  }
}
