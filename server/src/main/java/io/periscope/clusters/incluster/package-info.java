/**
 * The {@code in-cluster} backend: the cluster Periscope itself runs in, reached as the pod's own
 * ServiceAccount.
 *
 * <p>Owns: reading the apiserver address from the service environment, the mounted CA, and the
 * ServiceAccount token with re-reading on kubelet rotation
 * ({@link io.periscope.clusters.incluster.ServiceAccountTokenProvider}).
 *
 * <p>Does not own: impersonation (per request, {@code k8s}), the RBAC that lets the
 * ServiceAccount impersonate (Helm chart), or other backends.
 */
package io.periscope.clusters.incluster;
