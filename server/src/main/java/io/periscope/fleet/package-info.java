/**
 * The fleet overview: per-cluster reachability, version, node and pod health, warning events.
 *
 * <p>Owns: concurrent per-cluster reads as the person, bounded by the per-cluster time-out, and
 * counting large lists without materialising them. Does not own: the background reachability
 * probe (server identity, {@code clusters}) or the clusters registry.
 */
package io.periscope.fleet;
