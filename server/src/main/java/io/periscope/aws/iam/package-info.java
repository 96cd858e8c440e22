/**
 * The IAM policy engine behind AWS Access: identity policies of a role fetched and parsed, decided
 * as IAM does (explicit deny, allow, implicit deny; conditions make an answer conditional), and
 * checked against the sensitive-permission catalog.
 *
 * <p>Owns: {@link io.periscope.aws.iam.PolicyDocument}, {@link io.periscope.aws.iam.PolicyEngine},
 * {@link io.periscope.aws.iam.RolePolicies}, {@link io.periscope.aws.iam.SensitiveActions},
 * {@link io.periscope.aws.iam.WorkloadPermissions}. Does not own: which role a workload has
 * ({@code aws.identity}), AWS clients and error mapping ({@code aws}). Not yet: condition
 * evaluation, permission boundaries, SCPs, resource policies, role chains.
 */
package io.periscope.aws.iam;
