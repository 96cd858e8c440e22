/**
 * Draining a node as {@code kubectl drain} does it, planned on the server and run by the console:
 * which of the node's pods an eviction would move, which a drain leaves (DaemonSet pods, static
 * pods) and which it moves only with the person's consent (pods no controller recreates, pods whose
 * emptyDir data is lost).
 *
 * <p>Owns: reading a node and its pods as the person and sorting the pods by kubectl's rules. Does
 * not own: the cordon and the evictions themselves ({@code resources}' audited actions, which the
 * console calls one pod at a time so that each lands in the audit log with the person's name).
 */
package io.periscope.drain;
