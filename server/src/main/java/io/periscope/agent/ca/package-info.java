/**
 * The agent tunnel's private certificate authority.
 *
 * <p>Owns: creating, persisting and rotating the CA — in the server's database by default
 * ({@link io.periscope.agent.ca.SqlCaStore}: certificate in clear, private key encrypted, one CA
 * shared by every replica) or as PEM files in a directory ({@link io.periscope.agent.ca.DirectoryCaStore},
 * key 0600); issuing agent client certificates (cluster in CN and in the SAN URI
 * {@code periscope-agent://<cluster>}) and the tunnel port's server certificate; CSR checks.
 *
 * <p>Does not own: who may get a certificate (tokens, revocation: {@code agent.registration}),
 * TLS itself ({@code agent.tunnel}), the encryption format and where the encryption key comes
 * from ({@code storage.AtRestEncryption}, {@code config}). The CA never signs a certificate for a
 * name it was not given by registration.
 */
package io.periscope.agent.ca;
