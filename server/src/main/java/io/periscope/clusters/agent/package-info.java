/**
 * The {@code agent} backend: clusters reached through periscope-agent's outbound mTLS tunnel.
 *
 * <p>Owns: the connector the registry uses for {@code backend: agent} entries. In this version it
 * only reports that the tunnel is unavailable (501).
 *
 * <p>Does not own: agent registration, certificates or the tunnel protocol (the future
 * {@code io.periscope.agent} feature); other backends.
 */
package io.periscope.clusters.agent;
