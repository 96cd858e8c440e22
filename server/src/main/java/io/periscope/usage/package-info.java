/**
 * What {@code kubectl top nodes} prints besides the metrics API's usage: each node's allocatable
 * CPU and memory, so the console can show usage as a share of what the node offers to pods.
 *
 * <p>Owns: reading the nodes' allocatable resources as the person, from a streamed node list. Does
 * not own: the usage samples (the metrics API, read through the generic resource list) or the
 * percentages (the console computes them from both).
 */
package io.periscope.usage;
