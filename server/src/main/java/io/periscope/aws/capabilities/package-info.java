/**
 * Whether AWS Access can work for a cluster, said before anyone hits a scattered error: the
 * server's own identity ({@code sts:GetCallerIdentity}, cached for the process) and a simulation
 * of its IAM policy over the actions AWS Access needs ({@code iam:SimulatePrincipalPolicy}),
 * naming the exact missing actions; switchable with {@code aws.access.iamProbe}.
 *
 * <p>Owns: {@link io.periscope.aws.capabilities.AwsCapabilities} and its route. Does not own the
 * AWS Access surfaces themselves ({@code aws.identity}, {@code aws.iam}) or AWS clients ({@code aws}).
 */
package io.periscope.aws.capabilities;
