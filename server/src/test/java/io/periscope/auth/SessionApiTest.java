package io.periscope.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CSRF, logout, request ids and the operational endpoints, over real HTTP. */
class SessionApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static PeriscopeHarness harness;

  @BeforeAll
  static void start() {
    harness = new PeriscopeHarness(Map.of());
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static TestBrowser signedIn() {
    TestBrowser b = harness.browser();
    assertThat(b.login("dana", List.of("devs")).statusCode()).isEqualTo(302);
    return b;
  }

  private static String csrf(TestBrowser b) throws Exception {
    return JSON.readTree(b.get("/api/auth/whoami").body()).get("csrfToken").asText();
  }

  @Test
  void mutationWithoutCsrfTokenIsRefusedAndChangesNothing() throws Exception {
    TestBrowser b = signedIn();
    HttpResponse<String> r = b.post("/api/auth/logout", "{}", Map.of());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("csrf_token");
    assertThat(b.get("/api/auth/whoami").statusCode()).isEqualTo(200);

    HttpResponse<String> wrong = b.post("/api/auth/logout", "{}", Map.of("X-CSRF-Token", "guess"));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(b.get("/api/auth/whoami").statusCode()).isEqualTo(200);
  }

  @Test
  void mutationFromAForeignOriginIsRefused() throws Exception {
    TestBrowser b = signedIn();
    HttpResponse<String> r = b.post("/api/auth/logout", "{}", Map.of("X-CSRF-Token", csrf(b), "Origin", "https://evil.example"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("csrf_origin");
    assertThat(b.get("/api/auth/whoami").statusCode()).isEqualTo(200);
  }

  @Test
  void logoutEndsTheSessionServerSide() throws Exception {
    TestBrowser b = signedIn();
    String cookie = b.cookie("periscope_session").orElseThrow();
    HttpResponse<String> r = b.post("/api/auth/logout", "{}", Map.of("X-CSRF-Token", csrf(b), "Origin", harness.app.publicUrl().toString()));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("redirectTo").asText()).contains("/endsession").contains("post_logout_redirect_uri");
    assertThat(r.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("Max-Age=0"));
    b.setCookie("periscope_session", cookie);
    assertThat(b.get("/api/auth/whoami").statusCode()).as("the old cookie must be dead on the server").isEqualTo(401);
  }

  @Test
  void requestIdIsAcceptedEchoedAndPutInErrors() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var r = http.send(java.net.http.HttpRequest.newBuilder(harness.url("/api/clusters")).header("X-Request-Id", "trace-123").build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.headers().firstValue("X-Request-Id")).contains("trace-123");
    assertThat(JSON.readTree(r.body()).get("requestId").asText()).isEqualTo("trace-123");
    var injected = http.send(java.net.http.HttpRequest.newBuilder(harness.url("/api/clusters")).header("X-Request-Id", "a b\tc").build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(injected.headers().firstValue("X-Request-Id")).hasValueSatisfying(v -> assertThat(v).doesNotContain(" ").isNotEqualTo("a b\tc"));
  }

  @Test
  void healthReadinessAndMetrics() throws Exception {
    TestBrowser anonymous = harness.browser();
    assertThat(anonymous.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/readyz").body()).contains("\"ready\"");
    signedIn().get("/api/clusters");
    HttpResponse<String> metrics = anonymous.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("periscope_http_server_requests_seconds_count").contains("route=\"/api/clusters\"")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void clusterListShowsRegistryAndReachability() throws Exception {
    TestBrowser b = signedIn();
    var body = JSON.readTree(b.get("/api/clusters").body());
    var cluster = body.get("clusters").get(0);
    assertThat(cluster.get("name").asText()).isEqualTo(PeriscopeHarness.CLUSTER);
    assertThat(cluster.get("backend").asText()).isEqualTo("kubeconfig");
    assertThat(cluster.get("reachability").get("status").asText()).isIn("reachable", "unknown");
  }

  @Test
  void everyResponseCarriesSecurityHeadersAndUnknownApiIs404Json() throws Exception {
    TestBrowser b = signedIn();
    HttpResponse<String> r = b.get("/api/no-such-thing");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("not_found");
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v ->
        assertThat(v).contains("default-src 'self'").doesNotContain("http:").doesNotContain("https:"));
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void spaIsServedWithCacheHeadersAndClientRoutesFallBackToIndex() {
    TestBrowser b = harness.browser();
    HttpResponse<String> index = b.get("/clusters/test/pods");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("<div id=\"root\">");
    assertThat(index.headers().firstValue("Cache-Control")).contains("no-cache");
    String asset = index.body().replaceAll("(?s).*src=\"(/assets/[^\"]+\\.js)\".*", "$1");
    HttpResponse<String> js = b.get(asset);
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
    assertThat(b.get("/assets/missing.js").statusCode()).isEqualTo(404);
  }
}
