package io.periscope.demo.cluster;

import java.util.List;
import java.util.Set;

/**
 * A small stand-in for the cluster-side RBAC the Helm chart renders for tier mode
 * (docs/security/rbac-posture.md), so the demo shows the console's permission behaviour: disabled
 * actions with a reason, 403s from the apiserver. Tiers come from the impersonated group
 * {@code periscope-tier:<tier>}; requests without impersonation (seeding, the server's own
 * discovery and probes) are allowed. Simplified: read = {@code view} (no Secrets), triage = read +
 * exec, eviction, port-forward, pod delete, scale and rollout restart, write/maintain = {@code edit}-like writes on
 * namespaced objects, admin = everything.
 */
final class DemoRbac {
  static final String TIER_GROUP = "periscope-tier:";
  private static final List<String> TIERS = List.of("read", "triage", "write", "maintain", "admin");
  private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");
  private static final Set<String> ROLLOUT_KINDS = Set.of("deployments", "statefulsets", "daemonsets");

  private DemoRbac() {}

  /** The highest tier among the impersonated groups; null when the request is not impersonated. */
  static String tier(List<String> impersonatedGroups) {
    String best = null;
    for (String g : impersonatedGroups) {
      if (g.startsWith(TIER_GROUP)) {
        String t = g.substring(TIER_GROUP.length());
        if (TIERS.contains(t) && (best == null || TIERS.indexOf(t) > TIERS.indexOf(best))) {
          best = t;
        }
      }
    }
    return best == null && !impersonatedGroups.isEmpty() ? "none" : best;
  }

  /** Null when allowed, else the reason as the apiserver's RBAC authorizer would phrase it. */
  static String deny(String tier, String verb, String group, String resource, String subresource, String namespace) {
    if (tier == null || "admin".equals(tier) || allowed(tier, verb, group, resource, subresource, namespace)) {
      return null;
    }
    String full = subresource.isEmpty() ? resource : resource + "/" + subresource;
    return "the demo cluster's " + tier + " tier (group " + TIER_GROUP + tier + ") has no RBAC rule allowing verb \"" + verb
        + "\" on " + full + (group.isEmpty() ? "" : "." + group) + (namespace.isEmpty() ? " at cluster scope" : " in namespace \"" + namespace + "\"");
  }

  private static boolean allowed(String tier, String verb, String group, String resource, String sub, String namespace) {
    boolean read = READ_VERBS.contains(verb);
    boolean secret = group.isEmpty() && resource.equals("secrets");
    boolean writer = tier.equals("write") || tier.equals("maintain");
    if (tier.equals("none")) {
      return false;
    }
    if (read && sub.isEmpty()) {
      return !secret || writer;
    }
    // As the chart's read tier (view) has it: a workload's log, status and scale are read with it.
    if (read && (sub.equals("log") || sub.equals("status") || sub.equals("scale"))) {
      return true;
    }
    boolean triage = tier.equals("triage") || writer;
    if (triage && resource.equals("pods") && (sub.equals("exec") || sub.equals("eviction") || sub.equals("portforward")) && verb.equals("create")) {
      return true;
    }
    // kubectl debug: an ephemeral container added to a pod, as the chart's triage tier allows.
    if (triage && resource.equals("pods") && sub.equals("ephemeralcontainers") && verb.equals("patch")) {
      return true;
    }
    if (triage && sub.equals("scale") && (verb.equals("update") || verb.equals("patch"))) {
      return true;
    }
    if (tier.equals("triage")) {
      return resource.equals("pods") && sub.isEmpty() && verb.equals("delete")
          || ROLLOUT_KINDS.contains(resource) && sub.isEmpty() && verb.equals("patch");
    }
    // write / maintain: namespaced objects only, no RBAC or CRD objects.
    return writer && !namespace.isEmpty() && !group.equals("rbac.authorization.k8s.io") && !group.equals("apiextensions.k8s.io");
  }
}
