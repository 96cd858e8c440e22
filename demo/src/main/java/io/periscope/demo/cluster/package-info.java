/**
 * The demo clusters: fabric8's mock apiserver in CRUD mode over https, seeded from a
 * {@link io.periscope.demo.cluster.DemoEstate} with a small but realistic estate (namespaces,
 * workloads with owner chains, ServiceAccounts with IRSA annotations, RBAC objects, crash-looping,
 * image-pull and pending pods, a NotReady node, events, and on the production cluster Helm release
 * secrets, batch and a CRD with instances), with a kubeconfig or, for the EKS-like cluster, EKS
 * token authentication ({@link io.periscope.demo.cluster.AwsIamAuthenticator}). Clients reach the
 * mock through {@code DemoApiFront}, which passes every request through and keeps a followed pod log
 * open while its container runs (the mock can only answer with one whole body).
 *
 * <p>Owns: what each estate contains, how a demo apiserver is reached and authenticated.
 *
 * <p>Does not own: real RBAC evaluation. Impersonated requests are checked by a small stand-in
 * for the chart's tier roles ({@code DemoRbac}); the RBAC objects it seeds are for display.
 */
package io.periscope.demo.cluster;
