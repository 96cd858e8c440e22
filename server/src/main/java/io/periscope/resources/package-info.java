/**
 * The generic resource API over discovery: every built-in kind and every CRD, one code path.
 *
 * <p>Owns: per-cluster discovery (cached, refreshed on CRD changes), raw streamed apiserver calls
 * on the cluster's shared pool ({@link io.periscope.k8s.Apiserver}), lists in Table format
 * with a plain-list fallback, get / YAML / events / owner relations, Secret redaction, the
 * audited actions (server-side apply with dry-run diff and conflict report, create, delete,
 * scale, rollout restart, CronJob trigger, secret reveal, pod eviction), manifest validation, pre-flight
 * access reviews, and the one table of kind-specific behaviour ({@link io.periscope.resources.KindRules}).
 *
 * <p>Does not own: identity and impersonation ({@code authz}, {@code k8s}), connection pools and
 * time-outs per backend ({@code clusters}), live updates ({@code stream}), pod logs and exec.
 */
package io.periscope.resources;

