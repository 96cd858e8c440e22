package io.periscope.helm;

import static io.periscope.helm.HelmStorageFixtures.storeConfigMap;
import static io.periscope.helm.HelmStorageFixtures.storeSecret;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.helm.HelmStorageFixtures.Rev;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The release browser over the CRUD mock apiserver holding release objects in Helm 3's exact
 * storage format (see {@link HelmStorageFixtures} for the helm/helm source each detail comes from).
 */
class HelmReleaseBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/helm/releases";

  private PeriscopeHarness harness;
  private TestBrowser browser;

  @BeforeEach
  void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.sharedIdentity", "impersonate"));
    browser = harness.browser();
    browser.login("alice", List.of("devs"));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static Map<String, Object> webDefaults() {
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("repository", "nginx");
    image.put("tag", "1.25");
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("replicaCount", 1);
    v.put("image", image);
    v.put("debug", true);
    v.put("redis", Map.of("enabled", true));
    return v;
  }

  private static String manifest(String tag, int replicas) {
    return "---\n# Source: web/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
        + "  replicas: " + replicas + "\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:" + tag + "\n"
        + "---\n# Source: web/charts/redis/templates/statefulset.yaml\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web-redis\n";
  }

  private Rev web(int version, String status, String tag, int replicas) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("replicaCount", replicas);
    config.put("image", Map.of("tag", tag));
    config.put("debug", null);
    return new Rev("web", "shop", version, status, "web", "1.4." + version, "2." + version, webDefaults(), config,
        manifest(tag, replicas), "Visit http://web.shop.svc (rev " + version + ")",
        List.of(Map.of("name", "redis", "version", "19.x.x", "repository", "oci://registry-1.docker.io/bitnamicharts",
            "condition", "redis.enabled")));
  }

  private Rev db(int version, String status) {
    return new Rev("db", "data", version, status, "postgresql", "15.0." + version, "16.4", Map.of("auth", Map.of("database", "app")),
        Map.of(), "kind: StatefulSet\nmetadata:\n  name: db-postgresql\n", "", List.of());
  }

  /** Three secret-driver revisions of "web" (two superseded) and a configmap-driver "db" whose upgrade failed. */
  private void seedHealthyReleases() {
    var c = harness.apiserver.client();
    storeSecret(c, web(1, "superseded", "1.25", 1));
    storeSecret(c, web(2, "superseded", "1.26", 2));
    storeSecret(c, web(3, "deployed", "1.27", 3));
    storeConfigMap(c, db(1, "deployed"));
    storeConfigMap(c, db(2, "failed"));
  }

  private JsonNode getJson(String path, int expectedStatus) throws Exception {
    HttpResponse<String> r = browser.get(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
    return JSON.readTree(r.body());
  }

  @Test
  void listsLatestRevisionOfEachReleaseFromBothDriversAcrossNamespaces() throws Exception {
    seedHealthyReleases();

    JsonNode body = getJson(BASE, 200);

    JsonNode rows = body.get("releases");
    assertThat(rows).hasSize(2);
    JsonNode db = rows.get(0);
    assertThat(db.get("name").asText()).isEqualTo("db");
    assertThat(db.get("namespace").asText()).isEqualTo("data");
    assertThat(db.get("revision").asInt()).isEqualTo(2);
    assertThat(db.get("status").asText()).isEqualTo("failed");
    assertThat(db.get("driver").asText()).isEqualTo("configmap");
    assertThat(db.get("chart").asText()).isEqualTo("postgresql");
    assertThat(db.get("error").isNull()).isTrue();
    JsonNode web = rows.get(1);
    assertThat(web.get("name").asText()).isEqualTo("web");
    assertThat(web.get("revision").asInt()).isEqualTo(3);
    assertThat(web.get("status").asText()).isEqualTo("deployed");
    assertThat(web.get("chart").asText()).isEqualTo("web");
    assertThat(web.get("chartVersion").asText()).isEqualTo("1.4.3");
    assertThat(web.get("appVersion").asText()).isEqualTo("2.3");
    assertThat(web.get("driver").asText()).isEqualTo("secret");
    assertThat(web.get("updated").asText()).isEqualTo("2026-11-03T10:00:00.500Z");
    assertThat(web.get("storageObject").asText()).isEqualTo("sh.helm.release.v1.web.v3");
    assertThat(body.get("warnings")).isEmpty();

    AuditEvent event = harness.audit.events().stream().filter(e -> e.verb() == Verb.HELM_READ).findFirst().orElseThrow();
    assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(event.actor().sub()).isEqualTo("alice");
    assertThat(event.extra()).containsEntry("view", "list");
    assertThat(event.target().cluster()).isEqualTo(PeriscopeHarness.CLUSTER);
  }

  @Test
  void listingOneNamespaceShowsOnlyItsReleases() throws Exception {
    seedHealthyReleases();

    JsonNode rows = getJson(BASE + "?namespace=data", 200).get("releases");

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("name").asText()).isEqualTo("db");
  }

  @Test
  void corruptStorageObjectsBecomePerReleaseErrorsWhileTheRestStillShow() throws Exception {
    seedHealthyReleases();
    var c = harness.apiserver.client();
    storeSecret(c, "shop", "badb64", 1, "deployed", "%%% this is not base64 %%%");
    byte[] notGzip = {0x1f, (byte) 0x8b, 0x08, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    storeSecret(c, "shop", "badgzip", 4, "deployed", Base64.getEncoder().encodeToString(notGzip));
    byte[] fullJson = JSON.writeValueAsBytes(HelmStorageFixtures.releaseJson(web(1, "deployed", "1.0", 1)));
    byte[] truncated = java.util.Arrays.copyOf(fullJson, fullJson.length / 2);
    storeConfigMap(c, "data", "truncated", 2, "deployed",
        Base64.getEncoder().encodeToString(HelmStorageFixtures.gzip(truncated)));

    JsonNode rows = getJson(BASE, 200).get("releases");

    assertThat(rows).hasSize(5);
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    rows.forEach(r -> byName.put(r.get("name").asText(), r));
    assertThat(byName.get("badb64").get("error").asText()).contains("sh.helm.release.v1.badb64.v1").contains("not base64");
    assertThat(byName.get("badgzip").get("error").asText()).contains("not valid gzip");
    assertThat(byName.get("badgzip").get("revision").asInt()).isEqualTo(4);
    assertThat(byName.get("truncated").get("error").asText()).contains("release JSON is invalid");
    assertThat(byName.get("truncated").get("driver").asText()).isEqualTo("configmap");
    assertThat(byName.get("web").get("error").isNull()).isTrue();
    assertThat(byName.get("web").get("chart").asText()).isEqualTo("web");
    assertThat(byName.get("db").get("error").isNull()).isTrue();

    HttpResponse<String> detail = browser.get(BASE + "/shop/badgzip");
    assertThat(detail.statusCode()).isEqualTo(422);
    assertThat(detail.body()).contains("helm_release_undecodable").contains("not valid gzip");
  }

  @Test
  void uncompressedPayloadsFromOlderHelmVersionsStillDecode() throws Exception {
    String plain = Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(HelmStorageFixtures.releaseJson(db(1, "deployed"))));
    storeSecret(harness.apiserver.client(), "data", "db", 1, "deployed", plain);

    JsonNode rows = getJson(BASE, 200).get("releases");

    assertThat(rows.get(0).get("chart").asText()).isEqualTo("postgresql");
  }

  @Test
  void detailHistoryValuesManifestNotesAndDiff() throws Exception {
    seedHealthyReleases();

    JsonNode detail = getJson(BASE + "/shop/web", 200);
    assertThat(detail.get("revision").asInt()).isEqualTo(3);
    assertThat(detail.get("status").asText()).isEqualTo("deployed");
    assertThat(detail.get("firstDeployed").asText()).isEqualTo("2026-11-01T09:00:00.123456789Z");
    assertThat(detail.get("dependencies").get(0).get("name").asText()).isEqualTo("redis");
    assertThat(detail.get("dependencies").get(0).get("condition").asText()).isEqualTo("redis.enabled");

    JsonNode history = getJson(BASE + "/shop/web/history", 200).get("revisions");
    assertThat(history).extracting(h -> h.get("revision").asInt()).containsExactly(3, 2, 1);
    assertThat(history).extracting(h -> h.get("status").asText()).containsExactly("deployed", "superseded", "superseded");
    JsonNode dbHistory = getJson(BASE + "/data/db/history", 200).get("revisions");
    assertThat(dbHistory.get(0).get("status").asText()).isEqualTo("failed");
    assertThat(dbHistory.get(0).get("description").asText()).contains("failed");

    JsonNode values = getJson(BASE + "/shop/web/revisions/2/values", 200);
    assertThat(values.get("revision").asInt()).isEqualTo(2);
    assertThat(values.get("config").get("image").get("tag").asText()).isEqualTo("1.26");
    JsonNode computed = values.get("computed");
    assertThat(computed.get("replicaCount").asInt()).isEqualTo(2);
    assertThat(computed.get("image").get("repository").asText()).isEqualTo("nginx");
    assertThat(computed.get("image").get("tag").asText()).isEqualTo("1.26");
    assertThat(computed.has("debug")).as("user null deletes the default").isFalse();
    assertThat(computed.get("redis").get("enabled").asBoolean()).isTrue();
    assertThat(values.get("configYaml").asText()).as("the console shows the server's YAML").contains("tag: \"1.26\"");
    assertThat(values.get("computedYaml").asText()).contains("replicaCount: 2").contains("repository: nginx").doesNotContain("debug");

    assertThat(getJson(BASE + "/shop/web/revisions/1/manifest", 200).get("manifest").asText()).contains("image: nginx:1.25");
    assertThat(getJson(BASE + "/shop/web/revisions/latest/notes", 200).get("notes").asText()).isEqualTo("Visit http://web.shop.svc (rev 3)");

    JsonNode diff = getJson(BASE + "/shop/web/diff?from=1&to=3", 200);
    assertThat(diff.get("manifest").asText()).contains("--- revision 1/manifest\n+++ revision 3/manifest\n")
        .contains("-  replicas: 1\n+  replicas: 3\n").contains("-          image: nginx:1.25\n+          image: nginx:1.27\n");
    assertThat(diff.get("values").asText()).contains("-  tag: \"1.25\"\n", "+  tag: \"1.27\"\n", "-replicaCount: 1\n", "+replicaCount: 3\n");
    assertThat(getJson(BASE + "/shop/web/diff?from=3&to=3", 200).get("manifest").asText()).isEmpty();

    assertThat(harness.audit.events()).filteredOn(e -> e.verb() == Verb.HELM_READ)
        .extracting(e -> e.extra().get("view")).contains("get", "history", "values", "manifest", "notes", "diff");
  }

  @Test
  void badInputAndMissingReleases() throws Exception {
    seedHealthyReleases();

    assertThat(getJson(BASE + "/shop/web/revisions/0/values", 400).get("code").asText()).isEqualTo("bad_request");
    assertThat(getJson(BASE + "/shop/web/revisions/abc/manifest", 400).get("message").asText()).contains("'abc'");
    assertThat(getJson(BASE + "/shop/web/diff?from=1", 400).get("message").asText()).contains("'to'");
    assertThat(getJson(BASE + "/shop/web/revisions/9/values", 404).get("message").asText()).contains("revisions: 1, 2, 3");
    assertThat(getJson(BASE + "/shop/nope", 404).get("code").asText()).isEqualTo("release_not_found");
  }

  @Test
  void forbiddenSecretsListIsThePageLevelForbiddenStateAndIsAuditedAsDenied() throws Exception {
    String rbac = "secrets is forbidden: User \"alice\" cannot list resource \"secrets\" in API group \"\" at the cluster scope";
    harness.apiserver.answer("GET", "/api/v1/secrets", req -> MockApiServer.forbidden(rbac));
    harness.apiserver.drainRequests();

    HttpResponse<String> r = browser.get(BASE);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("code").asText()).isEqualTo("helm_forbidden");
    assertThat(body.get("message").asText())
        .contains("needs list permission on the helm storage Secrets (or ConfigMaps) in at least one namespace")
        .contains("resources [\"secrets\"], verbs [\"list\"]")
        .contains(rbac);
    assertThat(body.get("requestId").asText()).isNotBlank();
    JsonNode ask = body.get("askAdmin");
    assertThat(ask).as(r.body()).isNotNull();
    assertThat(ask.get("summary").asText()).isEqualTo("list secrets cluster-wide");
    assertThat(ask.get("grants").get(0).get("yaml").asText()).contains("kind: ClusterRole\n").contains("resources: [\"secrets\"]")
        .contains("verbs: [\"list\"]");
    var secretCalls = harness.apiserver.drainRequests().stream().filter(q -> q.getPath().startsWith("/api/v1/secrets")).toList();
    assertThat(secretCalls).hasSize(1);
    assertThat(secretCalls.getFirst().getPath()).contains("labelSelector=owner%3Dhelm");
    assertThat(secretCalls.getFirst().getHeaders().headers("Impersonate-User")).containsExactly("alice");

    AuditEvent event = harness.audit.events().stream().filter(e -> e.verb() == Verb.HELM_READ).findFirst().orElseThrow();
    assertThat(event.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(event.reason()).contains(rbac);
  }

  @Test
  void forbiddenSecretsButVisibleConfigMapReleasesShowWithAWarning() throws Exception {
    storeConfigMap(harness.apiserver.client(), db(1, "deployed"));
    harness.apiserver.answer("GET", "/api/v1/secrets", req -> MockApiServer.forbidden("secrets is forbidden"));

    JsonNode body = getJson(BASE, 200);

    assertThat(body.get("releases")).hasSize(1);
    assertThat(body.get("warnings").get(0).asText()).contains("cannot list helm storage Secrets").contains("secrets is forbidden");
  }
}
