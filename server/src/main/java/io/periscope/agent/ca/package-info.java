/**
 * The agent tunnel's private certificate authority.
 *
 * <p>Owns: creating, persisting (PEM in a directory, key 0600) and rotating the CA; issuing agent
 * client certificates (cluster in CN and in the SAN URI {@code periscope-agent://<cluster>}) and
 * the tunnel port's server certificate; CSR checks.
 *
 * <p>Does not own: who may get a certificate (tokens, revocation: {@code agent.registration}),
 * TLS itself ({@code agent.tunnel}). The CA never signs a certificate for a name it was not given
 * by registration.
 */
package io.periscope.agent.ca;
