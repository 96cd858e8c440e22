/**
 * A node's resources as an SRE reads them: what {@code kubectl top nodes} prints besides the
 * metrics API's usage (each node's allocatable CPU and memory, so the console can show usage as a
 * share of it), and what {@code kubectl describe node} calls allocated resources (the requests and
 * limits of the pods on a node against its allocatable, which is what the scheduler goes by).
 *
 * <p>Owns: reading nodes and a node's pods as the person, streamed, and summing pod requests as the
 * scheduler does. Does not own: the usage samples (the metrics API, read through the generic
 * resource list) or the percentages (the console computes them).
 */
package io.periscope.usage;
