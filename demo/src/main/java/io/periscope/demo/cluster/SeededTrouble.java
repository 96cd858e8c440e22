package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The trouble the seed gave a controller's pods (a crash loop, an image that does not pull, a pod no node takes), kept so
 * that the controller's new pods have it too. On a real cluster the cause is in the pod's template or what it reads
 * (config, a registry, requests no node fits), so a deleted crash-looping pod's replacement crash-loops again; the demo
 * seeds the trouble as pod statuses only, and its controllers started every new pod Ready, so a delete "fixed" it.
 *
 * <p>Each ReplicaSet or StatefulSet keeps as many troubled pods as the seed gave it, of the kind the seed gave it: a new
 * pod (a deleted pod's replacement, a scale-up's) is a fresh copy of a seeded troubled pod while fewer of the set's pods
 * are not Ready than the seed left troubled, and Ready otherwise. A fresh copy: its own name, restart count 0, started
 * now; a crash-looping one runs first and reaches CrashLoopBackOff with its first restart, a few seconds later
 * ({@link #firstCrash}). A template change is the fix, as it is in practice: a Deployment's new ReplicaSet (another uid) has no seeded
 * trouble, nor has a StatefulSet's pod of another revision; a rollback to the seeded template brings the trouble back.
 * DaemonSets are seeded without trouble (a pod on a NotReady node is the node's trouble), so theirs start Ready.
 */
final class SeededTrouble {
  /**
   * The cluster's trouble while its controllers run. Bound by the dispatcher around them rather than passed down: the
   * ReplicaSet controller is reached from a dozen call sites (rollouts, scales, deletions) that have no other use for it.
   */
  static final ScopedValue<SeededTrouble> IN_EFFECT = ScopedValue.newInstance();
  static final SeededTrouble NONE = new SeededTrouble(Map.of(), (namespace, name) -> {});
  /** How long a crash-looping copy runs before its first crash: long enough to see it Running, short for a demo. */
  static final java.time.Duration FIRST_CRASH_AFTER = java.time.Duration.ofSeconds(5);

  /** The troubled pods as seeded, by the uid of the controller that owns them. */
  private final Map<String, List<JsonNode>> byController;
  /** Asks the pod's kubelet to crash {@code namespace/name}'s running container after {@link #FIRST_CRASH_AFTER}. */
  private final java.util.function.BiConsumer<String, String> crashLater;

  private SeededTrouble(Map<String, List<JsonNode>> byController, java.util.function.BiConsumer<String, String> crashLater) {
    this.byController = byController;
    this.crashLater = crashLater;
  }

  /** A crash-looping copy was started as {@code namespace/name}: its container crashes soon ({@link #firstCrash}). */
  void crashesLater(String namespace, String name) {
    crashLater.accept(namespace, name);
  }

  /**
   * The kubelet's word after a crash-looping copy's first crash: each container that runs, not ready, on its first run,
   * ended with an Error ({@code lastState}), was restarted once and waits in CrashLoopBackOff, as {@code kubectl get pods}
   * then shows it (RESTARTS 1). Null when there is no such container (the pod was replaced, or crashed already). A real
   * container shows Error, and Running again, between; the demo goes straight to the back-off.
   */
  static ObjectNode firstCrash(JsonNode pod, Instant now) {
    ObjectNode crashed = pod.deepCopy();
    boolean any = false;
    for (JsonNode c : crashed.path("status").path("containerStatuses")) {
      ObjectNode container = (ObjectNode) c;
      if (!container.path("state").has("running") || container.path("ready").asBoolean() || container.path("restartCount").asInt() != 0) {
        continue;
      }
      String started = container.path("state").path("running").path("startedAt").asText(now.toString());
      container.putObject("lastState").putObject("terminated").put("exitCode", 1).put("reason", "Error")
          .put("startedAt", started).put("finishedAt", now.toString());
      JsonNode meta = pod.path("metadata");
      container.putObject("state").putObject("waiting").put("reason", "CrashLoopBackOff")
          .put("message", "back-off 10s restarting failed container=" + container.path("name").asText() + " pod="
              + meta.path("name").asText() + "_" + meta.path("namespace").asText() + "(" + meta.path("uid").asText() + ")");
      container.put("restartCount", 1).put("started", false);
      any = true;
    }
    return any ? crashed : null;
  }

  /**
   * The seeded pods a ReplicaSet or StatefulSet controls that are not Ready for reasons of their own: not terminating and
   * not on a NotReady node (there the node is the trouble, and a replacement goes elsewhere).
   */
  static SeededTrouble read(Function<RecordedRequest, MockResponse> crud, java.util.function.BiConsumer<String, String> crashLater)
      throws IOException {
    Map<String, Boolean> nodeReady = new HashMap<>();
    for (JsonNode n : StoreCalls.read(crud, "/api/v1/nodes").path("items")) {
      nodeReady.put(n.path("metadata").path("name").asText(), EvictedPodReplacement.ready(n));
    }
    Map<String, List<JsonNode>> byController = new HashMap<>();
    for (JsonNode pod : StoreCalls.read(crud, "/api/v1/pods").path("items")) {
      JsonNode owner = EvictedPodReplacement.controllerOf(pod.path("metadata"));
      String node = pod.path("spec").path("nodeName").asText("");
      if (owner == null || pod.path("metadata").has("deletionTimestamp") || EvictedPodReplacement.ready(pod)
          || !node.isEmpty() && !nodeReady.getOrDefault(node, false)) {
        continue;
      }
      byController.computeIfAbsent(owner.path("uid").asText(), k -> new ArrayList<>()).add(pod.deepCopy());
    }
    return new SeededTrouble(Map.copyOf(byController), crashLater);
  }

  /** The trouble bound for the controllers running now; none outside them (a test calling a controller directly). */
  static SeededTrouble inEffect() {
    return IN_EFFECT.orElse(NONE);
  }

  /**
   * {@code fresh}, a new pod of {@code owner} its controller made from the template, or in its place a fresh copy of a
   * seeded troubled pod when fewer of {@code siblings} (the owner's other pods, not terminating) are not Ready than the
   * seed left troubled. A StatefulSet's pod takes it only at the revision the trouble was seeded with.
   */
  ObjectNode apply(JsonNode owner, List<JsonNode> siblings, ObjectNode fresh, Instant now) {
    List<JsonNode> seeded = byController.getOrDefault(owner.path("metadata").path("uid").asText(), List.of());
    long troubled = siblings.stream().filter(p -> !EvictedPodReplacement.ready(p)).count();
    if (troubled >= seeded.size()) {
      return fresh;
    }
    JsonNode prototype = seeded.get((int) troubled);
    String revision = StatefulSetRevisions.POD_LABEL;
    if (!prototype.path("metadata").path("labels").path(revision).asText("")
        .equals(fresh.path("metadata").path("labels").path(revision).asText(""))) {
      return fresh;
    }
    boolean placed = !prototype.path("spec").path("nodeName").asText("").isEmpty();
    if (placed && fresh.path("spec").path("nodeName").asText("").isEmpty()) {
      return fresh; // no node takes it: it waits, Pending with the scheduler's reason, before any trouble of its own
    }
    return copy(prototype, fresh, placed, now);
  }

  /** The prototype as {@code fresh}'s pod: its name, labels, owner and node; its trouble from the start. */
  private ObjectNode copy(JsonNode prototype, ObjectNode fresh, boolean placed, Instant now) {
    ObjectNode pod = prototype.deepCopy();
    ObjectNode meta = (ObjectNode) pod.path("metadata");
    meta.remove(List.of("uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
        "managedFields", "generateName"));
    for (String field : List.of("name", "labels", "ownerReferences")) {
      meta.set(field, fresh.path("metadata").path(field).deepCopy());
    }
    ObjectNode spec = (ObjectNode) pod.path("spec");
    ObjectNode status = (ObjectNode) pod.path("status");
    for (JsonNode c : status.path("conditions")) {
      ((ObjectNode) c).put("lastTransitionTime", now.toString());
    }
    if (!placed) {
      status.remove("startTime"); // a pod no node took has not started
      return pod; // Pending as seeded (its raised requests too): no node takes it now either
    }
    spec.set("nodeName", fresh.path("spec").path("nodeName"));
    status.set("hostIP", fresh.path("status").path("hostIP"));
    status.set("podIP", fresh.path("status").path("podIP"));
    if (EvictedPodReplacement.startedAfresh(status, now)) {
      crashesLater(meta.path("namespace").asText(), meta.path("name").asText());
    }
    return pod;
  }
}
