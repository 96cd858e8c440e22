package io.periscope.auth;

/**
 * Why a session ended, as a long-lived channel (stream, followed log, shell) tells the browser
 * when it closes because of it.
 */
public enum SessionEnd {
  LOGGED_OUT("logged_out", "you signed out"),
  EXPIRED("expired", "the session expired"),
  REFRESH_REFUSED("refresh_refused", "the identity provider refused to renew the session"),
  IDENTITY_CHANGED("identity_changed", "your groups changed at the identity provider; reconnect to continue with the new ones"),
  REVOKED("revoked", "an administrator ended your sessions"),
  NOT_ALLOWED("not_allowed", "you are no longer in a group allowed to use Periscope (auth.authorization.allowedGroups)"),
  ENDED("session_ended", "the session ended (signed out elsewhere or revoked)");

  private final String code;
  private final String message;

  SessionEnd(String code, String message) {
    this.code = code;
    this.message = message;
  }

  /** The wire code, e.g. {@code logged_out}. */
  public String code() {
    return code;
  }

  /** A sentence for the person. */
  public String message() {
    return message;
  }

  /** True when the person must sign in again; false when only the channel must be reopened. */
  public boolean signInAgain() {
    return this != IDENTITY_CHANGED;
  }
}
