package io.periscope.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.audit.Verb;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import io.periscope.testkit.TestEpoch;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An ID token's expiry and issue time are judged by the server's clock, the one every other
 * deadline (sessions, refresh, certificates) follows, not by the JVM's own clock. The IdP
 * (mock-oauth2-server) stamps its tokens by a clock the test sets apart from the server's.
 */
@Tag(TestEpoch.TAG)
class IdTokenTimeTest {
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  /** A login whose one-hour ID token the IdP stamps {@code idpAhead} away from the server's time. */
  private HttpResponse<String> loginWithIdpClock(Duration idpAhead) {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), TestEpoch.clock());
    harness.idpClockOffset(idpAhead);
    TestBrowser browser = harness.browser();
    var start = browser.startLogin("/");
    harness.tokens.next("carol", List.of("devs"), List.of(PeriscopeHarness.CLIENT_ID), 3600);
    HttpResponse<String> idpRedirect = browser.get(start.authorizeUri());
    return browser.get(URI.create(idpRedirect.headers().firstValue("Location").orElseThrow()));
  }

  @Test
  void aTokenThatExpiredByTheServersClockIsRefused() {
    HttpResponse<String> r = loginWithIdpClock(Duration.ofHours(-2));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(r.body()).contains("login_failed").contains("expired at");
    assertThat(harness.audit.events()).anySatisfy(e -> {
      assertThat(e.verb()).isEqualTo(Verb.LOGIN_FAILED);
      assertThat(e.reason()).startsWith("id_token_invalid");
    });
    assertThat(harness.browser().get("/api/auth/whoami").statusCode()).isEqualTo(401);
  }

  @Test
  void aTokenIssuedAfterTheServersNowIsRefused() {
    HttpResponse<String> r = loginWithIdpClock(Duration.ofHours(2));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(r.body()).contains("login_failed").contains("issued at");
  }

  @Test
  void clocksWithinAMinuteOfEachOtherAreAccepted() {
    assertThat(loginWithIdpClock(Duration.ofSeconds(50)).statusCode()).isEqualTo(302);
    harness.close();
    assertThat(loginWithIdpClock(Duration.ofSeconds(-50)).statusCode()).isEqualTo(302);
  }

  @Test
  void aTokenStillValidByTheServersClockIsAccepted() {
    HttpResponse<String> r = loginWithIdpClock(Duration.ofMinutes(-50));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
  }
}
