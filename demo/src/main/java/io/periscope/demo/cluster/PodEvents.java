package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The events a cluster records as its controllers start and remove pods: the owner's {@code SuccessfulCreate} /
 * {@code SuccessfulDelete} (replicaset-, statefulset-, daemonset-controller, in their words), the scheduler's {@code
 * Scheduled} or {@code FailedScheduling}, and the kubelet's {@code Pulled} (the image is already on a node that ran the
 * app), {@code Created}, {@code Started} for a container it runs, or {@code Pulling}, {@code Failed}, {@code BackOff} for
 * one whose image does not pull, and {@code BackOff} when a container crash-loops. So a replacement's Events tab reads
 * like a real one's. Every pod the demo's controllers start goes through {@link #create}.
 */
final class PodEvents {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Keeps event names apart within one millisecond (a real event's name is the object's and a nanosecond stamp). */
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private PodEvents() {}

  /** Stores {@code pod} (a POST to its namespace's pods) and records its owner's and its own events; the store's answer. */
  static MockResponse create(Function<RecordedRequest, MockResponse> crud, String namespace, JsonNode pod, Instant now) {
    MockResponse created = StoreCalls.send(crud, HttpMethod.POST, "/api/v1/namespaces/" + namespace + "/pods", pod);
    if (created.code() / 100 != 2) {
      return created;
    }
    JsonNode stored;
    try {
      stored = JSON.readTree(created.getBody().getBytes()); // getBytes leaves the body for the caller
    } catch (IOException e) {
      return created;
    }
    String name = stored.path("metadata").path("name").asText();
    JsonNode owner = controller(stored);
    if (owner != null) {
      String kind = owner.path("kind").asText();
      ownerEvent(crud, namespace, owner, "Normal", "SuccessfulCreate", kind.equals("StatefulSet")
          ? "create Pod " + name + " in StatefulSet " + owner.path("name").asText() + " successful" : "Created pod: " + name, now);
    }
    started(crud, stored, now);
    return created;
  }

  /** The owner's word on a surplus pod it deleted. */
  static void deleted(Function<RecordedRequest, MockResponse> crud, JsonNode pod, Instant now) {
    JsonNode owner = controller(pod);
    if (owner == null) {
      return;
    }
    String name = pod.path("metadata").path("name").asText();
    ownerEvent(crud, pod.path("metadata").path("namespace").asText(), owner, "Normal", "SuccessfulDelete",
        owner.path("kind").asText().equals("StatefulSet")
            ? "delete Pod " + name + " in StatefulSet " + owner.path("name").asText() + " successful" : "Deleted pod: " + name, now);
  }

  /** The kubelet's back-off after a container's crash. */
  static void backOff(Function<RecordedRequest, MockResponse> crud, JsonNode pod, String container, Instant now) {
    JsonNode meta = pod.path("metadata");
    podEvent(crud, pod, "Warning", "BackOff", "kubelet", "Back-off restarting failed container " + container + " in pod "
        + meta.path("name").asText() + "_" + meta.path("namespace").asText() + "(" + meta.path("uid").asText() + ")", now);
  }

  /** The scheduler's and the kubelet's events for a pod just stored, read from the status it was stored with. */
  private static void started(Function<RecordedRequest, MockResponse> crud, JsonNode pod, Instant now) {
    JsonNode meta = pod.path("metadata");
    String node = pod.path("spec").path("nodeName").asText("");
    if (node.isEmpty()) {
      for (JsonNode c : pod.path("status").path("conditions")) {
        if (c.path("type").asText().equals("PodScheduled") && c.path("status").asText().equals("False")) {
          podEvent(crud, pod, "Warning", "FailedScheduling", "default-scheduler", c.path("message").asText(), now);
        }
      }
      return;
    }
    podEvent(crud, pod, "Normal", "Scheduled", "default-scheduler",
        "Successfully assigned " + meta.path("namespace").asText() + "/" + meta.path("name").asText() + " to " + node, now);
    for (JsonNode c : pod.path("status").path("containerStatuses")) {
      String name = c.path("name").asText();
      String image = c.path("image").asText();
      String waiting = c.path("state").path("waiting").path("reason").asText("");
      if (waiting.equals("ImagePullBackOff") || waiting.equals("ErrImagePull")) {
        podEvent(crud, pod, "Normal", "Pulling", "kubelet", "Pulling image \"" + image + "\"", now);
        podEvent(crud, pod, "Warning", "Failed", "kubelet", "Failed to pull image \"" + image + "\": "
            + c.path("state").path("waiting").path("message").asText("the image could not be pulled"), now);
        podEvent(crud, pod, "Normal", "BackOff", "kubelet", "Back-off pulling image \"" + image + "\"", now);
      } else if (c.path("state").has("running")) {
        podEvent(crud, pod, "Normal", "Pulled", "kubelet", "Container image \"" + image + "\" already present on machine", now);
        podEvent(crud, pod, "Normal", "Created", "kubelet", "Created container: " + name, now);
        podEvent(crud, pod, "Normal", "Started", "kubelet", "Started container " + name, now);
      }
    }
  }

  private static JsonNode controller(JsonNode pod) {
    for (JsonNode owner : pod.path("metadata").path("ownerReferences")) {
      if (owner.path("controller").asBoolean(false)) {
        return owner;
      }
    }
    return null;
  }

  private static void ownerEvent(Function<RecordedRequest, MockResponse> crud, String namespace, JsonNode owner, String type,
      String reason, String message, Instant now) {
    String component = switch (owner.path("kind").asText()) {
      case "ReplicaSet" -> "replicaset-controller";
      case "StatefulSet" -> "statefulset-controller";
      case "DaemonSet" -> "daemonset-controller";
      default -> "controller-manager";
    };
    ObjectNode involved = JSON.createObjectNode().put("apiVersion", owner.path("apiVersion").asText("apps/v1"))
        .put("kind", owner.path("kind").asText()).put("name", owner.path("name").asText()).put("namespace", namespace)
        .put("uid", owner.path("uid").asText());
    store(crud, namespace, involved, type, reason, message, component, null, now);
  }

  private static void podEvent(Function<RecordedRequest, MockResponse> crud, JsonNode pod, String type, String reason, String component,
      String message, Instant now) {
    JsonNode meta = pod.path("metadata");
    String namespace = meta.path("namespace").asText();
    ObjectNode involved = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod").put("name", meta.path("name").asText())
        .put("namespace", namespace).put("uid", meta.path("uid").asText());
    String host = component.equals("kubelet") ? pod.path("spec").path("nodeName").asText(null) : null;
    store(crud, namespace, involved, type, reason, message, component, host, now);
  }

  private static void store(Function<RecordedRequest, MockResponse> crud, String namespace, ObjectNode involved, String type,
      String reason, String message, String component, String host, Instant now) {
    ObjectNode event = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Event");
    event.putObject("metadata").put("namespace", namespace)
        .put("name", involved.path("name").asText() + "." + Long.toHexString(now.toEpochMilli() * 1000 + SEQUENCE.incrementAndGet() % 1000));
    event.set("involvedObject", involved);
    event.put("type", type).put("reason", reason).put("message", message).put("count", 1)
        .put("firstTimestamp", now.toString()).put("lastTimestamp", now.toString()).put("reportingComponent", component)
        .put("reportingInstance", host == null ? "" : host);
    ObjectNode source = event.putObject("source").put("component", component);
    if (host != null) {
      source.put("host", host);
    }
    StoreCalls.send(crud, HttpMethod.POST, "/api/v1/namespaces/" + namespace + "/events", event);
  }
}
