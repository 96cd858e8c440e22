/**
 * The {@code agent} backend: clusters reached through periscope-agent's outbound mTLS tunnel.
 *
 * <p>Owns: the connector the registry uses for {@code backend: agent} entries, which hands fabric8
 * a client whose HTTP transport is the tunnel ({@code agent.transport.TunnelTransport}).
 *
 * <p>Does not own: registration, certificates or the tunnel itself ({@code io.periscope.agent.*});
 * other backends.
 */
package io.periscope.clusters.agent;
