package io.periscope.auth.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.auth.AuthenticatedUser;
import io.periscope.auth.OidcLoginException;
import io.periscope.auth.Session;
import io.periscope.auth.SessionManager;
import io.periscope.authz.Principal;
import io.periscope.authz.Tier;
import io.periscope.http.ErrorMapper;
import io.periscope.http.RequestIds;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Printable;
import io.periscope.problem.Problem;
import io.periscope.ratelimit.PerAddressLimit;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Login, callback, logout and whoami. Handlers stay thin: the session logic is in {@link SessionManager}. */
public final class AuthRoutes {
  private final SessionManager sessions;
  private final SessionCookies cookies;
  private final AuditRecorder audit;
  private final URI publicUrl;
  private final Clock clock;
  private final PerAddressLimit loginStarts;

  /**
   * The whoami body (docs/api.md) plus the CSRF token the SPA echoes on mutations.
   * {@code administrator}: administers agents and other people's sessions.
   * {@code clusterIdentity}: {@code person} when clusters see the person (impersonated), {@code server}
   * when they see Periscope's own identity (shared mode, {@code sharedIdentity: server}).
   */
  public record WhoAmI(String subject, String email, List<String> groups, String mode, String tier, Instant expiresAt,
      boolean auditAdmin, boolean administrator, String clusterIdentity, String csrfToken) {}

  private AuthRoutes(SessionManager sessions, AuditRecorder audit, URI publicUrl, Clock clock) {
    this.sessions = sessions;
    this.cookies = new SessionCookies(sessions.settings());
    this.audit = audit;
    this.publicUrl = publicUrl;
    this.clock = clock;
    this.loginStarts = new PerAddressLimit(sessions.settings().loginStartsPerMinute(), clock);
  }

  public static void register(RoutesConfig routes, SessionManager sessions, AuditRecorder audit, URI publicUrl, Clock clock) {
    var r = new AuthRoutes(sessions, audit, publicUrl, clock);
    routes.get("/api/auth/login", r::login);
    routes.get("/api/auth/callback", r::callback);
    routes.get("/api/auth/idp-logout", r::idpLogout);
    routes.post("/api/auth/logout", r::logout);
    routes.get("/api/auth/whoami", r::whoami);
    routes.delete("/api/auth/sessions/{subject}", r::revoke);
  }

  private void login(Context ctx) {
    if (!loginStarts.attempt(ctx.ip()).allowed()) {
      throw new Problem(ErrorCode.TOO_MANY_LOGINS,
          "too many sign-in attempts from this address in the last minute; wait a minute and try again");
    }
    String returnTo = safeReturnTo(ctx.queryParam("returnTo"));
    var issued = sessions.beginLogin(returnTo);
    var login = issued.session().pendingLogin().orElseThrow();
    URI target = sessions.authorizationUri(login);
    cookies.write(ctx, issued.cookieValue(), java.time.Duration.ofMinutes(10));
    ctx.header("Cache-Control", "no-store");
    ctx.redirect(target.toString(), io.javalin.http.HttpStatus.FOUND);
  }

  private void callback(Context ctx) {
    String error = ctx.queryParam("error");
    try {
      if (error != null) {
        String description = ctx.queryParam("error_description");
        throw new OidcLoginException(ErrorCode.IDP_ERROR, "the identity provider reported " + Printable.stripped(error, 64)
            + (description == null ? "" : ": " + Printable.stripped(description, 200)));
      }
      String state = ctx.queryParam("state");
      String code = ctx.queryParam("code");
      if (state == null || code == null) {
        throw new OidcLoginException(ErrorCode.CALLBACK_INCOMPLETE, "the login response lacks 'code' or 'state'");
      }
      var done = sessions.completeLogin(cookies.read(ctx), state, code);
      cookies.write(ctx, done.issued().cookieValue(), sessions.settings().absoluteTimeout());
      record(ctx, done.issued().session().principal().orElseThrow(), Verb.LOGIN, Outcome.SUCCESS,
          done.droppedGroups().isEmpty() ? "" : "IdP groups left out (not usable as a header value): " + done.droppedGroups().size(),
          done.droppedGroups().isEmpty() ? Map.of() : Map.of("droppedGroups", done.droppedGroups()));
      ctx.header("Cache-Control", "no-store");
      ctx.redirect(done.returnTo(), io.javalin.http.HttpStatus.FOUND);
    } catch (io.periscope.auth.LoginNotAllowedException e) {
      cookies.clear(ctx);
      record(ctx, e.principal(), Verb.LOGIN, Outcome.DENIED, "not a member of any group in auth.authorization.allowedGroups");
      ctx.header("Cache-Control", "no-store");
      String accept = ctx.header("Accept");
      if (accept != null && accept.contains("text/html")) {
        // A browser: the SPA's page outside the session gate says why and offers the way out.
        Principal who = e.principal();
        String shown = who.email() == null || who.email().isBlank() ? who.subject() : who.email();
        ctx.redirect("/access-denied?as=" + java.net.URLEncoder.encode(shown, java.nio.charset.StandardCharsets.UTF_8),
            io.javalin.http.HttpStatus.FOUND);
      } else {
        ErrorMapper.write(ctx, e.errorCode(), e.getMessage());
      }
    } catch (OidcLoginException e) {
      cookies.clear(ctx);
      record(ctx, new Principal("", "", List.of()), Verb.LOGIN_FAILED, Outcome.DENIED, e.code() + ": " + e.getMessage());
      ErrorMapper.write(ctx, e.status(), ErrorCode.LOGIN_FAILED.code(), e.getMessage());
    }
  }

  /**
   * Someone turned away at sign-in (no session) signs out at the IdP to choose another account:
   * to the IdP's end-session endpoint when it has one, else home.
   */
  private void idpLogout(Context ctx) {
    URI home = publicUrl.resolve("/");
    ctx.header("Cache-Control", "no-store");
    ctx.redirect(sessions.idpSignOutUri(home).map(URI::toString).orElse(home.toString()), io.javalin.http.HttpStatus.FOUND);
  }

  private void logout(Context ctx) {
    Session session = SessionFilter.sessionOf(ctx);
    URI home = publicUrl.resolve("/");
    String redirectTo = sessions.endSessionUri(session, home).map(URI::toString).orElse(home.toString());
    sessions.logout(session);
    cookies.clear(ctx);
    record(ctx, session.principal().orElseThrow(), Verb.LOGOUT, Outcome.SUCCESS, "");
    ctx.json(Map.of("redirectTo", redirectTo));
  }

  /**
   * An administrator (tier admin or an audit-admin group) ends every session of a person at once:
   * their streams, followed logs and shells close within seconds and their next request is a 401.
   */
  private void revoke(Context ctx) {
    var user = CurrentUser.of(ctx);
    String subject = ctx.pathParam("subject");
    var action = new io.periscope.audit.AuditTrail.Action(io.periscope.audit.AuditTrail.actor(user.principal()), RequestIds.of(ctx),
        Verb.SESSION_REVOKE, new AuditEvent.Target("", "", "sessions", subject), Map.of());
    int ended = new io.periscope.audit.AuditTrail(audit, clock).run(action, () -> {
      if (!user.administrator()) {
        throw io.periscope.problem.Problem.forbidden("ending another person's sessions needs tier admin or a group in auditAdminGroups");
      }
      return sessions.revokeAll(subject);
    });
    ctx.json(Map.of("subject", subject, "sessionsEnded", ended));
  }

  private void whoami(Context ctx) {
    AuthenticatedUser user = CurrentUser.of(ctx);
    Session session = SessionFilter.sessionOf(ctx);
    Principal p = user.principal();
    ctx.header("Cache-Control", "no-store");
    ctx.json(new WhoAmI(p.subject(), p.email(), p.groups(), user.mode().wireName(),
        user.tier().map(Tier::wireName).orElse(null), user.expiresAt(), user.auditAdmin(), user.administrator(), user.impersonated() ? "person" : "server",
        session.csrfToken()));
  }

  private void record(Context ctx, Principal p, Verb verb, Outcome outcome, String reason) {
    record(ctx, p, verb, outcome, reason, Map.of());
  }

  private void record(Context ctx, Principal p, Verb verb, Outcome outcome, String reason, Map<String, Object> extra) {
    audit.record(new AuditEvent(clock.instant(), RequestIds.of(ctx), io.periscope.audit.AuditTrail.actor(p),
        verb, AuditEvent.Target.NONE, outcome, reason, extra));
  }

  /** Only same-site absolute paths: never a scheme, host or protocol-relative {@code //} (open redirect). */
  static String safeReturnTo(String requested) {
    if (requested == null || !requested.startsWith("/") || requested.startsWith("//") || requested.startsWith("/\\")
        || requested.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return "/";
    }
    return requested;
  }
}
