/**
 * EKS cluster lifecycle surfaces read and written with the server's own AWS identity: upgrade
 * readiness ({@code aws.eks.upgrade}) and managed add-ons ({@code aws.eks.addons}), with their
 * routes in {@code aws.eks.http}.
 *
 * <p>Owns: which EKS cluster and region a Periscope cluster names ({@link io.periscope.aws.eks.EksTarget})
 * and Kubernetes minor-version arithmetic ({@link io.periscope.aws.eks.KubernetesMinor}). Does not
 * own: SDK clients and error mapping ({@code aws}).
 */
package io.periscope.aws.eks;
