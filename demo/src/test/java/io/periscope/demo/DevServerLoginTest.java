package io.periscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.demo.cluster.DemoSeed;
import io.periscope.demo.idp.DevIdentityProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole dev-mode login over real HTTP, without a browser: console → dev IdP login page →
 * form post → callback → session cookie, then cluster calls that must reach the demo apiserver
 * with the person's impersonation headers.
 */
class DevServerLoginTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static DevServer server;

  @BeforeAll
  static void start() {
    server = DevServer.start(new DevServer.Options(0, 0, new DevServer.ClusterSource.Demo(), Map.of()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void developerSignsInAndListsNamespacesAsHerself() throws Exception {
    String cookie = login("alice", List.of("developers"));

    JsonNode me = json(get(server.url().resolve("/api/auth/whoami"), cookie), 200);
    assertThat(me.get("subject").asText()).isEqualTo("alice");
    assertThat(me.get("email").asText()).isEqualTo("alice@periscope.local");
    assertThat(me.get("groups")).extracting(JsonNode::asText).containsExactly("developers");
    assertThat(me.get("mode").asText()).isEqualTo("tier");
    assertThat(me.get("tier").asText()).isEqualTo("write");
    assertThat(me.get("auditAdmin").asBoolean()).isFalse();

    JsonNode clusters = json(get(server.url().resolve("/api/clusters"), cookie), 200);
    assertThat(clusters.get("clusters")).extracting(c -> c.get("name").asText()).containsExactly("demo");

    server.demoCluster().orElseThrow().drainRequests();
    JsonNode namespaces = json(get(server.url().resolve("/api/clusters/demo/namespaces"), cookie), 200);
    assertThat(namespaces.get("namespaces")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrderElementsOf(DemoSeed.NAMESPACES);

    List<RecordedRequest> asAlice = server.demoCluster().orElseThrow().drainRequests().stream()
        .filter(r -> r.getPath().startsWith("/api/v1/namespaces") && r.getHeader("Impersonate-User") != null)
        .toList();
    assertThat(asAlice).singleElement().satisfies(r -> {
      assertThat(r.getHeaders().headers("Impersonate-User")).containsExactly("alice");
      assertThat(r.getHeaders().headers("Impersonate-Group")).containsExactly("periscope-tier:write");
    });
  }

  @Test
  void demoClusterIsProbedReachableWithItsVersion() throws Exception {
    String cookie = login("vic", List.of("viewers"));
    // The probe runs in the background from start-up; give a slow shared machine a few seconds.
    JsonNode reachability = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .pollInterval(java.time.Duration.ofMillis(200))
        .until(() -> json(get(server.url().resolve("/api/clusters"), cookie), 200).get("clusters").get(0).get("reachability"),
            r -> "reachable".equals(r.path("status").asText()));
    assertThat(reachability.path("status").asText()).isEqualTo("reachable");
    assertThat(reachability.path("version").asText()).isEqualTo(DemoSeed.KUBERNETES_VERSION);
  }

  @Test
  void sreAdminIsAuditAdminWithAdminTier() throws Exception {
    String cookie = login("sam", List.of("viewers", "sre-admins"));
    JsonNode me = json(get(server.url().resolve("/api/auth/whoami"), cookie), 200);
    assertThat(me.get("tier").asText()).isEqualTo("admin");
    assertThat(me.get("auditAdmin").asBoolean()).isTrue();
  }

  @Test
  void personInNoMappedGroupIsSignedInButGetsNoClusterIdentity() throws Exception {
    String cookie = login("mallory", List.of("contractors"));
    JsonNode me = json(get(server.url().resolve("/api/auth/whoami"), cookie), 200);
    assertThat(me.get("tier").isNull()).isTrue();

    server.demoCluster().orElseThrow().drainRequests();
    JsonNode error = json(get(server.url().resolve("/api/clusters/demo/namespaces"), cookie), 403);
    assertThat(error.get("code").asText()).isEqualTo("no_identity");
    assertThat(server.demoCluster().orElseThrow().drainRequests())
        .noneMatch(r -> "mallory".equals(r.getHeader("Impersonate-User")));
  }

  @Test
  void loginPageOffersUserNameAndGroups() throws Exception {
    HttpResponse<String> start = get(server.url().resolve("/api/auth/login?returnTo=/"), null);
    HttpResponse<String> page = get(URI.create(location(start)), null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("name=\"username\"", "name=\"claims\"", "value=\"sre-admins\"", "value=\"developers\"");
  }

  @Test
  void bannerNamesTheLoopbackUrlAndTheDevGroups() {
    var out = new java.io.ByteArrayOutputStream();
    DevMain.printBanner(new java.io.PrintStream(out, true, StandardCharsets.UTF_8), server);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Periscope is running: open http://127.0.0.1:" + server.port() + "/")
        .contains("Clusters: demo (context demo)", "sre-admins -> admin", "developers -> write", server.idp().issuer().toString());
  }

  /** Runs the authorization-code flow by hand and returns the session cookie ({@code name=value}). */
  private static String login(String user, List<String> groups) throws Exception {
    HttpResponse<String> start = get(server.url().resolve("/api/auth/login?returnTo=/clusters"), null);
    assertThat(start.statusCode()).isEqualTo(302);
    String preLogin = sessionCookie(start);
    URI authorize = URI.create(location(start));
    assertThat(authorize.toString()).startsWith(server.idp().issuer() + "/authorize");

    assertThat(get(authorize, null).statusCode()).isEqualTo(200);
    String form = "username=" + enc(user) + "&claims=" + enc(DevIdentityProvider.claimsJson(user, groups));
    HttpResponse<String> submitted = HTTP.send(HttpRequest.newBuilder(authorize)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(submitted.statusCode()).isEqualTo(302);
    URI callback = URI.create(location(submitted));
    assertThat(callback.toString()).startsWith(server.url().resolve("/api/auth/callback").toString());

    HttpResponse<String> done = get(callback, preLogin);
    assertThat(done.statusCode()).as("callback: %s", done.body()).isEqualTo(302);
    assertThat(location(done)).isEqualTo("/clusters");
    return sessionCookie(done);
  }

  private static HttpResponse<String> get(URI uri, String cookie) throws IOException, InterruptedException {
    var builder = HttpRequest.newBuilder(uri).GET();
    if (cookie != null) {
      builder.header("Cookie", cookie);
    }
    return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response, int expectedStatus) throws IOException {
    assertThat(response.statusCode()).as("%s → %s", response.uri(), response.body()).isEqualTo(expectedStatus);
    return JSON.readTree(response.body());
  }

  private static String location(HttpResponse<String> response) {
    return response.headers().firstValue("Location").orElseThrow();
  }

  private static String sessionCookie(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .map(h -> h.split(";", 2)[0])
        .filter(c -> c.startsWith("periscope_session=") && c.length() > "periscope_session=".length())
        .reduce((first, last) -> last)
        .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
