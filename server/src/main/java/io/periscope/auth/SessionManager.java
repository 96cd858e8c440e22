package io.periscope.auth;

import io.periscope.authz.Principal;
import io.periscope.config.PeriscopeConfig;
import io.periscope.problem.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session lifecycle over a {@link SessionStore}: pending logins, the login that replaces the
 * pending session with a fresh id, idle/absolute expiry, refresh-token use and logout. Knows
 * nothing about HTTP; callers pass and receive cookie values.
 */
public final class SessionManager {
  private static final Logger log = LoggerFactory.getLogger(SessionManager.class);
  private static final Duration PENDING_LOGIN_TTL = Duration.ofMinutes(10);
  /** Last-seen is written at most this often, so reads do not become store writes. */
  private static final Duration TOUCH_GRANULARITY = Duration.ofSeconds(30);

  private final SessionStore store;
  private final PeriscopeConfig.Sessions settings;
  private final OidcClient oidc;
  private final Clock clock;
  private final Predicate<Principal> admitted;

  /** A newly created session and the cookie value that refers to it (never stored). */
  public record Issued(String cookieValue, Session session) {}

  /** A finished login: the new session and where the browser asked to go afterwards. */
  /** @param droppedGroups IdP groups left out of the identity (see {@link GroupNames}), for the login's audit row */
  public record CompletedLogin(Issued issued, String returnTo, List<String> droppedGroups) {}

  /** A session's state for a long-lived channel: why it ended, or when it ends at the latest. */
  public record Check(Optional<SessionEnd> ended, Instant deadline) {}

  private final List<BiConsumer<String, SessionEnd>> endListeners = new CopyOnWriteArrayList<>();
  private final PendingLogins pendingLogins;
  /**
   * Last activity to the second, per session id hash. The store is written at most every
   * {@link #TOUCH_GRANULARITY} (a database write per request would be wasteful), so the idle
   * deadline is measured from whichever is later. Across replicas the store's value is at most
   * that much behind.
   */
  private final com.github.benmanes.caffeine.cache.Cache<String, Instant> lastActivity;

  public SessionManager(SessionStore store, PeriscopeConfig.Sessions settings, OidcClient oidc, Clock clock) {
    this(store, settings, oidc, clock, p -> true);
  }

  /**
   * @param admitted who may hold a session ({@code auth.authorization.allowedGroups}): checked at
   *     login, and again on every use so a person removed from the groups (seen at a token refresh,
   *     or after a configuration change) loses the session
   */
  public SessionManager(SessionStore store, PeriscopeConfig.Sessions settings, OidcClient oidc, Clock clock,
      Predicate<Principal> admitted) {
    this.admitted = admitted;
    this.store = store;
    this.settings = settings;
    this.oidc = oidc;
    this.clock = clock;
    // Read (or created, once per store) at start, so no sign-in start ever writes.
    this.pendingLogins = new PendingLogins(store.loginStateKey(), PENDING_LOGIN_TTL);
    this.lastActivity = io.periscope.cache.Caches.builder()
        .expireAfterAccess(settings.idleTimeout().plus(TOUCH_GRANULARITY)).maximumSize(200_000).build();
  }

  public PeriscopeConfig.Sessions settings() {
    return settings;
  }

  /**
   * Starts a login: state, nonce and the PKCE verifier sealed into the cookie value
   * ({@link PendingLogins}); nothing is stored, so unauthenticated requests never write.
   */
  public Issued beginLogin(String returnTo) {
    Instant now = clock.instant();
    var pending = new Session.PendingLogin(SessionIds.newSecret(), SessionIds.newSecret(), SessionIds.newSecret(), returnTo);
    String cookie = pendingLogins.seal(pending, now.plus(PENDING_LOGIN_TTL));
    Session session = new Session(SessionIds.hash(cookie), Optional.empty(), Optional.of(pending), SessionIds.newSecret(),
        now, now, now.plus(PENDING_LOGIN_TTL), Optional.empty());
    return new Issued(cookie, session);
  }


  public java.net.URI authorizationUri(Session.PendingLogin login) {
    return oidc.authorizationUri(login.state(), login.nonce(), login.codeVerifier());
  }

  /**
   * Completes a login. The pending session is consumed first (single use: a replayed callback
   * finds nothing), then the code is exchanged and a new session id is issued.
   */
  public CompletedLogin completeLogin(Optional<String> pendingCookie, String state, String code) {
    PendingLogins.Sealed pending = pendingCookie.flatMap(pendingLogins::open)
        .filter(p -> pendingLogins.finish(p.login()))
        .orElseThrow(() -> new OidcLoginException(ErrorCode.LOGIN_STATE_MISSING,
            "no login in progress for this browser (it expired, was already used, or cookies are blocked); start again"));
    Session.PendingLogin login = pending.login();
    if (!clock.instant().isBefore(pending.expiresAt())) {
      throw new OidcLoginException(ErrorCode.LOGIN_EXPIRED, "the login took longer than " + PENDING_LOGIN_TTL.toMinutes() + " minutes; start again");
    }
    if (!SessionIds.constantTimeEquals(login.state(), state)) {
      throw new OidcLoginException(ErrorCode.STATE_MISMATCH, "the login response does not match the login this browser started");
    }
    OidcClient.LoginResult result = oidc.exchange(code, login.codeVerifier(), login.nonce());
    if (!admitted.test(result.principal())) {
      throw new LoginNotAllowedException(result.principal());
    }
    Instant now = clock.instant();
    String cookie = SessionIds.newSecret();
    Session session = new Session(SessionIds.hash(cookie), Optional.of(result.principal()), Optional.empty(), SessionIds.newSecret(),
        now, now, now.plus(settings.absoluteTimeout()), Optional.of(result.tokens()));
    store.save(session);
    return new CompletedLogin(new Issued(cookie, session), login.returnTo(), result.droppedGroups());
  }

  /**
   * The live authenticated session for a cookie, or empty when there is none or it expired
   * (expired sessions are deleted). Refreshes IdP tokens when the access token lapsed.
   */
  public Optional<Session> authenticate(String cookieValue) {
    return authenticate(cookieValue, true);
  }

  /**
   * As {@link #authenticate(String)}; with {@code activity} false (the SPA's background polling,
   * marked by the browser) the request does not count as activity, so an unattended tab still
   * reaches its idle time-out.
   */
  public Optional<Session> authenticate(String cookieValue, boolean activity) {
    if (cookieValue == null || cookieValue.isEmpty()) {
      return Optional.empty();
    }
    Optional<Session> found = store.find(SessionIds.hash(cookieValue)).filter(Session::authenticated);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Session session = found.get();
    Instant now = clock.instant();
    if (!now.isBefore(deadline(session))) {
      end(session.idHash(), SessionEnd.EXPIRED);
      return Optional.empty();
    }
    session = refreshIfDue(session, now);
    if (session == null || !stillAdmitted(session)) {
      return Optional.empty();
    }
    if (!activity) {
      return Optional.of(session);
    }
    lastActivity.put(session.idHash(), now);
    if (Duration.between(session.lastSeenAt(), now).compareTo(TOUCH_GRANULARITY) >= 0) {
      session = session.touched(now);
      store.save(session);
    }
    return Optional.of(session);
  }

  /** The moment the session ends: the earlier of the idle and the absolute deadline. */
  public Instant deadline(Session session) {
    Instant seen = session.lastSeenAt();
    Instant recent = lastActivity.getIfPresent(session.idHash());
    if (recent != null && recent.isAfter(seen)) {
      seen = recent;
    }
    Instant idle = seen.plus(settings.idleTimeout());
    return idle.isBefore(session.absoluteExpiry()) ? idle : session.absoluteExpiry();
  }

  public void logout(Session session) {
    end(session.idHash(), SessionEnd.LOGGED_OUT);
  }

  /** Ends every session of {@code subject} (an administrator's decision); returns how many there were. */
  public int revokeAll(String subject) {
    List<String> ids = store.idHashesOf(subject);
    ids.forEach(id -> end(id, SessionEnd.REVOKED));
    return ids.size();
  }

  /** Called with the session's id hash and the reason whenever this server ends a session or changes its identity. */
  public void onEnd(BiConsumer<String, SessionEnd> listener) {
    endListeners.add(listener);
  }

  /**
   * Whether a session still stands for {@code boundTo}, for channels it opened. Unlike
   * {@link #authenticate} this is not activity (last-seen is not moved), but it ends an expired
   * session and refreshes IdP tokens when due, as a request would.
   */
  public Check check(String idHash, Principal boundTo) {
    Optional<Session> found = store.find(idHash).filter(Session::authenticated);
    Instant now = clock.instant();
    if (found.isEmpty()) {
      return new Check(Optional.of(SessionEnd.ENDED), now);
    }
    Session session = found.get();
    if (!now.isBefore(deadline(session))) {
      end(idHash, SessionEnd.EXPIRED);
      return new Check(Optional.of(SessionEnd.EXPIRED), now);
    }
    session = refreshIfDue(session, now);
    if (session == null) {
      return new Check(Optional.of(SessionEnd.REFRESH_REFUSED), now);
    }
    if (!stillAdmitted(session)) {
      return new Check(Optional.of(SessionEnd.NOT_ALLOWED), now);
    }
    if (!session.principal().orElseThrow().sameIdentityAs(boundTo)) {
      return new Check(Optional.of(SessionEnd.IDENTITY_CHANGED), now);
    }
    return new Check(Optional.empty(), deadline(session));
  }

  /** Ends the session of someone no longer in {@code allowedGroups}. */
  private boolean stillAdmitted(Session session) {
    if (admitted.test(session.principal().orElseThrow())) {
      return true;
    }
    log.info("session ended: its holder is no longer in auth.authorization.allowedGroups");
    end(session.idHash(), SessionEnd.NOT_ALLOWED);
    return false;
  }

  private void end(String idHash, SessionEnd why) {
    store.delete(idHash);
    lastActivity.invalidate(idHash);
    notifyEnd(idHash, why);
  }

  private void notifyEnd(String idHash, SessionEnd why) {
    for (var listener : endListeners) {
      try {
        listener.accept(idHash, why);
      } catch (RuntimeException e) {
        log.warn("session end listener failed: {}", e.toString());
      }
    }
  }

  /** The IdP's sign-out URL without a session (someone turned away at login may want another account). */
  public Optional<java.net.URI> idpSignOutUri(java.net.URI postLogoutRedirect) {
    try {
      return oidc.endSessionUri(null, postLogoutRedirect);
    } catch (OidcLoginException e) {
      return Optional.empty();
    }
  }

  public Optional<java.net.URI> endSessionUri(Session session, java.net.URI postLogoutRedirect) {
    try {
      return oidc.endSessionUri(session.tokens().map(Session.Tokens::idToken).orElse(null), postLogoutRedirect);
    } catch (OidcLoginException e) {
      return Optional.empty();
    }
  }

  private Session refreshIfDue(Session session, Instant now) {
    if (session.tokens().isEmpty()) {
      return session;
    }
    Session.Tokens tokens = session.tokens().get();
    if (now.isBefore(tokens.accessTokenExpiry()) || tokens.refreshToken().isEmpty()) {
      return session;
    }
    try {
      var refreshed = oidc.refresh(tokens.refreshToken().get(), session.principal().orElseThrow());
      String idToken = refreshed.tokens().idToken().isEmpty() ? tokens.idToken() : refreshed.tokens().idToken();
      Session updated = new Session(session.idHash(), Optional.of(refreshed.principal()), Optional.empty(), session.csrfToken(),
          session.createdAt(), now, session.absoluteExpiry(),
          Optional.of(new Session.Tokens(idToken, refreshed.tokens().refreshToken(), refreshed.tokens().accessTokenExpiry())));
      store.save(updated);
      if (!refreshed.principal().sameIdentityAs(session.principal().orElseThrow())) {
        // Open channels impersonate the old groups; they end and reopen with the new identity.
        log.info("session identity changed at token refresh; its open channels are closed");
        notifyEnd(session.idHash(), SessionEnd.IDENTITY_CHANGED);
      }
      return updated;
    } catch (OidcLoginException e) {
      if (e.errorCode() == ErrorCode.IDP_UNREACHABLE) {
        // An IdP outage must not log everyone out; try again on a later request.
        log.warn("token refresh postponed: {}", e.getMessage());
        return session;
      }
      log.info("session ended: the identity provider refused the refresh token ({})", e.code());
      end(session.idHash(), SessionEnd.REFRESH_REFUSED);
      return null;
    }
  }
}
