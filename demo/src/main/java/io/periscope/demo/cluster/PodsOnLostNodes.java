package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pod deletion as a cluster does it when a node is lost. The apiserver only marks a pod for
 * deletion ({@code deletionTimestamp}); its kubelet stops the containers and confirms, and only
 * then is the pod gone. The demo's kubelets confirm at once, except on a NotReady node, where none
 * answers: a pod deleted there stays terminating until someone deletes it with a grace period of
 * 0 ({@code kubectl delete --force}). Its ReplicaSet replaces it at once (a terminating pod no
 * longer counts); a StatefulSet waits for the name to be free, so its pod comes back only after the
 * forced deletion. The showcase cluster starts with one such pod of {@code checkout-web}.
 */
final class PodsOnLostNodes {
  static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private PodsOnLostNodes() {}

  /** A pod of {@code app} on {@code lost}, deleted {@code minutesAgo} and still there: a copy of one of its running pods. */
  static void seedStuckPod(StoreWriter store, String namespace, String runningPod, DemoEstate.Node lost, Instant now, long minutesAgo) {
    var pod = store.read("/api/v1/namespaces/" + namespace + "/pods/" + runningPod, io.fabric8.kubernetes.api.model.Pod.class);
    var meta = pod.getMetadata();
    meta.setName(runningPod.substring(0, runningPod.lastIndexOf('-') + 1) + Workloads.suffix(runningPod, 7));
    meta.setUid(null);
    meta.setResourceVersion(null);
    pod.getSpec().setNodeName(lost.name());
    var status = pod.getStatus();
    status.setHostIP(lost.ip());
    status.setPodIP(lost.ip().substring(0, lost.ip().lastIndexOf('.') + 1) + "77");
    // The node controller marked it not ready when the node stopped reporting; the container state is the kubelet's last word.
    status.getConditions().stream().filter(c -> "Ready".equals(c.getType())).forEach(c -> {
      c.setStatus("False");
      c.setReason("NodeNotReady");
    });
    status.getContainerStatuses().forEach(c -> c.setReady(false));
    store.create(pod);
    store.markForDeletion("/api/v1/namespaces/" + namespace + "/pods/" + meta.getName(), now.minusSeconds(minutesAgo * 60), 30);
  }

  /** A pod's DELETE: passed to the store unless the pod is on a NotReady node and not forced. */
  static MockResponse delete(Matcher m, RecordedRequest request, Function<RecordedRequest, MockResponse> crud,
      BiConsumer<String, ObjectNode> keepMarked, Instant now) {
    String podPath = "/api/v1/namespaces/" + m.group(1) + "/pods/" + m.group(2);
    String body = request.getBody() == null ? "" : request.getBody().readUtf8();
    RecordedRequest replay = new RecordedRequest("HTTP/1.1", HttpMethod.DELETE, request.getPath(), request.getHeaders(),
        new Buffer().writeUtf8(body));
    var found = StoreCalls.get(crud, podPath);
    if (found.isEmpty()) {
      return crud.apply(replay);
    }
    try {
      ObjectNode pod = (ObjectNode) found.get();
      JsonNode options = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
      boolean forced = options.path("gracePeriodSeconds").isInt() && options.path("gracePeriodSeconds").asInt() == 0;
      String node = pod.path("spec").path("nodeName").asText("");
      // A node that is gone (not in the store) confirms nothing either.
      if (node.isEmpty() || StoreCalls.get(crud, "/api/v1/nodes/" + node).map(EvictedPodReplacement::ready).orElse(false)) {
        return crud.apply(replay);
      }
      if (forced) {
        MockResponse deleted = crud.apply(replay);
        if (deleted.code() / 100 == 2 && "StatefulSet".equals(controllerKind(pod))) {
          DemoEviction.replace(pod, crud, now); // its name is free now
        }
        return deleted;
      }
      ObjectNode meta = (ObjectNode) pod.path("metadata");
      if (!meta.has("deletionTimestamp")) {
        int grace = options.path("gracePeriodSeconds").isInt() ? options.path("gracePeriodSeconds").asInt()
            : pod.path("spec").path("terminationGracePeriodSeconds").asInt(30);
        meta.put("deletionTimestamp", now.plusSeconds(grace).toString()).put("deletionGracePeriodSeconds", grace);
        keepMarked.accept(podPath, pod);
        if ("ReplicaSet".equals(controllerKind(pod))) {
          DemoEviction.replace(pod, crud, now);
        }
      }
      // The apiserver answers a graceful deletion with the object, now marked.
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(pod.toString());
    } catch (IOException | ClassCastException e) {
      return DemoPodLogs.status(500, "InternalError", "the delete options are no JSON object: " + e.getMessage());
    }
  }

  private static String controllerKind(JsonNode pod) {
    JsonNode controller = EvictedPodReplacement.controllerOf(pod.path("metadata"));
    return controller == null ? "" : controller.path("kind").asText();
  }
}
