package io.periscope.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Objects a workload controls: those whose controller owner reference carries its uid (a ReplicaSet, a ControllerRevision). */
final class Controlled {
  private Controlled() {}

  static List<JsonNode> by(JsonNode owner, JsonNode items) {
    String uid = owner.path("metadata").path("uid").asText();
    List<JsonNode> owned = new ArrayList<>();
    for (JsonNode item : items) {
      for (JsonNode ref : item.path("metadata").path("ownerReferences")) {
        if (ref.path("controller").asBoolean(false) && ref.path("uid").asText().equals(uid)) {
          owned.add(item);
          break;
        }
      }
    }
    return owned;
  }
}
