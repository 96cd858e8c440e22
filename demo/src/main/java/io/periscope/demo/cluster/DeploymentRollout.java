package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The Deployment controller moving a Deployment's pods to its newest ReplicaSet, reduced to what the demo needs. With the
 * {@code Recreate} strategy the older ReplicaSets go to none first, then the new one takes the replicas. With {@code
 * RollingUpdate} (the default) it goes in steps as the controller's do: the new ReplicaSet grows while all of them hold
 * at most {@code replicas + maxSurge}, the older ones shrink (oldest first, their unready pods before any) while at
 * least {@code replicas - maxUnavailable} pods are Ready; both bounds as the controller reads them (25% each by default,
 * the surge rounded up and the unavailability down, and never both zero). Each step's writes reach the store, so a watch
 * sees the rollout go; the demo's pods start Ready at once, so it completes within the write that changed the template,
 * at the demo clock's now. A new pod that no node takes stays Pending and stalls it there, as on a real cluster, until a
 * later write of the Deployment lets it go on. The ReplicaSet controller's part is {@link DemoReplicaSets#scale}.
 */
final class DeploymentRollout {
  private DeploymentRollout() {}

  /** The pods of {@code older} give way to {@code current}'s, then the Deployment's status is written. */
  static void roll(JsonNode deployment, ObjectNode current, List<ObjectNode> older, Function<RecordedRequest, MockResponse> crud, Instant now)
      throws IOException {
    int replicas = deployment.path("spec").path("replicas").asInt(1);
    List<ObjectNode> olds = new ArrayList<>(older);
    // The controller scales the oldest down first.
    olds.sort(Comparator.comparingLong(rs -> rs.path("metadata").path("annotations").path(DemoRollouts.REVISION).asLong(0)));
    JsonNode strategy = deployment.path("spec").path("strategy");
    if (strategy.path("type").asText("RollingUpdate").equals("Recreate")) {
      for (ObjectNode rs : olds) {
        if (replicasOf(rs) > 0 || rs.path("status").path("replicas").asInt(0) > 0) {
          DemoReplicaSets.scale(rs, 0, crud, now);
        }
      }
      DemoReplicaSets.scale(current, replicas, crud, now);
    } else {
      Bounds bounds = Bounds.of(strategy.path("rollingUpdate"), replicas);
      // Every step moves at least one replica, so this many steps always suffice.
      int steps = 2 * (replicas + olds.stream().mapToInt(DeploymentRollout::replicasOf).sum()) + 2;
      while (steps-- > 0 && step(current, olds, replicas, bounds, crud, now)) {
        // each step wrote its own scale
      }
      // A ReplicaSet whose count already matched still gets its pods brought to it (a pod deleted by hand, say).
      if (replicasOf(current) == replicas) {
        DemoReplicaSets.scale(current, replicas, crud, now);
      }
    }
    writeStatus(deployment, current, olds, false, now, crud);
  }

  /**
   * A paused Deployment: no rollout, only its count kept, by its newest ReplicaSet taking what the older ones do not hold
   * (the controller scales them all in proportion; the demo's older ones hold none unless a rollout stalled), and
   * Progressing says {@code DeploymentPaused}.
   */
  static void scalePaused(JsonNode deployment, ObjectNode newest, List<ObjectNode> older, Function<RecordedRequest, MockResponse> crud, Instant now)
      throws IOException {
    int held = older.stream().mapToInt(DeploymentRollout::replicasOf).sum();
    DemoReplicaSets.scale(newest, Math.max(0, deployment.path("spec").path("replicas").asInt(1) - held), crud, now);
    writeStatus(deployment, newest, older, true, now, crud);
  }

  /** maxSurge and maxUnavailable as numbers of pods for {@code replicas}. */
  record Bounds(int surge, int unavailable) {
    static Bounds of(JsonNode rollingUpdate, int replicas) {
      int surge = resolve(rollingUpdate.path("maxSurge"), replicas, true);
      int unavailable = resolve(rollingUpdate.path("maxUnavailable"), replicas, false);
      // Both zero would never move: the controller then allows one unavailable.
      return new Bounds(surge, surge == 0 && unavailable == 0 ? 1 : unavailable);
    }

    /** An int, or a percentage of {@code replicas}; absent is the API's default of 25%. */
    static int resolve(JsonNode value, int replicas, boolean roundUp) {
      if (value.isInt()) {
        return Math.max(0, value.asInt());
      }
      String text = value.isTextual() ? value.asText() : "25%";
      if (!text.endsWith("%")) {
        return Math.max(0, Integer.parseInt(text));
      }
      double exact = replicas * Integer.parseInt(text.substring(0, text.length() - 1)) / 100.0;
      return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
    }
  }

  /**
   * How many of its replicas the Deployment may have unavailable and still count as available (the controller's
   * MaxUnavailable): the rolling update's bound as a rollout reads it, at most the replicas; none with Recreate or none wanted.
   */
  static int maxUnavailable(JsonNode deployment) {
    int replicas = deployment.path("spec").path("replicas").asInt(1);
    JsonNode strategy = deployment.path("spec").path("strategy");
    if (replicas == 0 || !strategy.path("type").asText("RollingUpdate").equals("RollingUpdate")) {
      return 0;
    }
    return Math.min(replicas, Bounds.of(strategy.path("rollingUpdate"), replicas).unavailable());
  }

  /** One pass of the controller: scale the new ReplicaSet up within the surge, then the old ones down within availability. */
  private static boolean step(ObjectNode current, List<ObjectNode> olds, int replicas, Bounds bounds, Function<RecordedRequest, MockResponse> crud,
                              Instant now) throws IOException {
    boolean moved = false;
    int total = replicasOf(current) + olds.stream().mapToInt(DeploymentRollout::replicasOf).sum();
    int want = replicasOf(current) > replicas ? replicas : Math.min(replicas, replicasOf(current) + Math.max(0, replicas + bounds.surge() - total));
    if (want != replicasOf(current)) {
      DemoReplicaSets.scale(current, want, crud, now);
      moved = true;
    }
    int ready = readyOf(current) + olds.stream().mapToInt(DeploymentRollout::readyOf).sum();
    int removable = Math.max(0, ready - (replicas - bounds.unavailable()));
    for (ObjectNode rs : olds) {
      int count = replicasOf(rs);
      // Pods that are not Ready count against no availability: they go first and always may.
      int unready = Math.max(0, count - readyOf(rs));
      int readyGoing = Math.min(count - unready, removable);
      int going = unready + readyGoing;
      if (going > 0) {
        removable -= readyGoing;
        DemoReplicaSets.scale(rs, count - going, crud, now);
        moved = true;
      }
    }
    return moved;
  }

  private static int replicasOf(JsonNode rs) {
    return rs.path("spec").path("replicas").asInt(0);
  }

  private static int readyOf(JsonNode rs) {
    return rs.path("status").path("readyReplicas").asInt(0);
  }

  /**
   * The Deployment's status as the controller computes it from its ReplicaSets: all their pods, the new one's as updated,
   * Available once all but {@link #maxUnavailable} of its replicas are, and Progressing with {@code
   * NewReplicaSetAvailable} once the new one has them all and the others none.
   */
  private static void writeStatus(JsonNode deployment, ObjectNode current, List<ObjectNode> olds, boolean paused, Instant now,
                                  Function<RecordedRequest, MockResponse> crud) {
    ObjectNode d = deployment.deepCopy();
    int desired = d.path("spec").path("replicas").asInt(1);
    int updated = current.path("status").path("replicas").asInt(0);
    int pods = updated + olds.stream().mapToInt(rs -> rs.path("status").path("replicas").asInt(0)).sum();
    int ready = readyOf(current) + olds.stream().mapToInt(DeploymentRollout::readyOf).sum();
    // The ReplicaSets' counts, as the controller sums them: mid-rollout they hold more (a surge) than the Deployment asks.
    int wanted = replicasOf(current) + olds.stream().mapToInt(DeploymentRollout::replicasOf).sum();
    ObjectNode status = DemoRollouts.object(d, "status").put("replicas", pods).put("updatedReplicas", updated).put("readyReplicas", ready)
        .put("availableReplicas", ready).put("unavailableReplicas", Math.max(0, wanted - ready));
    if (d.path("metadata").has("generation")) {
      status.put("observedGeneration", d.path("metadata").path("generation").asLong());
    }
    if (!status.path("conditions").isArray()) {
      // A Deployment created after seeding has none yet: the controller writes both on its first pass.
      ArrayNode conditions = status.putArray("conditions");
      conditions.addObject().put("type", "Available");
      conditions.addObject().put("type", "Progressing");
    }
    boolean complete = updated == desired && pods == desired && ready >= desired;
    String rsName = current.path("metadata").path("name").asText();
    for (JsonNode c : status.path("conditions")) {
      ObjectNode condition = (ObjectNode) c;
      switch (c.path("type").asText()) {
        case "Available" -> {
          // The controller's minimum availability: all but maxUnavailable (none with Recreate), not every replica.
          boolean available = ready >= desired - maxUnavailable(d);
          String value = available ? "True" : "False";
          if (!value.equals(c.path("status").asText())) {
            condition.put("lastTransitionTime", now.toString()).put("lastUpdateTime", now.toString());
          }
          condition.put("status", value)
              .put("reason", available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
              .put("message", available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.");
        }
        case "Progressing" -> {
          String reason = paused ? "DeploymentPaused" : complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated";
          if (!reason.equals(c.path("reason").asText())) {
            condition.put("lastTransitionTime", now.toString());
          }
          condition.put("status", paused ? "Unknown" : "True").put("reason", reason).put("lastUpdateTime", now.toString())
              .put("message", paused ? "Deployment is paused"
                  : "ReplicaSet \"" + rsName + "\" " + (complete ? "has successfully progressed." : "is progressing."));
        }
        default -> { }
      }
    }
    String path = "/apis/apps/v1/namespaces/" + d.path("metadata").path("namespace").asText() + "/deployments/" + d.path("metadata").path("name").asText();
    StoreCalls.send(crud, HttpMethod.PUT, path + "/status", d);
  }
}
