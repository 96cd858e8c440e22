/**
 * The denial explainer: when the apiserver refuses a person (403), the request it refused (read
 * from the apiserver's own Status) and the smallest Role + RoleBinding (ClusterRole +
 * ClusterRoleBinding for cluster-wide or non-resource requests) that would allow exactly it, as
 * YAML the person can hand to a cluster admin. Periscope never applies it.
 *
 * <p>Owns: parsing the apiserver's Forbidden Status ({@link io.periscope.rbac.denial.DeniedRequest}),
 * writing the grant ({@link io.periscope.rbac.denial.MinimalGrant}), choosing the subjects
 * ({@link io.periscope.rbac.denial.DenialExplainer}). Does not own: the error body (the HTTP error mapper adds it).
 */
package io.periscope.rbac.denial;
