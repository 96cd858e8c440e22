package io.periscope.drain;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.json.Json;
import io.periscope.json.ListItems;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What draining a node would do to each of its pods, by the rules of {@code kubectl drain}: DaemonSet
 * pods and static (mirror) pods stay, since evicting them would only bring them back on the same
 * node; a pod no controller manages ({@code --force}) or one with emptyDir data
 * ({@code --delete-emptydir-data}) is evicted only with the person's consent, because it does not
 * come back, or comes back without its data; finished pods go without asking.
 */
public record DrainPlan(String node, boolean unschedulable, List<PodPlan> pods, String budgetProblem) {
  /** What a drain does to a pod. */
  public enum Disposition {
    /** Evicted (once every consent in {@code needs} is given). */
    EVICT,
    /** Already being deleted: nothing to evict, the drain waits for it to go. */
    WAIT,
    /** Left on the node, as kubectl leaves it; {@code reason} says why. */
    SKIP
  }

  /** A consent the person gives before such a pod is evicted (kubectl's flag in brackets). */
  public enum Consent {
    /** No controller recreates the pod ({@code --force}). */
    UNMANAGED,
    /** Its emptyDir volumes are deleted with it ({@code --delete-emptydir-data}). */
    EMPTY_DIR_DATA
  }

  public record Need(Consent consent, String why) {}

  /**
   * One pod; {@code controller} is "Kind/name" of its controlling owner, or null; {@code budgets} the
   * PodDisruptionBudgets over it (an eviction waits while one allows no disruption).
   */
  public record PodPlan(String namespace, String name, String phase, String controller, Disposition disposition, String reason,
                        List<Need> needs, List<DisruptionBudgets.Budget> budgets) {}

  static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  /**
   * The plan for {@code node} from its node object and a list of its pods (pods of other nodes are
   * left out); {@code budgetProblem} says why the budgets could not be read, or is null.
   */
  static DrainPlan of(String node, JsonNode nodeObject, InputStream podList, DisruptionBudgets budgets, String budgetProblem) throws IOException {
    List<PodPlan> pods = new ArrayList<>();
    ListItems.each(podList, "a pod list", item -> {
      JsonNode pod = Json.mapper().readTree(item);
      if (node.equals(pod.path("spec").path("nodeName").asText())) {
        pods.add(planFor(pod, budgets));
      }
    });
    pods.sort(Comparator.comparing(PodPlan::namespace).thenComparing(PodPlan::name));
    return new DrainPlan(node, nodeObject.path("spec").path("unschedulable").asBoolean(false), List.copyOf(pods), budgetProblem);
  }

  static PodPlan planFor(JsonNode pod, DisruptionBudgets budgets) {
    JsonNode meta = pod.path("metadata");
    String phase = pod.path("status").path("phase").asText("");
    JsonNode controllerRef = controllerOf(meta);
    String controller = controllerRef == null ? null : controllerRef.path("kind").asText() + "/" + controllerRef.path("name").asText();
    Disposition disposition = Disposition.EVICT;
    String reason = null;
    List<Need> needs = new ArrayList<>();
    if (!meta.path("deletionTimestamp").isMissingNode() && !meta.path("deletionTimestamp").isNull()) {
      disposition = Disposition.WAIT;
      reason = "already terminating";
    } else if (controllerRef != null && controllerRef.path("kind").asText().equals("DaemonSet")) {
      disposition = Disposition.SKIP;
      reason = "its DaemonSet runs it on every node, this one included";
    } else if (meta.path("annotations").has(MIRROR_ANNOTATION)) {
      disposition = Disposition.SKIP;
      reason = "static pod: the kubelet runs it from a manifest on the node, not the apiserver";
    } else if (!finished(phase)) {
      List<String> emptyDirs = new ArrayList<>();
      for (JsonNode v : pod.path("spec").path("volumes")) {
        if (v.has("emptyDir")) {
          emptyDirs.add(v.path("name").asText());
        }
      }
      if (!emptyDirs.isEmpty()) {
        needs.add(new Need(Consent.EMPTY_DIR_DATA, "the data in its emptyDir volume" + (emptyDirs.size() > 1 ? "s " : " ")
            + String.join(", ", emptyDirs) + " is deleted with it"));
      }
      if (controllerRef == null) {
        needs.add(new Need(Consent.UNMANAGED, "no controller manages it: once evicted it is gone"));
      }
    }
    return new PodPlan(meta.path("namespace").asText(), meta.path("name").asText(), phase, controller, disposition, reason,
        List.copyOf(needs), disposition == Disposition.EVICT ? budgets.covering(pod) : List.of());
  }

  private static boolean finished(String phase) {
    return phase.equals("Succeeded") || phase.equals("Failed");
  }

  private static JsonNode controllerOf(JsonNode meta) {
    for (JsonNode owner : meta.path("ownerReferences")) {
      if (owner.path("controller").asBoolean(false)) {
        return owner;
      }
    }
    return null;
  }
}
