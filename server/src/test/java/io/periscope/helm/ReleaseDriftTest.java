package io.periscope.helm;

import static io.periscope.helm.HelmStorageFixtures.storeSecret;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Verb;
import io.periscope.helm.HelmStorageFixtures.Rev;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A release's manifest against the live objects of the CRUD mock apiserver, read as the person. */
class ReleaseDriftTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DRIFT = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/helm/releases/shop/web/drift";
  private static final String MANIFEST = """
      ---
      # Source: web/templates/deployment.yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels: {app: web}
      spec:
        replicas: 3
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
              - name: web
                image: nginx:1.27
                resources: {requests: {cpu: 1000m}}
      ---
      # Source: web/templates/configmap.yaml
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: web-config}
      data: {LOG: info}
      ---
      # Source: web/templates/flags.yaml
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: web-flags}
      data: {beta: "false"}
      ---
      # Source: web/templates/service.yaml
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        selector: {app: web}
        ports: [{name: http, port: 80, targetPort: 8080}]
      ---
      # Source: web/templates/secret.yaml
      apiVersion: v1
      kind: Secret
      metadata: {name: web-db}
      type: Opaque
      stringData: {password: chart-password}
      ---
      # Source: web/charts/redis/templates/statefulset.yaml
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: web-redis}
      ---
      # Source: web/templates/servicemonitor.yaml
      apiVersion: monitoring.coreos.com/v1
      kind: ServiceMonitor
      metadata: {name: web}
      """;

  private PeriscopeHarness harness;
  private TestBrowser browser;

  @BeforeEach
  void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.sharedIdentity", "impersonate"));
    browser = harness.browser();
    browser.login("alice", List.of("devs"));
    harness.apiserver.serveDiscovery();
    var c = harness.apiserver.client();
    storeSecret(c, new Rev("web", "shop", 4, "deployed", "web", "1.4.0", "2.4", Map.of(), Map.of(), MANIFEST, "", List.of()));
    // A later upgrade failed: the cluster still runs revision 4, which stays deployed.
    storeSecret(c, new Rev("web", "shop", 5, "failed", "web", "1.5.0", "2.5", Map.of(), Map.of(),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: never-made}\n", "", List.of()));
    // Live: scaled by hand to 5, the ConfigMap edited, the rest as the chart made it plus what the cluster adds.
    c.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop")
        .addToLabels("app", "web").addToLabels("app.kubernetes.io/managed-by", "Helm").endMetadata()
        .withNewSpec().withReplicas(5).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
        .addNewContainer().withName("web").withImage("nginx:1.27").withImagePullPolicy("IfNotPresent")
        .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("1")).endResources().endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
    c.configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("web-config").withNamespace("shop").endMetadata()
        .addToData("LOG", "debug").build()).create();
    c.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
        .withNewSpec().addToSelector("app", "web").withClusterIP("10.0.0.7").addNewPort().withName("http").withPort(80)
        .withNewTargetPort(8080).withProtocol("TCP").endPort().endSpec().build()).create();
    c.secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName("web-db").withNamespace("shop").endMetadata()
        .withType("Opaque").addToData("password", "c29tZXRoaW5nLWVsc2U=").build()).create();
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/configmaps/web-flags", r -> new MockResponse().setResponseCode(403)
        .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,"
            + "\"message\":\"configmaps \\\"web-flags\\\" is forbidden: User \\\"alice\\\" cannot get resource \\\"configmaps\\\"\"}"));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static JsonNode object(JsonNode report, String kind, String name) {
    return StreamSupport.stream(report.get("objects").spliterator(), false)
        .filter(o -> o.get("kind").asText().equals(kind) && o.get("name").asText().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void eachManifestObjectIsInSyncDriftedWithItsFieldsMissingUnreadableOrOfAKindNotServed() throws Exception {
    harness.apiserver.drainRequests();

    HttpResponse<String> r = browser.get(DRIFT);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode report = JSON.readTree(r.body());
    assertThat(report.get("revision").asInt()).as("the deployed revision, not the failed upgrade after it").isEqualTo(4);
    assertThat(report.get("status").asText()).isEqualTo("deployed");
    assertThat(report.get("objects")).hasSize(7);
    JsonNode deployment = object(report, "Deployment", "web");
    assertThat(deployment.get("state").asText()).isEqualTo("DRIFTED");
    // 1000m is the apiserver's 1; labels and fields the chart does not set are not differences.
    assertThat(deployment.get("differences").toString()).isEqualTo("[{\"path\":\"spec.replicas\",\"chart\":3,\"live\":5}]");
    assertThat(deployment.get("group").asText() + "/" + deployment.get("version").asText() + "/" + deployment.get("plural").asText())
        .isEqualTo("apps/v1/deployments");
    assertThat(object(report, "ConfigMap", "web-config").get("differences").toString())
        .isEqualTo("[{\"path\":\"data.LOG\",\"chart\":\"info\",\"live\":\"debug\"}]");
    assertThat(object(report, "Service", "web").get("state").asText()).isEqualTo("IN_SYNC");
    JsonNode secret = object(report, "Secret", "web-db");
    assertThat(secret.get("state").asText()).isEqualTo("IN_SYNC");
    assertThat(secret.get("valuesNotCompared").asBoolean()).isTrue();
    assertThat(r.body()).doesNotContain("chart-password").doesNotContain("c29tZXRoaW5nLWVsc2U=");
    assertThat(object(report, "StatefulSet", "web-redis").get("state").asText()).isEqualTo("MISSING");
    assertThat(object(report, "StatefulSet", "web-redis").get("message").asText()).isEqualTo("not in the cluster: deleted since the release deployed it");
    assertThat(object(report, "ConfigMap", "web-config").get("group").asText()).isEmpty(); // the legacy group, as discovery names it
    JsonNode flags = object(report, "ConfigMap", "web-flags");
    assertThat(flags.get("state").asText()).isEqualTo("UNREADABLE");
    assertThat(flags.get("message").asText()).contains("cannot get resource \"configmaps\"").endsWith("(403)");
    JsonNode monitor = object(report, "ServiceMonitor", "web");
    assertThat(monitor.get("state").asText()).isEqualTo("UNKNOWN_KIND");
    assertThat(monitor.get("message").asText()).contains("does not serve ServiceMonitor of monitoring.coreos.com/v1");
    assertThat(report.get("counts").toString()).isEqualTo("{\"IN_SYNC\":2,\"DRIFTED\":2,\"MISSING\":1,\"UNREADABLE\":1,\"UNKNOWN_KIND\":1}");

    // Every live read is the person's; the whole view is one audited helm_read.
    List<RecordedRequest> reads = harness.apiserver.drainRequests().stream()
        .filter(q -> q.getPath().startsWith("/apis/apps/v1/namespaces/shop/") || q.getPath().startsWith("/api/v1/namespaces/shop/configmaps/")).toList();
    assertThat(reads).extracting(RecordedRequest::getPath).contains("/apis/apps/v1/namespaces/shop/deployments/web",
        "/apis/apps/v1/namespaces/shop/statefulsets/web-redis", "/api/v1/namespaces/shop/configmaps/web-config");
    assertThat(reads).allSatisfy(q -> assertThat(q.getHeaders().headers("Impersonate-User")).containsExactly("alice"));
    List<AuditEvent> rows = harness.audit.events().stream().filter(e -> e.verb() == Verb.HELM_READ).toList();
    assertThat(rows).singleElement().satisfies(e -> {
      assertThat(e.extra()).containsEntry("view", "drift");
      assertThat(e.target()).isEqualTo(new AuditEvent.Target(PeriscopeHarness.CLUSTER, "shop", "helmreleases", "web"));
    });
  }

  @Test
  void aReleaseThatDoesNotExistIs404AndAManifestThatIsNotYamlSaysSo() throws Exception {
    HttpResponse<String> none = browser.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/helm/releases/shop/nope/drift");
    assertThat(none.statusCode()).isEqualTo(404);

    storeSecret(harness.apiserver.client(), new Rev("broken", "shop", 1, "deployed", "broken", "0.1.0", "1", Map.of(), Map.of(),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [unclosed\n", "", List.of()));
    HttpResponse<String> broken = browser.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/helm/releases/shop/broken/drift");
    assertThat(broken.statusCode()).isEqualTo(422);
    JsonNode body = JSON.readTree(broken.body());
    assertThat(body.get("message").asText()).startsWith("the release's manifest is not readable YAML");
    assertThat(body.get("requestId").asText()).isNotBlank();
  }
}
