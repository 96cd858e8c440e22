package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Equality label selectors as the demo's controllers read them (a Service's selector, a budget's matchLabels). */
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
}
