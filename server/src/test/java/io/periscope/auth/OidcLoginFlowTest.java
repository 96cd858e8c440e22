package io.periscope.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import io.periscope.testkit.TestEpoch;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The whole browser-less login over real HTTP against a real OIDC provider, and every way it must fail. */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class OidcLoginFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static PeriscopeHarness harness;

  @BeforeAll
  static void start() {
    harness = new PeriscopeHarness(Map.of(
        "auth.authorization.mode", "tier",
        "auth.authorization.groupTiers", "sre=admin,devs=write",
        "auth.authorization.auditAdminGroups", "sre"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void loginRedirectsWithPkceStateAndNonce() {
    TestBrowser browser = harness.browser();
    var start = browser.startLogin("/clusters/test");
    assertThat(start.authorizeUri().toString()).startsWith(harness.idpFacade.baseUrl() + "/" + PeriscopeHarness.ISSUER_ID + "/authorize");
    assertThat(start.params()).containsEntry("response_type", "code").containsEntry("code_challenge_method", "S256")
        .containsEntry("client_id", PeriscopeHarness.CLIENT_ID).containsEntry("redirect_uri", harness.url("/api/auth/callback").toString())
        .containsKeys("state", "nonce", "code_challenge");
    assertThat(start.params().get("scope")).contains("openid");
  }

  @Test
  void fullLoginSetsHardenedCookieRotatesSessionAndReturnsWhoami() throws Exception {
    TestBrowser browser = harness.browser();
    var start = browser.startLogin("/clusters/test?ns=payments");
    String preLoginCookie = browser.cookie("periscope_session").orElseThrow();
    HttpResponse<String> callback = browser.get(browser.authorizeAt(start, "alice", List.of("devs", "sre")));

    assertThat(callback.statusCode()).isEqualTo(302);
    assertThat(callback.headers().firstValue("Location")).contains("/clusters/test?ns=payments");
    String setCookie = callback.headers().allValues("Set-Cookie").getFirst();
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
    assertThat(setCookie).as("Secure is relaxed only for loopback http").doesNotContain("Secure");
    assertThat(browser.cookie("periscope_session")).isPresent().get().isNotEqualTo(preLoginCookie);

    JsonNode who = JSON.readTree(browser.get("/api/auth/whoami").body());
    assertThat(who.get("subject").asText()).isEqualTo("alice");
    assertThat(who.get("email").asText()).isEqualTo("alice@example.com");
    assertThat(who.get("mode").asText()).isEqualTo("tier");
    assertThat(who.get("tier").asText()).isEqualTo("admin");
    assertThat(who.get("auditAdmin").asBoolean()).isTrue();
    assertThat(JSON.convertValue(who.get("groups"), List.class)).containsExactly("devs", "sre");
    assertThat(Instant.parse(who.get("expiresAt").asText())).isAfter(Instant.now());
    assertThat(harness.audit.events()).anySatisfy(e -> {
      assertThat(e.verb()).isEqualTo(Verb.LOGIN);
      assertThat(e.actor().sub()).isEqualTo("alice");
      assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
    });
  }

  @Test
  void preLoginCookieIsNotASession() {
    TestBrowser browser = harness.browser();
    browser.startLogin("/");
    assertThat(browser.get("/api/auth/whoami").statusCode()).isEqualTo(401);
  }

  @Test
  void unauthenticatedApiCallGets401JsonNotARedirect() throws Exception {
    HttpResponse<String> r = harness.browser().get("/api/clusters");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("code").asText()).isEqualTo("unauthenticated");
    assertThat(body.get("requestId").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
  }

  @Test
  void wrongStateIsRejected() {
    TestBrowser browser = harness.browser();
    var start = browser.startLogin("/");
    URI callback = browser.authorizeAt(start, "mallory", List.of());
    URI tampered = URI.create(callback.toString().replace("state=" + start.params().get("state"), "state=forged"));
    assertRejected(browser.get(tampered), "state_mismatch");
  }

  @Test
  void replayedCodeIsRejected() {
    TestBrowser browser = harness.browser();
    var start = browser.startLogin("/");
    URI callback = browser.authorizeAt(start, "bob", List.of("devs"));
    String pendingCookie = browser.cookie("periscope_session").orElseThrow();
    assertThat(browser.get(callback).statusCode()).isEqualTo(302);
    browser.setCookie("periscope_session", pendingCookie);
    assertRejected(browser.get(callback), "login_state_missing");
  }

  @Test
  void wrongNonceIsRejected() {
    TestBrowser browser = harness.browser();
    var start = browser.startLogin("/");
    harness.idpFacade.substituteNextAuthorizeNonce("injected-nonce");
    HttpResponse<String> r = browser.get(browser.authorizeAt(start, "carol", List.of("sre")));
    assertRejected(r, "id_token_invalid");
    assertThat(r.body().toLowerCase()).contains("nonce");
  }

  @Test
  void expiredIdTokenIsRejected() {
    assertTokenRejected(t -> t.next("carol", List.of(), List.of(PeriscopeHarness.CLIENT_ID), -3600),
        // The mock then also reports a negative expires_in, which no real IdP sends; keep the test about the ID token.
        json -> json.replaceAll("\"expires_in\"\\s*:\\s*-\\d+", "\"expires_in\":3600"), "expired");
  }

  @Test
  void wrongAudienceIsRejected() {
    assertTokenRejected(t -> harness.idpFacade.presentNextTokenRequestAs("some-other-app"), json -> json, "audience");
  }

  @Test
  void badSignatureIsRejected() {
    // The IdP's real token with its payload altered (subject changed): the signature no longer matches.
    assertTokenRejected(t -> t.next("carol", List.of(), List.of(PeriscopeHarness.CLIENT_ID), 3600),
        OidcLoginFlowTest::forgeSubject, "signature");
  }

  private static String forgeSubject(String tokenResponseJson) {
    try {
      var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(tokenResponseJson);
      String[] parts = node.get("id_token").asText().split("\\.");
      var payload = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
      payload.put("sub", "admin");
      parts[1] = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(payload));
      node.put("id_token", String.join(".", parts));
      return JSON.writeValueAsString(node);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a login with the given IdP token callback and token-response rewrite, and expects rejection. */
  private static void assertTokenRejected(java.util.function.Consumer<io.periscope.testkit.ScriptedTokenCallback> script,
      java.util.function.UnaryOperator<String> rewrite,
      String reasonFragment) {
    TestBrowser browser = harness.browser();
    var start = browser.startLogin("/");
    HttpResponse<String> idpRedirect = browser.get(start.authorizeUri());
    URI callbackUri = URI.create(idpRedirect.headers().firstValue("Location").orElseThrow());
    script.accept(harness.tokens);
    harness.idpFacade.rewriteNextTokenResponse(rewrite);
    HttpResponse<String> r = browser.get(callbackUri);
    assertRejected(r, "id_token_invalid");
    assertThat(r.body().toLowerCase()).contains(reasonFragment);
    assertThat(browser.get("/api/auth/whoami").statusCode()).isEqualTo(401);
  }

  private static void assertRejected(HttpResponse<String> r, String reasonCode) {
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().allValues("Set-Cookie")).noneSatisfy(c -> assertThat(c).contains("Max-Age=43200"));
    assertThat(r.body()).contains("login_failed").contains(reasonCode.equals("id_token_invalid") ? "ID token" : "");
    assertThat(harness.audit.events()).anySatisfy(e -> {
      assertThat(e.verb()).isEqualTo(Verb.LOGIN_FAILED);
      assertThat(e.reason()).startsWith(reasonCode);
    });
  }
}
