package io.periscope.drain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
    JsonNode labels = pod.path("metadata").path("labels");
    List<Budget> out = new ArrayList<>();
    for (JsonNode b : budgets) {
      JsonNode selector = b.path("spec").path("selector");
      if (b.path("metadata").path("namespace").asText().equals(namespace) && selector.isObject() && matches(selector, labels)) {
        out.add(new Budget(b.path("metadata").path("name").asText(), b.path("status").path("disruptionsAllowed").asInt(0)));
      }
    }
    return out;
  }

  /** A metav1.LabelSelector against a label map: every matchLabels pair and every expression must hold. */
  static boolean matches(JsonNode selector, JsonNode labels) {
    var fields = selector.path("matchLabels").properties();
    for (var e : fields) {
      if (!labels.path(e.getKey()).isTextual() || !labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
        return false;
      }
    }
    for (JsonNode expr : selector.path("matchExpressions")) {
      String key = expr.path("key").asText();
      boolean has = labels.has(key);
      Set<String> values = new HashSet<>();
      expr.path("values").forEach(v -> values.add(v.asText()));
      boolean ok = switch (expr.path("operator").asText()) {
        case "In" -> has && values.contains(labels.path(key).asText());
        case "NotIn" -> !has || !values.contains(labels.path(key).asText());
        case "Exists" -> has;
        case "DoesNotExist" -> !has;
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
