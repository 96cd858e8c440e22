package io.periscope.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code auth.authorization.allowedGroups} over a real OIDC login (mock-oauth2-server): members
 * sign in, everyone else is turned away with a page that says why, no session and an
 * {@code auth.login} row with outcome {@code denied}.
 */
class AllowedGroupsLoginTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MutableClock clock = new MutableClock(Instant.now());
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.allowedGroups", "periscope-users,sre", "auth.session.idleTimeout", "3h"), clock);
  }

  @Test
  void memberSignsIn() throws Exception {
    start();
    TestBrowser alice = harness.browser();

    HttpResponse<String> callback = alice.login("alice", List.of("engineering", "periscope-users"));

    assertThat(callback.statusCode()).isEqualTo(302);
    assertThat(alice.get("/api/auth/whoami").statusCode()).isEqualTo(200);
    assertThat(harness.audit.events()).anySatisfy(e -> {
      assertThat(e.verb()).isEqualTo(Verb.LOGIN);
      assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(e.actor().sub()).isEqualTo("alice");
    });
  }

  @Test
  void nonMemberIsSentToTheAccessDeniedPageWithNoSessionAndADeniedLoginRow() throws Exception {
    start();
    TestBrowser mallory = harness.browser();
    var begin = mallory.startLogin("/");
    var callbackUri = mallory.authorizeAt(begin, "mallory", List.of("contractors"));

    HttpResponse<String> r = mallory.get(callbackUri, Map.of("Accept", "text/html,application/xhtml+xml"));

    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).contains("/access-denied?as=mallory%40example.com");
    assertThat(mallory.get("/api/auth/whoami").statusCode()).as("no session was created").isEqualTo(401);
    AuditEvent row = harness.audit.events().stream().filter(e -> e.verb() == Verb.LOGIN).findFirst().orElseThrow();
    assertThat(row.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(row.actor().sub()).isEqualTo("mallory");
    assertThat(row.actor().groups()).containsExactly("contractors");
    assertThat(row.reason()).contains("allowedGroups");
    assertThat(Verb.LOGIN.wireName()).isEqualTo("auth.login");
    // The page is the SPA's (served like every client route), and its way out needs no session.
    assertThat(mallory.get("/access-denied?as=x").statusCode()).isEqualTo(200);
    HttpResponse<String> out = mallory.get("/api/auth/idp-logout");
    assertThat(out.statusCode()).isEqualTo(302);
    assertThat(out.headers().firstValue("Location")).get().asString().startsWith(harness.idpFacade.baseUrl().toString());
  }

  @Test
  void nonMemberWithoutHtmlAcceptGetsTheJsonError() throws Exception {
    start();
    TestBrowser bot = harness.browser();

    HttpResponse<String> r = bot.login("bot", List.of());

    assertThat(r.statusCode()).isEqualTo(403);
    var body = JSON.readTree(r.body());
    assertThat(body.get("code").asText()).isEqualTo("login_not_allowed");
    assertThat(body.get("message").asText()).contains("allowedGroups");
  }

  @Test
  void sessionEndsWhenARefreshShowsThePersonLeftTheAllowedGroups() throws Exception {
    start();
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("sre"));
    assertThat(alice.get("/api/auth/whoami").statusCode()).isEqualTo(200);

    harness.tokens.next("alice", List.of("marketing"), List.of(PeriscopeHarness.CLIENT_ID), 3600);
    clock.advance(Duration.ofMinutes(61)); // past the access token's life: the next request refreshes

    assertThat(alice.get("/api/auth/whoami").statusCode()).isEqualTo(401);
    assertThat(alice.get("/api/auth/whoami").statusCode()).isEqualTo(401);
  }

  @Test
  void emptyAllowedGroupsAdmitsEveryoneTheIdpAdmits() throws Exception {
    harness = new PeriscopeHarness(Map.of());
    TestBrowser anyone = harness.browser();

    assertThat(anyone.login("anyone", List.of()).statusCode()).isEqualTo(302);
    assertThat(anyone.get("/api/auth/whoami").statusCode()).isEqualTo(200);
  }
}
