/**
 * Development and demo mode: {@link io.periscope.demo.DevMain} wires the real server
 * ({@code io.periscope.PeriscopeApp}) to a development identity provider and either the
 * developer's kubeconfig contexts or the embedded demo cluster, all bound to loopback.
 *
 * <p>Owns: dev-mode configuration (loopback, tier authorization with a fixed group table), turning
 * kubeconfig contexts into cluster entries, and the start/stop order of the pieces.
 *
 * <p>Does not own: any server behaviour (login, impersonation, routes live in the server module),
 * and nothing here is ever on the production server's class path; the server artifact and image
 * carry no test servers.
 */
package io.periscope.demo;
