/**
 * The IAM policy engine behind AWS Access: identity policies of a role fetched, cached and
 * parsed, decided as IAM does (explicit deny, allow, implicit deny; conditions make an answer
 * conditional), grouped by service and checked against the sensitive-permission catalog; and the
 * reverse lookup ("which pods can do X?").
 *
 * <p>Owns: {@link io.periscope.aws.iam.PolicyDocument}, {@link io.periscope.aws.iam.PolicyEngine}
 * (pure), {@link io.periscope.aws.iam.RolePolicyCache} (per-role TTL, bounded per account),
 * {@link io.periscope.aws.iam.SensitiveActions}, {@link io.periscope.aws.iam.WorkloadPermissions},
 * {@link io.periscope.aws.iam.ReverseLookup}. Does not own: which role a workload has
 * ({@code aws.identity}), AWS clients and error mapping ({@code aws}). Not yet: condition
 * evaluation, permission boundaries, SCPs, resource policies, role chains.
 */
package io.periscope.aws.iam;
