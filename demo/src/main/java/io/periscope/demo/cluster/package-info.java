/**
 * The embedded demo cluster: fabric8's mock apiserver in CRUD mode, seeded with a small but
 * realistic estate (namespaces, workloads with owner chains, failing and pending pods, a NotReady
 * node, events, a Helm release secret and a CRD with instances), plus a kubeconfig pointing at it.
 *
 * <p>Owns: what the demo estate contains and the kubeconfig that reaches it.
 *
 * <p>Does not own: RBAC. The mock apiserver records impersonation headers but evaluates no
 * authorization, so the demo shows the console's flows, not the apiserver's decisions.
 */
package io.periscope.demo.cluster;
