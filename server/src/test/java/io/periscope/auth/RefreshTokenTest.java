package io.periscope.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the IdP's access token lapses, the session uses the refresh token and takes the refreshed identity. */
class RefreshTokenTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void lapsedAccessTokenIsRefreshedAndGroupsFollowTheIdp() throws Exception {
    var clock = new io.periscope.testkit.MutableClock(Instant.now());
    try (var harness = new PeriscopeHarness(Map.of("auth.session.idleTimeout", "3h", "auth.authorization.mode", "tier",
        "auth.authorization.groupTiers", "devs=write,sre=admin"), clock)) {
      TestBrowser b = harness.browser();
      b.login("frank", List.of("devs"));
      assertThat(JSON.readTree(b.get("/api/auth/whoami").body()).get("tier").asText()).isEqualTo("write");

      // Within the access token's life: no refresh, the identity is unchanged even if the IdP's view changed.
      harness.tokens.next("frank", List.of("sre"), List.of(PeriscopeHarness.CLIENT_ID), 3600);
      clock.advance(Duration.ofMinutes(30));
      assertThat(JSON.readTree(b.get("/api/auth/whoami").body()).get("tier").asText()).isEqualTo("write");

      clock.advance(Duration.ofMinutes(31));
      var who = JSON.readTree(b.get("/api/auth/whoami").body());
      assertThat(who.get("tier").asText()).as("refreshed ID token carries the new groups").isEqualTo("admin");
      assertThat(JSON.convertValue(who.get("groups"), List.class)).containsExactly("sre");
    }
  }

  /**
   * OIDC Core 12.2: a refreshed ID token must be about the same person. An IdP that answers a
   * refresh with another subject's token (a mix-up, a reused refresh token) must not hand this
   * session, its CSRF token and its open channels to that person: the session ends instead.
   */
  @Test
  void aRefreshThatAnswersForAnotherSubjectEndsTheSession() throws Exception {
    var clock = io.periscope.testkit.TestEpoch.clock();
    try (var harness = new PeriscopeHarness(Map.of("auth.session.idleTimeout", "3h", "auth.authorization.mode", "tier",
        "auth.authorization.groupTiers", "devs=write,sre=admin"), clock)) {
      TestBrowser b = harness.browser();
      b.login("frank", List.of("devs"));
      assertThat(JSON.readTree(b.get("/api/auth/whoami").body()).get("subject").asText()).isEqualTo("frank");

      harness.tokens.next("mallory", List.of("sre"), List.of(PeriscopeHarness.CLIENT_ID), 3600);
      clock.advance(Duration.ofMinutes(61));
      var r = b.get("/api/auth/whoami");

      assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
      assertThat(r.body()).doesNotContain("mallory");
    }
  }
}
