package io.periscope.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What counts as activity for the idle time-out, measured to the second; what the browser may cache. */
class SessionActivityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> BACKGROUND = Map.of("X-Periscope-Background", "1");
  // Starts at the real time: the mock IdP signs its tokens on the wall clock.
  private final MutableClock clock = new MutableClock(Instant.now());
  private PeriscopeHarness harness;
  private TestBrowser alice;

  @BeforeEach
  void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw", "auth.session.idleTimeout", "30m"), clock);
    harness.apiserver.serveDiscovery();
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private int poll() {
    return alice.send("GET", "/api/auth/whoami", null, BACKGROUND).statusCode();
  }

  @Test
  void idleExpiryCountsFromTheLastRequestToTheSecondNotFromTheLastStoreWrite() {
    clock.advance(Duration.ofSeconds(10));
    assertThat(alice.get("/api/clusters").statusCode()).isEqualTo(200); // activity 10 s in; the store keeps the login time

    clock.advance(Duration.ofMinutes(30).minusSeconds(5));
    assertThat(poll()).as("29:55 after the last request").isEqualTo(200);
    clock.advance(Duration.ofSeconds(6));
    assertThat(poll()).as("30:01 after the last request").isEqualTo(401);
  }

  @Test
  void backgroundPollingDoesNotKeepAnUnattendedTabSignedIn() {
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(5));
      assertThat(poll()).isEqualTo(200);
      assertThat(alice.send("GET", "/api/clusters", null, BACKGROUND).statusCode()).isEqualTo(200);
    }
    clock.advance(Duration.ofMinutes(5));
    assertThat(poll()).as("30 minutes of polling only").isEqualTo(401);
  }

  @Test
  void aMarkedMutationStillCountsAsActivity() {
    clock.advance(Duration.ofMinutes(20));
    HttpResponse<String> r = alice.send("POST", "/api/clusters/" + PeriscopeHarness.CLUSTER + "/can-i",
        "{\"checks\":[{\"verb\":\"get\",\"resource\":\"pods\"}]}",
        Map.of("X-Periscope-Background", "1", "X-CSRF-Token", alice.csrfToken(), "Content-Type", "application/json"));
    assertThat(r.statusCode()).isLessThan(500);
    clock.advance(Duration.ofMinutes(20));
    assertThat(poll()).as("the mutation 20 minutes ago was activity").isEqualTo(200);
  }

  @Test
  void apiAnswersAreNeverCachedAndTheLogoutAnswerCarriesNoStore() throws Exception {
    assertThat(alice.get("/api/clusters").headers().firstValue("Cache-Control")).contains("no-store");
    HttpResponse<String> out = alice.mutate("POST", "/api/auth/logout", "");
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(out.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void theIdpsErrorTextIsShortenedAndStrippedOfControlCharacters() throws Exception {
    TestBrowser b = harness.browser();
    var start = b.startLogin("/");
    String description = "line one\r\nSet-Cookie: x=y\r\n" + "z".repeat(5_000);
    HttpResponse<String> r = b.get("/api/auth/callback?state=" + start.params().get("state") + "&error=access_denied&error_description="
        + URLEncoder.encode(description, StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(401);
    String message = JSON.readTree(r.body()).get("message").asText();
    assertThat(message).contains("access_denied").contains("line oneSet-Cookie: x=y").doesNotContain("\r").doesNotContain("\n");
    assertThat(message.length()).isLessThan(400);
  }
}
