/**
 * Attack paths: for a user or an IdP group, how Kubernetes RBAC lets them act as a ServiceAccount (create pods or
 * workloads, exec/attach, request its tokens, read its legacy token Secrets, impersonate it, bind or escalate roles)
 * and which sensitive AWS actions that ServiceAccount's IAM role reaches.
 *
 * <p>Owns: the capabilities ({@link io.periscope.attackpaths.Capability}), finding the subject's grants
 * ({@link io.periscope.attackpaths.KubernetesReach}), joining them into a graph ({@code PathGraph}) and reading
 * everything as the person ({@link io.periscope.attackpaths.AttackPathFinder}). Does not own: RBAC rule matching
 * and RBAC reads ({@code rbac}), the ServiceAccount → role index ({@code aws.identity}), the policy engine, cache and
 * sensitive catalog ({@code aws.iam}).
 */
package io.periscope.attackpaths;
