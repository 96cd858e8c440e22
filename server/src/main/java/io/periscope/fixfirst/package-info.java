/**
 * Fix first: one ranked list per cluster of the workloads to fix first, combining exploitable CVEs
 * (the Inspector cache), sensitive IAM the workload's role reaches (the ServiceAccount → role index
 * and the policy cache), internet exposure (Services and Ingresses) and privileged pod specs.
 * Kubernetes objects are read as the person; AWS data comes from the existing caches.
 */
package io.periscope.fixfirst;
