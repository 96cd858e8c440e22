/**
 * The AWS plumbing every AWS surface shares.
 *
 * <p>Owns: building SDK v2 clients on the server's own identity (default credential chain only),
 * the signing clock, time-outs and endpoint overrides ({@link io.periscope.aws.AwsClients}).
 *
 * <p>Does not own: what any feature asks AWS (the EKS backend in {@code clusters.eks}, the AWS
 * feature surfaces in {@code aws.*} subpackages), nor auditing of those calls.
 */
package io.periscope.aws;
