/**
 * How a signed-in person becomes the identity Periscope impersonates (shared, tier, raw).
 *
 * <p>Owns: modes, tiers, the identity resolver and its refusal of {@code system:} names. Does not
 * own: Kubernetes RBAC itself, which the apiserver evaluates.
 */
package io.periscope.authz;
