package io.periscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.demo.cluster.DemoEstate;
import java.io.IOException;
import java.net.URI;
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
    assertThat(clusters.get("clusters")).extracting(c -> c.get("name").asText())
        .containsExactlyInAnyOrder(DemoEstate.PRODUCTION, DemoEstate.STAGING, DemoEstate.EDGE);

    production().drainRequests();
    JsonNode namespaces = json(get(server.url().resolve("/api/clusters/" + DemoEstate.PRODUCTION + "/namespaces"), cookie), 200);
    assertThat(namespaces.get("namespaces")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrderElementsOf(DemoEstate.production().namespaces());

    List<RecordedRequest> asAlice = production().drainRequests().stream()
        .filter(r -> r.getPath().startsWith("/api/v1/namespaces") && r.getHeader("Impersonate-User") != null)
        .toList();
    assertThat(asAlice).singleElement().satisfies(r -> {
      assertThat(r.getHeaders().headers("Impersonate-User")).containsExactly("alice");
      assertThat(r.getHeaders().headers("Impersonate-Group")).containsExactly("periscope-tier:write");
      assertThat(r.getHeader("Authorization")).as("the eks backend's token").startsWith("Bearer k8s-aws-v1.");
    });
  }

  private static io.periscope.demo.cluster.DemoCluster production() {
    return server.fleet().orElseThrow().cluster(DemoEstate.PRODUCTION);
  }

  @Test
  void productionClusterIsProbedReachableWithItsVersion() throws Exception {
    String cookie = login("vic", List.of("viewers"));
    // The probe runs in the background from start-up; give a slow shared machine a few seconds.
    JsonNode reachability = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .pollInterval(java.time.Duration.ofMillis(200))
        .until(() -> cluster(json(get(server.url().resolve("/api/clusters"), cookie), 200), DemoEstate.PRODUCTION).get("reachability"),
            r -> "reachable".equals(r.path("status").asText()));
    assertThat(reachability.path("status").asText()).isEqualTo("reachable");
    assertThat(reachability.path("version").asText()).isEqualTo(DemoEstate.production().kubernetesVersion());
  }

  private static JsonNode cluster(JsonNode clusters, String name) {
    for (JsonNode c : clusters.get("clusters")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no cluster " + name + " in " + clusters);
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

    production().drainRequests();
    JsonNode error = json(get(server.url().resolve("/api/clusters/" + DemoEstate.PRODUCTION + "/namespaces"), cookie), 403);
    assertThat(error.get("code").asText()).isEqualTo("no_identity");
    assertThat(production().drainRequests())
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
        .contains("Clusters: prod-us-east-1 (eks), staging-us-west-2 (kubeconfig), factory-edge (agent)", "AWS account (123456789012",
            "sre-admins -> admin", "developers -> write", server.idp().issuer().toString());
  }

  private static String login(String user, List<String> groups) throws Exception {
    return DevSession.login(server, user, groups);
  }

  private static HttpResponse<String> get(URI uri, String cookie) throws IOException, InterruptedException {
    return DevSession.get(uri, cookie);
  }

  private static JsonNode json(HttpResponse<String> response, int expectedStatus) throws IOException {
    return DevSession.json(response, expectedStatus);
  }

  private static String location(HttpResponse<String> response) {
    return DevSession.location(response);
  }
}
