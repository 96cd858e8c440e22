package io.periscope.attackpaths;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.rbac.RbacRule;
import io.periscope.rbac.WhoCanAnswer.Ref;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The RBAC objects as the person could read them.
 *
 * @param roles the rules of every readable Role and ClusterRole (aggregated ClusterRoles carry their rules as the
 *     aggregation controller wrote them)
 * @param clusterBindings readable ClusterRoleBindings; {@code clusterBindingsRead} false when the list was refused
 * @param roleBindings readable RoleBindings of every namespace read
 * @param clusterRolesRead false when ClusterRoles could not be read (their bindings' grants are unknown)
 * @param rolesUnreadable namespaces whose Roles could not be read
 */
public record RbacView(Map<Ref, List<RbacRule>> roles, List<JsonNode> clusterBindings, boolean clusterBindingsRead,
    List<JsonNode> roleBindings, boolean clusterRolesRead, Set<String> rolesUnreadable) {

  /** Whether the role named could have been read: its absence means it does not exist. */
  boolean readable(Ref role) {
    return role.kind().equals("ClusterRole") ? clusterRolesRead : !rolesUnreadable.contains(role.namespace());
  }
}
