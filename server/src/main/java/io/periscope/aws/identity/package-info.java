/**
 * A workload's AWS identity chain: workload (pod, or a controller's pod template) →
 * ServiceAccount (including the {@code default} blind spot) → IAM role from IRSA and from EKS Pod
 * Identity associations; and per cluster the ServiceAccount → role index the reverse lookup walks.
 *
 * <p>Owns: resolving that chain ({@link io.periscope.aws.identity.WorkloadIdentities}), reading
 * Pod Identity associations ({@link io.periscope.aws.identity.PodIdentityAssociations}), the index
 * ({@link io.periscope.aws.identity.ServiceAccountRoleIndex}: a ServiceAccount watch under the
 * server's identity plus associations) and the routes. Does not own: what a role may do (the
 * IAM policy engine, {@code aws.iam}), AWS clients and error mapping ({@code aws}).
 */
package io.periscope.aws.identity;
