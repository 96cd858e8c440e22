package io.periscope.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.config.PeriscopeConfig;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Starting a sign-in writes nothing on the server, and is rate limited per client address. */
class LoginStartWritesNothingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An in-memory store that counts writes. */
  static final class CountingStore implements SessionStore {
    final InMemorySessionStore inner = new InMemorySessionStore();
    final AtomicInteger writes = new AtomicInteger();

    @Override
    public void save(Session session) {
      writes.incrementAndGet();
      inner.save(session);
    }

    @Override
    public Optional<Session> find(String idHash) {
      return inner.find(idHash);
    }

    @Override
    public void delete(String idHash) {
      writes.incrementAndGet();
      inner.delete(idHash);
    }

    @Override
    public int deleteExpired(Instant now, Duration idleTimeout) {
      return inner.deleteExpired(now, idleTimeout);
    }

    @Override
    public List<String> idHashesOf(String subject) {
      return inner.idHashesOf(subject);
    }

    @Override
    public byte[] loginStateKey() {
      return inner.loginStateKey();
    }
  }

  @Test
  void aThousandLoginStartsWriteNothingAndTheirCookiesAreSealed() {
    var store = new CountingStore();
    var sessions = new SessionManager(store, new PeriscopeConfig.Sessions(Duration.ofMinutes(30), Duration.ofHours(8), "s", true),
        new OidcClient(new PeriscopeConfig.Oidc(URI.create("http://127.0.0.1:1/none"), "x", null, List.of("openid"), "groups", "email", true),
            URI.create("http://127.0.0.1/cb"), Clock.systemUTC()),
        Clock.systemUTC());

    for (int i = 0; i < 1000; i++) {
      SessionManager.Issued issued = sessions.beginLogin("/clusters/prod");
      assertThat(issued.cookieValue()).doesNotContain(issued.session().pendingLogin().orElseThrow().codeVerifier());
    }

    assertThat(store.writes).hasValue(0);
  }

  @Test
  void aTamperedOrForeignLoginCookieIsRefusedWithoutAnIdpCall() {
    var sessions = new SessionManager(new InMemorySessionStore(),
        new PeriscopeConfig.Sessions(Duration.ofMinutes(30), Duration.ofHours(8), "s", true),
        new OidcClient(new PeriscopeConfig.Oidc(URI.create("http://127.0.0.1:1/none"), "x", null, List.of("openid"), "groups", "email", true),
            URI.create("http://127.0.0.1/cb"), Clock.systemUTC()),
        Clock.systemUTC());
    SessionManager.Issued issued = sessions.beginLogin("/");
    String state = issued.session().pendingLogin().orElseThrow().state();
    char[] c = issued.cookieValue().toCharArray();
    c[c.length / 2] = c[c.length / 2] == 'A' ? 'B' : 'A';

    for (String cookie : List.of(new String(c), "garbage", "", new InMemorySessionStore().loginStateKey().length + "x")) {
      assertThatThrownBy(() -> sessions.completeLogin(Optional.of(cookie), state, "code"))
          .isInstanceOfSatisfying(OidcLoginException.class, e -> assertThat(e.code()).isEqualTo("login_state_missing"));
    }
  }

  @Test
  void loginStartsPerAddressAreLimitedWithAJson429() throws Exception {
    try (var harness = new PeriscopeHarness(Map.of("auth.session.loginStartsPerMinute", "5"))) {
      TestBrowser b = harness.browser();
      for (int i = 0; i < 5; i++) {
        assertThat(b.get("/api/auth/login?returnTo=/").statusCode()).isEqualTo(302);
      }
      HttpResponse<String> refused = b.get("/api/auth/login?returnTo=/");
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(JSON.readTree(refused.body()).get("code").asText()).isEqualTo("too_many_logins");
    }
  }
}
