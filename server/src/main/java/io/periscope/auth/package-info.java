/**
 * OIDC login and server-side sessions.
 *
 * <p>Owns: the relying-party flow (PKCE, state, nonce, ID-token validation, refresh), session
 * lifecycle and storage interface, and ending every long-lived channel with its session
 * ({@link io.periscope.auth.SessionChannels}: streams, followed logs and shells bind to it). Does not own: what a person may do in a cluster ({@code authz}).
 */
package io.periscope.auth;
