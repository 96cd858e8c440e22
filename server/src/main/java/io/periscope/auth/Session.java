package io.periscope.auth;

import io.periscope.authz.Principal;
import java.time.Instant;
import java.util.Optional;

/**
 * Server-side session state. A session starts as a pending login (state, nonce, PKCE verifier,
 * no principal) and is replaced by a fresh authenticated session at the callback, so the
 * pre-login id is never the logged-in id. Tokens never leave the server.
 *
 * @param idHash SHA-256 of the cookie value; the store never sees the cookie itself
 */
public record Session(
    String idHash,
    Optional<Principal> principal,
    Optional<PendingLogin> pendingLogin,
    String csrfToken,
    Instant createdAt,
    Instant lastSeenAt,
    Instant absoluteExpiry,
    Optional<Tokens> tokens) {

  /** State kept between the redirect to the IdP and the callback. */
  public record PendingLogin(String state, String nonce, String codeVerifier, String returnTo) {}

  /** IdP tokens kept for refresh and RP-initiated logout. */
  public record Tokens(String idToken, Optional<String> refreshToken, Instant accessTokenExpiry) {}

  public boolean authenticated() {
    return principal.isPresent();
  }

  public Session touched(Instant now) {
    return new Session(idHash, principal, pendingLogin, csrfToken, createdAt, now, absoluteExpiry, tokens);
  }

  public Session withTokens(Tokens newTokens) {
    return new Session(idHash, principal, pendingLogin, csrfToken, createdAt, lastSeenAt, absoluteExpiry, Optional.of(newTokens));
  }
}
