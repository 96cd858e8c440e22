package io.periscope.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.authz.Principal;
import io.periscope.config.PeriscopeConfig;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestEpoch;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Idle and absolute time-outs on a controllable clock; no IdP needed because sessions carry no tokens here. */
@Tag(TestEpoch.TAG)
class SessionManagerTimeoutTest {
  private final MutableClock clock = TestEpoch.clock();
  private final InMemorySessionStore store = new InMemorySessionStore();
  private final SessionManager sessions = new SessionManager(store,
      new PeriscopeConfig.Sessions(Duration.ofMinutes(30), Duration.ofHours(8), "periscope_session", true),
      new OidcClient(new PeriscopeConfig.Oidc(URI.create("http://127.0.0.1:1/none"), "x", null, List.of("openid"), "groups", "email", true),
          URI.create("http://127.0.0.1/cb"), clock),
      clock);

  private String newSession() {
    String cookie = SessionIds.newSecret();
    Instant now = clock.instant();
    store.save(new Session(SessionIds.hash(cookie), Optional.of(new Principal("erin", "erin@example.com", List.of())), Optional.empty(),
        "csrf", now, now, now.plus(Duration.ofHours(8)), Optional.empty()));
    return cookie;
  }

  @Test
  void idleTimeoutEndsAnUnusedSessionAndUseExtendsIt() {
    String cookie = newSession();
    clock.advance(Duration.ofMinutes(29));
    assertThat(sessions.authenticate(cookie)).isPresent();
    clock.advance(Duration.ofMinutes(29));
    assertThat(sessions.authenticate(cookie)).as("used 29 minutes ago: still alive").isPresent();
    clock.advance(Duration.ofMinutes(30));
    assertThat(sessions.authenticate(cookie)).isEmpty();
    assertThat(store.find(SessionIds.hash(cookie))).as("expired sessions are deleted").isEmpty();
  }

  @Test
  void absoluteTimeoutEndsEvenAnActiveSession() {
    String cookie = newSession();
    for (int i = 0; i < 16; i++) {
      clock.advance(Duration.ofMinutes(29));
      assertThat(sessions.authenticate(cookie)).isPresent();
    }
    clock.advance(Duration.ofMinutes(29));
    assertThat(sessions.authenticate(cookie)).as("8h after login").isEmpty();
  }

  @Test
  void unknownOrEmptyCookieIsNoSession() {
    assertThat(sessions.authenticate("")).isEmpty();
    assertThat(sessions.authenticate(SessionIds.newSecret())).isEmpty();
  }
}
