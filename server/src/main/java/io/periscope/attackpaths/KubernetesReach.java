package io.periscope.attackpaths;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.rbac.RbacRule;
import io.periscope.rbac.WhoCanAnswer.Ref;
import java.util.ArrayList;
import java.util.List;

/**
 * The subject's capabilities from the RBAC objects: each binding naming the subject, resolved to its role's rules,
 * checked for every {@link Capability}. Pure: the objects come in a {@link RbacView}.
 */
public final class KubernetesReach {
  private KubernetesReach() {}

  /**
   * One capability a binding gives the subject.
   *
   * @param namespace where it applies; empty for every namespace (a ClusterRoleBinding)
   * @param subject the binding's subject that named the person ({@code Group developers})
   */
  public record Grant(Capability capability, String namespace, Ref binding, Ref role, String subject, Capability.Match match) {}

  /** A binding naming the subject whose role could not be read: what it grants is unknown. */
  public record Unknown(String namespace, Ref binding, Ref role, String subject, String why) {}

  /** Everything found. */
  public record Reach(List<Grant> grants, List<Unknown> unknown) {}

  public static Reach of(AttackPathQuery who, RbacView view) {
    List<Grant> grants = new ArrayList<>();
    List<Unknown> unknown = new ArrayList<>();
    for (JsonNode b : view.clusterBindings()) {
      add(who, view, b, "ClusterRoleBinding", "", grants, unknown);
    }
    for (JsonNode b : view.roleBindings()) {
      add(who, view, b, "RoleBinding", b.path("metadata").path("namespace").asText(), grants, unknown);
    }
    return new Reach(List.copyOf(grants), List.copyOf(unknown));
  }

  private static void add(AttackPathQuery who, RbacView view, JsonNode binding, String kind, String namespace, List<Grant> grants,
      List<Unknown> unknown) {
    String subject = subjectNaming(who, binding);
    if (subject == null) {
      return;
    }
    Ref bindingRef = new Ref(kind, namespace, binding.path("metadata").path("name").asText());
    JsonNode roleRef = binding.path("roleRef");
    String roleKind = roleRef.path("kind").asText();
    Ref role = new Ref(roleKind, roleKind.equals("Role") ? namespace : "", roleRef.path("name").asText());
    List<RbacRule> rules = view.roles().get(role);
    if (rules == null) {
      if (!view.readable(role)) {
        unknown.add(new Unknown(namespace, bindingRef, role, subject, roleKind.equals("Role")
            ? "you may not read Roles in namespace " + namespace + ", so what Role " + role.name() + " grants is unknown"
            : "you may not read ClusterRoles, so what ClusterRole " + role.name() + " grants is unknown"));
      }
      return; // a role that does not exist grants nothing
    }
    for (Capability c : Capability.values()) {
      for (Capability.Match m : c.matches(rules)) {
        // Impersonating users is cluster-scoped: only a ClusterRoleBinding grants it.
        if (c == Capability.IMPERSONATE && !namespace.isEmpty() && !m.rule().allows("impersonate", "", "serviceaccounts")) {
          continue;
        }
        grants.add(new Grant(c, namespace, bindingRef, role, subject, m));
      }
    }
  }

  /** {@code User alice} / {@code Group developers} when a subject of the binding is the person or one of their groups. */
  private static String subjectNaming(AttackPathQuery who, JsonNode binding) {
    for (JsonNode s : binding.path("subjects")) {
      String kind = s.path("kind").asText();
      String name = s.path("name").asText();
      if (who.names(kind, name)) {
        return kind + " " + name;
      }
    }
    return null;
  }
}
