package io.periscope.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code PolicyRule} of a Role or ClusterRole, matched against a request the way the
 * apiserver's RBAC authorizer matches it: {@code *} in verbs, API groups and resources;
 * {@code resource/subresource}, and {@code *&#47;subresource} for that subresource of any resource.
 * A rule with {@code resourceNames} grants only on those names.
 */
public record RbacRule(List<String> verbs, List<String> apiGroups, List<String> resources, List<String> resourceNames,
    List<String> nonResourceUrls) {

  public static List<RbacRule> of(JsonNode role) {
    List<RbacRule> out = new ArrayList<>();
    for (JsonNode r : role.path("rules")) {
      out.add(new RbacRule(strings(r, "verbs"), strings(r, "apiGroups"), strings(r, "resources"), strings(r, "resourceNames"),
          strings(r, "nonResourceURLs")));
    }
    return out;
  }

  /** Whether this rule allows {@code verb} on {@code resource} ({@code pods} or {@code pods/log}) in API group {@code group}. */
  public boolean allows(String verb, String group, String resource) {
    return (verbs.contains("*") || verbs.contains(verb))
        && (apiGroups.contains("*") || apiGroups.contains(group))
        && resourceMatches(resource);
  }

  /** The rule as one line, e.g. {@code create pods/exec} or {@code get,list secrets [app-token]} ({@code apps/deployments} for a named group). */
  public String text() {
    List<String> qualified = new ArrayList<>();
    for (String r : resources) {
      if (apiGroups.isEmpty() || apiGroups.equals(List.of(""))) {
        qualified.add(r);
      } else {
        apiGroups.forEach(g -> qualified.add((g.isEmpty() ? "" : g + "/") + r));
      }
    }
    return String.join(",", verbs) + " " + String.join(",", qualified) + (resourceNames.isEmpty() ? "" : " " + resourceNames);
  }

  private boolean resourceMatches(String resource) {
    if (resources.contains("*") || resources.contains(resource)) {
      return true;
    }
    int slash = resource.indexOf('/');
    return slash > 0 && resources.contains("*" + resource.substring(slash));
  }

  private static List<String> strings(JsonNode rule, String field) {
    List<String> out = new ArrayList<>();
    rule.path(field).forEach(v -> out.add(v.asText()));
    return List.copyOf(out);
  }
}
