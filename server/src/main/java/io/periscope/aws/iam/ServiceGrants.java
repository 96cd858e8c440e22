package io.periscope.aws.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A role's grants as its policies write them, grouped by AWS service ({@code s3}, {@code iam}, …):
 * what the AWS Access tab lists under each role. Pure, like {@link PolicyEngine}: every action
 * pattern of every statement, Allow and Deny, with its resources and whether a condition limits it.
 * {@code "*"} and {@code NotAction} statements reach every service and are grouped under {@code *}.
 */
public final class ServiceGrants {
  /** Every service. */
  public static final String ALL = "*";

  private ServiceGrants() {}

  /**
   * @param action the pattern as written ({@code s3:Get*}); for a NotAction statement, {@code all but …}
   * @param evidence the policy and statement it comes from
   */
  public record Grant(String action, boolean allow, List<String> resources, boolean conditional, String evidence) {}

  /** One service's grants, in policy order. */
  public record Service(String service, List<Grant> grants) {}

  /** The grants of {@code policies} by service: {@value #ALL} first, then by name. */
  public static List<Service> of(List<PolicyDocument> policies) {
    Map<String, List<Grant>> byService = new TreeMap<>((a, b) -> a.equals(ALL) ? (b.equals(ALL) ? 0 : -1) : b.equals(ALL) ? 1 : a.compareTo(b));
    for (PolicyDocument p : policies) {
      for (int i = 0; i < p.statements().size(); i++) {
        PolicyDocument.Statement s = p.statements().get(i);
        String evidence = p.source() + (s.sid().isEmpty() ? " statement " + i : " " + s.sid());
        List<String> resources = s.notResources().isEmpty() ? s.resources() : s.notResources().stream().map(r -> "all but " + r).toList();
        if (!s.notActions().isEmpty()) {
          byService.computeIfAbsent(ALL, k -> new ArrayList<>())
              .add(new Grant("all but " + String.join(", ", s.notActions()), s.allow(), resources, s.conditional(), evidence));
          continue;
        }
        for (String action : s.actions()) {
          byService.computeIfAbsent(service(action), k -> new ArrayList<>()).add(new Grant(action, s.allow(), resources, s.conditional(), evidence));
        }
      }
    }
    return byService.entrySet().stream().map(e -> new Service(e.getKey(), List.copyOf(e.getValue()))).toList();
  }

  /** {@code S3:GetObject} → {@code s3}; {@code *} (or a pattern without a service) → {@value #ALL}. */
  static String service(String action) {
    int colon = action.indexOf(':');
    String prefix = colon < 0 ? ALL : action.substring(0, colon).toLowerCase(Locale.ROOT);
    return prefix.isEmpty() || prefix.contains("*") || prefix.contains("?") ? ALL : prefix;
  }
}
