/**
 * Per-request Kubernetes clients that carry the person's impersonation headers.
 *
 * <p>Owns: turning a principal into an impersonating view of a cluster's shared client. Does not
 * own: connection pools ({@code clusters}) or identity rules ({@code authz}).
 */
package io.periscope.k8s;
