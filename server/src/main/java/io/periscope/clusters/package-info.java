/**
 * The cluster registry ({@code clusters.yaml}, re-read on change, last good kept) and the
 * connectors that build one shared fabric8 client per cluster for each backend.
 *
 * <p>Owns: cluster specs, their validation, client lifecycle, background reachability. Does not
 * own: impersonation (added per request by {@code k8s}), or any per-user state.
 */
package io.periscope.clusters;
