/**
 * Karpenter on a cluster that serves {@code karpenter.sh/v1}: NodePools (weight, disruption budgets,
 * limits against the sum of their NodeClaims' capacity, requirements, NodeClass reference, cost per
 * hour and spot savings), NodeClaims with their lifecycle conditions, and pending pods with the
 * reasons Karpenter gave per NodePool in its {@code FailedScheduling} events.
 *
 * <p>Owns: reading those objects as the person, scraping the controller's {@code /metrics} through
 * the apiserver service proxy as the person, parsing the Prometheus text format and Karpenter's event
 * messages. Does not own: discovery (the CRD probe is {@code resources.Discovery}), live updates (the
 * browser subscribes to NodePools and NodeClaims over {@code stream}), prices of its own (the figures
 * are the controller's own estimates, or unavailable).
 */
package io.periscope.karpenter;
