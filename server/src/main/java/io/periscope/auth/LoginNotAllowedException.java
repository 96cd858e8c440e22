package io.periscope.auth;

import io.periscope.authz.Principal;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;

/**
 * The IdP authenticated the person, but none of their groups is in
 * {@code auth.authorization.allowedGroups}: no session is created.
 */
public final class LoginNotAllowedException extends Problem {
  private final transient Principal principal;

  public LoginNotAllowedException(Principal principal) {
    super(ErrorCode.LOGIN_NOT_ALLOWED, "signed in at the identity provider as " + principal.subject()
        + ", but none of your groups is allowed to use Periscope (auth.authorization.allowedGroups); ask an administrator for access");
    this.principal = principal;
  }

  /** Who was turned away, for the audit row. */
  public Principal principal() {
    return principal;
  }
}
