/**
 * The {@code eks} backend: reaching an EKS cluster with the server's own AWS identity.
 *
 * <p>Owns: {@code eks:DescribeCluster} for endpoint and CA ({@link io.periscope.clusters.eks.EksConnector}),
 * the aws-iam-authenticator bearer token (presigned STS {@code GetCallerIdentity} with
 * {@code x-k8s-aws-id}, cached and re-signed before its 15-minute expiry,
 * {@link io.periscope.clusters.eks.EksTokenProvider}), both signed on the clock of the shared
 * {@link io.periscope.aws.AwsClients}.
 *
 * <p>Does not own: impersonation of the human user (added per request by {@code k8s}), the
 * registry and client caching ({@code clusters.ClusterRegistry}), where AWS clients and credentials
 * come from ({@code aws}), or the AWS feature surfaces
 * such as add-ons, access entries and Inspector ({@code aws.*}).
 */
package io.periscope.clusters.eks;
