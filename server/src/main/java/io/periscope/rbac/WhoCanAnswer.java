package io.periscope.rbac;

import java.util.List;

/**
 * Who may do what was asked, as far as the person could see.
 *
 * @param subjects each user, group or ServiceAccount with at least one grant, sorted by kind and name
 * @param complete false when some RBAC objects could not be read (see {@code unreadable}) or a
 *     binding's role could not be found: other subjects may then be allowed too
 * @param unreadable the reads the apiserver refused or failed, with its words
 * @param unresolved bindings whose role is missing or unreadable, so their subjects could not be judged
 */
public record WhoCanAnswer(String cluster, WhoCanQuery query, List<Subject> subjects, boolean complete, List<Unreadable> unreadable,
    List<Unresolved> unresolved) {

  /** A subject as the binding names it; {@code namespace} only for ServiceAccounts. */
  public record Subject(String kind, String name, String namespace, List<Grant> grants) {}

  /**
   * One binding that lets the subject do it.
   *
   * @param scope {@code cluster} for a ClusterRoleBinding, else the RoleBinding's namespace
   * @param resourceNames non-empty when the rule grants only on these object names
   */
  public record Grant(String scope, Ref binding, Ref role, List<String> resourceNames) {}

  /** A reference to an RBAC object; {@code namespace} empty for cluster-scoped ones. */
  public record Ref(String kind, String namespace, String name) {}

  /** A read that failed: what was read, the HTTP status (0 when unreachable) and the apiserver's message. */
  public record Unreadable(String what, int status, String message) {}

  /** A binding whose role could not be looked at. */
  public record Unresolved(Ref binding, Ref role, String why) {}
}
