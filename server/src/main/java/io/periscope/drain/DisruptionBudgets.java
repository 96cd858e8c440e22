package io.periscope.drain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.periscope.json.Json;
import io.periscope.resources.LabelSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The PodDisruptionBudgets of a cluster (policy/v1) and which of them cover a pod: a budget covers
 * the pods of its namespace its selector matches (an empty selector matches them all; none, none).
 * An eviction is refused while a budget covering the pod allows no disruption, so a drain plan says
 * so before it starts.
 */
final class DisruptionBudgets {
  /** A budget over a pod, with how many of its pods may be disrupted now. */
  record Budget(String name, int disruptionsAllowed) {}

  private final List<JsonNode> budgets;

  DisruptionBudgets(List<JsonNode> budgets) {
    this.budgets = List.copyOf(budgets);
  }

  static DisruptionBudgets none() {
    return new DisruptionBudgets(List.of());
  }

  /** From a {@code PodDisruptionBudgetList}. */
  static DisruptionBudgets of(JsonNode list) {
    List<JsonNode> items = new ArrayList<>();
    list.path("items").forEach(items::add);
    return new DisruptionBudgets(items);
  }

  List<Budget> covering(JsonNode pod) {
    String namespace = pod.path("metadata").path("namespace").asText();
    Map<String, String> labels = new HashMap<>();
    pod.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    List<Budget> out = new ArrayList<>();
    for (JsonNode b : budgets) {
      JsonNode selector = b.path("spec").path("selector");
      if (b.path("metadata").path("namespace").asText().equals(namespace) && selector.isObject() && selects(selector, labels)) {
        out.add(new Budget(b.path("metadata").path("name").asText(), b.path("status").path("disruptionsAllowed").asInt(0)));
      }
    }
    return out;
  }

  /** The budget's {@code metav1.LabelSelector}, evaluated as the apiserver does ({@link LabelSelector}). */
  private static boolean selects(JsonNode selector, Map<String, String> labels) {
    try {
      return LabelSelector.of(Json.mapper().treeToValue(selector, io.fabric8.kubernetes.api.model.LabelSelector.class)).matches(labels);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return false; // not a selector the apiserver would have stored
    }
  }
}
