package io.periscope.auth;

import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;

/** A login that must not complete: bad state, IdP error, or an ID token that failed validation. */
public final class OidcLoginException extends Problem {
  public OidcLoginException(ErrorCode code, String message) {
    super(code, message);
  }

  public OidcLoginException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
