/**
 * A workload's AWS identity chain: pod → ServiceAccount (including the {@code default} blind
 * spot) → IAM role from IRSA and from EKS Pod Identity associations.
 *
 * <p>Owns: resolving that chain ({@link io.periscope.aws.identity.WorkloadIdentities}) and its
 * route. Does not own: what the role may do (the IAM policy engine), AWS clients and error mapping
 * ({@code aws}).
 */
package io.periscope.aws.identity;
