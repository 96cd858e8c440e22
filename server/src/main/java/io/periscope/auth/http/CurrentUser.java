package io.periscope.auth.http;

import io.javalin.http.Context;
import io.periscope.auth.AuthenticatedUser;
import io.periscope.problem.Problem;

/** Reads the authenticated user the session filter attached to the request. */
public final class CurrentUser {
  static final String ATTRIBUTE = "periscope.user";

  private CurrentUser() {}

  /** @throws Problem 401 when the request carries no valid session */
  public static AuthenticatedUser of(Context ctx) {
    AuthenticatedUser user = ctx.attribute(ATTRIBUTE);
    if (user == null) {
      throw Problem.unauthenticated("sign in first: no valid session");
    }
    return user;
  }

  /** The signed-in user, or empty before (or without) a session. */
  public static java.util.Optional<AuthenticatedUser> find(Context ctx) {
    return java.util.Optional.ofNullable(ctx.attribute(ATTRIBUTE));
  }

  /**
   * The session behind the request, for channels that must end with it; empty only where no
   * session filter ran (route tests that stand in for it with {@link #set}).
   */
  public static java.util.Optional<io.periscope.auth.Session> session(Context ctx) {
    return java.util.Optional.ofNullable(ctx.attribute(io.periscope.auth.Session.class.getName()));
  }

  /** Used by the session filter (and by route tests that stand in for it). */
  public static void set(Context ctx, AuthenticatedUser user) {
    ctx.attribute(ATTRIBUTE, user);
  }
}
