/**
 * The AWS plumbing every AWS surface shares.
 *
 * <p>Owns: building SDK v2 clients on the server's own identity (default credential chain only),
 * the signing clock, time-outs, the SDK's standard retries and endpoint overrides
 * ({@link io.periscope.aws.AwsClients}); running a call for a person through the one audit path and
 * turning AWS's errors into API errors that name the missing IAM action
 * ({@link io.periscope.aws.AwsCalls}).
 *
 * <p>Does not own: what any feature asks AWS (the EKS backend in {@code clusters.eks}, the AWS
 * feature surfaces in {@code aws.*} subpackages) or which verb and {@code op} a call is audited as.
 */
package io.periscope.aws;
