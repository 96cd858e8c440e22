package io.periscope.karpenter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One NodePool as the page shows it, with its NodeClaims, limits against usage, and cost. */
public record NodePoolSummary(String name, Integer weight, NodeClassRef nodeClass, Disruption disruption,
    List<PoolUsage.Line> usage, List<Requirement> requirements, List<String> taints, String ready,
    PoolCost cost, boolean hasDrifted, List<NodeClaimSummary> nodeClaims) {

  /** {@code spec.template.spec.nodeClassRef}: for AWS an {@code EC2NodeClass} of {@code karpenter.k8s.aws}. */
  public record NodeClassRef(String group, String kind, String name) {}

  /** {@code spec.disruption}. */
  public record Disruption(String consolidationPolicy, String consolidateAfter, List<Budget> budgets) {}

  /** One disruption budget: {@code nodes} is a count or a percentage; no schedule means always active. */
  public record Budget(String nodes, String schedule, String duration, List<String> reasons) {}

  /** One scheduling requirement of the pool's template. */
  public record Requirement(String key, String operator, List<String> values, Integer minValues) {}

  static NodePoolSummary of(JsonNode pool, List<NodeClaimSummary> claims, PoolCost cost) {
    JsonNode spec = pool.path("spec");
    JsonNode template = spec.path("template").path("spec");
    JsonNode ref = template.path("nodeClassRef");
    Map<String, String> limits = new LinkedHashMap<>();
    spec.path("limits").properties().forEach(e -> limits.put(e.getKey(), e.getValue().asText()));
    String name = pool.path("metadata").path("name").asText();
    List<PoolUsage.Line> usage;
    try {
      usage = PoolUsage.of(limits, claims);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("NodePool '" + name + "': " + e.getMessage(), e);
    }
    return new NodePoolSummary(name, spec.hasNonNull("weight") ? spec.path("weight").asInt() : null,
        ref.isMissingNode() ? null : new NodeClassRef(ref.path("group").asText(""), ref.path("kind").asText(""), ref.path("name").asText("")),
        disruption(spec.path("disruption")), usage, requirements(template.path("requirements")), taints(template.path("taints")),
        readyStatus(pool.path("status")), cost, claims.stream().anyMatch(NodeClaimSummary::drifted), claims);
  }

  private static Disruption disruption(JsonNode d) {
    List<Budget> budgets = new ArrayList<>();
    for (JsonNode b : d.path("budgets")) {
      List<String> reasons = new ArrayList<>();
      b.path("reasons").forEach(r -> reasons.add(r.asText()));
      budgets.add(new Budget(b.path("nodes").asText("10%"), text(b, "schedule"), text(b, "duration"), reasons));
    }
    return new Disruption(text(d, "consolidationPolicy"), text(d, "consolidateAfter"), budgets);
  }

  private static List<Requirement> requirements(JsonNode list) {
    List<Requirement> out = new ArrayList<>();
    for (JsonNode r : list) {
      List<String> values = new ArrayList<>();
      r.path("values").forEach(v -> values.add(v.asText()));
      out.add(new Requirement(r.path("key").asText(), r.path("operator").asText(), values,
          r.hasNonNull("minValues") ? r.path("minValues").asInt() : null));
    }
    return out;
  }

  private static List<String> taints(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode t : list) {
      String value = t.path("value").asText("");
      out.add(t.path("key").asText() + (value.isEmpty() ? "" : "=" + value) + ":" + t.path("effect").asText());
    }
    return out;
  }

  private static String readyStatus(JsonNode status) {
    for (JsonNode c : status.path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        return c.path("status").asText();
      }
    }
    return null;
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.path(field).asText() : null;
  }
}
