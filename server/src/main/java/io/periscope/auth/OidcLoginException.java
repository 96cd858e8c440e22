package io.periscope.auth;

/** A login that must not complete: bad state, IdP error, or an ID token that failed validation. */
public final class OidcLoginException extends RuntimeException {
  private final String code;

  public OidcLoginException(String code, String message) {
    super(message);
    this.code = code;
  }

  public OidcLoginException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
