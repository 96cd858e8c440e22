package io.periscope.aws.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A role's statements grouped by the AWS service their actions belong to ({@code s3},
 * {@code iam}...; {@code *} for statements over every service, {@code NotAction} ones included),
 * so a reader sees per service what is allowed or denied, where, and under which condition.
 */
public final class GrantsByService {
  private GrantsByService() {}

  /**
   * One statement's part for one service: its actions of that service (or the {@code NotAction}
   * list), resources, the {@code Condition} block as JSON ({@code ""} without one), and where it
   * comes from.
   */
  public record Grant(String effect, List<String> actions, List<String> notActions, List<String> resources, List<String> notResources,
      String condition, String policy, String sid, int index) {}

  /** The grants of one service. */
  public record Service(String service, List<Grant> grants) {}

  /** Services in name order, {@code *} first; grants in policy and statement order. */
  public static List<Service> of(List<PolicyDocument> policies) {
    Map<String, List<Grant>> byService = new TreeMap<>((a, b) -> a.equals("*") ? (b.equals("*") ? 0 : -1) : b.equals("*") ? 1 : a.compareTo(b));
    for (PolicyDocument p : policies) {
      for (int i = 0; i < p.statements().size(); i++) {
        PolicyDocument.Statement s = p.statements().get(i);
        String effect = s.allow() ? "Allow" : "Deny";
        if (!s.notActions().isEmpty()) {
          byService.computeIfAbsent("*", k -> new ArrayList<>()).add(new Grant(effect, List.of(), s.notActions(), s.resources(),
              s.notResources(), s.condition(), p.source(), s.sid(), i));
          continue;
        }
        Map<String, List<String>> actionsByService = new LinkedHashMap<>();
        for (String action : s.actions()) {
          actionsByService.computeIfAbsent(service(action), k -> new ArrayList<>()).add(action);
        }
        int index = i;
        actionsByService.forEach((service, actions) -> byService.computeIfAbsent(service, k -> new ArrayList<>()).add(
            new Grant(effect, actions, List.of(), s.resources(), s.notResources(), s.condition(), p.source(), s.sid(), index)));
      }
    }
    return byService.entrySet().stream().map(e -> new Service(e.getKey(), List.copyOf(e.getValue()))).toList();
  }

  /** {@code s3} of {@code s3:GetObject} (case folded, as IAM does); {@code *} for a bare {@code *}. */
  static String service(String action) {
    int colon = action.indexOf(':');
    return colon < 0 ? "*" : action.substring(0, colon).toLowerCase(Locale.ROOT);
  }
}
