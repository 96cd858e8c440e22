/**
 * OIDC login and server-side sessions.
 *
 * <p>Owns: the relying-party flow (PKCE, state, nonce, ID-token validation, refresh), session
 * lifecycle and storage interface. Does not own: what a person may do in a cluster ({@code authz}).
 */
package io.periscope.auth;
