package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Label selectors in the demo: equality selectors as its controllers read them (a Service's selector, a budget's
 * matchLabels), and a matchExpressions requirement as kubectl and the apiserver write it.
 */
final class LabelMatch {
  private LabelMatch() {}

  /** Whether a non-empty {@code selector} (label → value) matches {@code labels}; an empty one selects nothing. */
  static boolean selects(JsonNode selector, JsonNode labels) {
    if (selector.isEmpty()) {
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
        return false;
      }
    }
    return true;
  }

  /** One matchExpressions requirement as text: {@code k in (a,b)}, {@code k notin (a,b)}, {@code !k}, {@code k} (Exists). */
  static String requirement(JsonNode expression, List<String> values) {
    String key = expression.path("key").asText();
    return switch (expression.path("operator").asText()) {
      case "In" -> key + " in (" + String.join(",", values) + ")";
      case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
      case "DoesNotExist" -> "!" + key;
      default -> key;
    };
  }
}
