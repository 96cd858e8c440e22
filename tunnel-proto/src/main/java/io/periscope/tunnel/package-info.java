/**
 * The wire protocol between periscope-agent and the server ({@code periscope/tunnel/v1/tunnel.proto},
 * generated into {@code io.periscope.tunnel.proto}) and the two helpers both ends share.
 *
 * <p>Owns: message shapes, header hygiene across the tunnel, outbound flow control.
 *
 * <p>Does not own: TLS, certificates, sessions (server: {@code io.periscope.agent.*}; agent:
 * {@code io.periscope.agent.link}).
 */
package io.periscope.tunnel;
