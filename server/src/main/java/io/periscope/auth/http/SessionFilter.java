package io.periscope.auth.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.periscope.auth.AuthenticatedUser;
import io.periscope.auth.Session;
import io.periscope.auth.SessionIds;
import io.periscope.auth.SessionManager;
import io.periscope.authz.IdentityResolver;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Runs before every {@code /api/*} route: attaches the authenticated user, answers 401 JSON (never
 * a redirect) when there is none, and enforces CSRF on mutating methods: the
 * {@code X-CSRF-Token} header must equal the session's token and any {@code Origin} must be ours.
 */
public final class SessionFilter {
  public static final String CSRF_HEADER = "X-CSRF-Token";
  /** Set to {@code 1} by the SPA on its background polling (GET only): not activity for the idle time-out. */
  public static final String BACKGROUND_HEADER = "X-Periscope-Background";
  private static final Set<String> PUBLIC_PATHS = Set.of("/api/auth/login", "/api/auth/callback", "/api/auth/idp-logout");
  private static final Set<HandlerType> SAFE_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  private final SessionManager sessions;
  private final SessionCookies cookies;
  private final IdentityResolver identities;
  private final String publicOrigin;

  public SessionFilter(SessionManager sessions, IdentityResolver identities, URI publicUrl) {
    this.sessions = sessions;
    this.cookies = new SessionCookies(sessions.settings());
    this.identities = identities;
    this.publicOrigin = origin(publicUrl);
  }

  public void handle(Context ctx) {
    if (PUBLIC_PATHS.contains(ctx.path())) {
      return;
    }
    boolean activity = !(ctx.method() == HandlerType.GET && "1".equals(ctx.header(BACKGROUND_HEADER)));
    Optional<Session> session = cookies.read(ctx).flatMap(c -> sessions.authenticate(c, activity));
    if (session.isEmpty()) {
      throw Problem.unauthenticated("sign in first: no valid session (it may have expired)");
    }
    Session s = session.get();
    if (!SAFE_METHODS.contains(ctx.method())) {
      checkCsrf(ctx, s);
    }
    ctx.attribute(Session.class.getName(), s);
    CurrentUser.set(ctx, userOf(s));
  }

  static Session sessionOf(Context ctx) {
    Session s = ctx.attribute(Session.class.getName());
    if (s == null) {
      throw Problem.unauthenticated("sign in first: no valid session");
    }
    return s;
  }

  private AuthenticatedUser userOf(Session s) {
    return AuthenticatedUser.of(identities, s.principal().orElseThrow(), sessions.deadline(s));
  }

  private void checkCsrf(Context ctx, Session s) {
    String origin = ctx.header("Origin");
    if (origin != null && !origin.equals(publicOrigin)) {
      throw new Problem(ErrorCode.CSRF_ORIGIN, "cross-origin request refused: Origin " + origin + " is not " + publicOrigin);
    }
    if (!SessionIds.constantTimeEquals(s.csrfToken(), ctx.header(CSRF_HEADER))) {
      throw new Problem(ErrorCode.CSRF_TOKEN, "missing or wrong " + CSRF_HEADER + " header (take it from /api/auth/whoami)");
    }
  }

  /** {@code scheme://host[:port]} of a URL, as browsers send it in {@code Origin} (default ports omitted). */
  public static String origin(URI uri) {
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (uri.getScheme().equals("https") && port == 443) || (uri.getScheme().equals("http") && port == 80);
    return uri.getScheme() + "://" + uri.getHost() + (defaultPort ? "" : ":" + port);
  }
}
