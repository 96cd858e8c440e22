/**
 * RBAC made readable: "who can do this?" answered from the Role, ClusterRole, RoleBinding and
 * ClusterRoleBinding objects the person may read (read as the person, so the answer never shows
 * more than their own RBAC lets them see, and says so when it is partial).
 *
 * <p>Owns: rule matching as the apiserver's RBAC authorizer does it ({@link io.periscope.rbac.RbacRule}),
 * resolving bindings to roles and subjects ({@link io.periscope.rbac.WhoCan}). Does not own: the rules
 * table and subject links of the detail pane (the console draws those from the objects themselves),
 * access reviews for the person's own actions ({@code resources.AccessReviews}), authorizers other
 * than RBAC (webhooks, Node) and the {@code system:masters} bypass, which no RBAC object shows.
 */
package io.periscope.rbac;
