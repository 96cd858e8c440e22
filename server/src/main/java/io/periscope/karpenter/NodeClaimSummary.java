package io.periscope.karpenter;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One NodeClaim as the page shows it: where it runs, what it became, and its lifecycle conditions
 * as badges ({@link #BADGES}, in lifecycle order; a condition the claim does not carry has a null status).
 */
public record NodeClaimSummary(String name, String nodePool, String instanceType, String capacityType, String zone,
    Instant createdAt, String nodeName, List<Badge> conditions, boolean drifted, Map<String, String> capacity) {

  /** The conditions shown as badges. */
  public static final List<String> BADGES = List.of("Launched", "Registered", "Initialized", "Drifted", "Empty", "Consolidatable");

  /** One condition: {@code status} is {@code True}, {@code False}, {@code Unknown}, or null when absent. */
  public record Badge(String type, String status, String reason, String message) {}

  static NodeClaimSummary of(JsonNode claim) {
    JsonNode meta = claim.path("metadata");
    JsonNode labels = meta.path("labels");
    JsonNode status = claim.path("status");
    List<Badge> badges = new ArrayList<>();
    for (String type : BADGES) {
      JsonNode c = condition(status, type);
      badges.add(c == null ? new Badge(type, null, null, null)
          : new Badge(type, c.path("status").asText(), text(c, "reason"), text(c, "message")));
    }
    JsonNode drift = condition(status, "Drifted");
    Map<String, String> capacity = new java.util.LinkedHashMap<>();
    status.path("capacity").properties().forEach(e -> capacity.put(e.getKey(), e.getValue().asText()));
    return new NodeClaimSummary(meta.path("name").asText(), labels.path(KarpenterKinds.NODEPOOL_LABEL).asText(""),
        labels.path("node.kubernetes.io/instance-type").asText(""), labels.path(KarpenterKinds.CAPACITY_TYPE_LABEL).asText(""),
        labels.path("topology.kubernetes.io/zone").asText(""), instant(meta.path("creationTimestamp").asText("")),
        text(status, "nodeName"), badges, drift != null && "True".equals(drift.path("status").asText()), capacity);
  }

  private static JsonNode condition(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    return null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isMissingNode() || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }

  private static Instant instant(String text) {
    try {
      return text.isEmpty() ? null : Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
