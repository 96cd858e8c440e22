package io.periscope.helm;

import static io.periscope.helm.HelmStorageFixtures.storeConfigMap;
import static io.periscope.helm.HelmStorageFixtures.storeSecret;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.helm.HelmStorageFixtures.Rev;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/helm/releases}: four clusters at once, each read as the person: two with
 * releases, one whose Helm storage the person may not list, one that is not there.
 */
class FleetHelmReleasesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RBAC = "secrets is forbidden: User \"alice\" cannot list resource \"secrets\" in API group \"\" at the cluster scope";

  private final MockApiServer east = new MockApiServer();
  private final MockApiServer locked = new MockApiServer();
  private KubernetesClient dead;
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    harness.close();
    dead.close();
    east.close();
    locked.close();
  }

  private static Rev release(String name, String namespace, int version, String chart, String chartVersion) {
    return new Rev(name, namespace, version, "deployed", chart, chartVersion, "1.0", Map.of(), Map.of(), "kind: ConfigMap\n", "", List.of());
  }

  @Test
  void everyClustersReleasesInOneTableAndAStatusForEachClusterThatDidNotAnswer() throws Exception {
    dead = MockApiServer.unreachableClient();
    locked.answer("GET", "/api/v1/secrets", request -> MockApiServer.forbidden(RBAC));
    harness = new PeriscopeHarness(Map.of("auth.authorization.sharedIdentity", "impersonate", "clusters.requestTimeout", "2s"),
        Map.of("east", east.client(), "locked", locked.client(), "dead", dead));
    storeSecret(harness.apiserver.client(), release("ingress", "ingress-nginx", 3, "ingress-nginx", "4.7.1"));
    storeSecret(east.client(), release("ingress", "ingress-nginx", 1, "ingress-nginx", "4.11.0"));
    storeConfigMap(east.client(), release("db", "data", 2, "postgresql", "15.0.2"));
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));

    HttpResponse<String> r = alice.get("/api/helm/releases");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    List<String> rows = new ArrayList<>();
    body.get("releases").forEach(row -> rows.add(row.get("cluster").asText() + " " + row.at("/release/namespace").asText() + "/"
        + row.at("/release/name").asText() + " " + row.at("/release/chart").asText() + "-" + row.at("/release/chartVersion").asText()));
    assertThat(rows).as("by chart, then cluster").containsExactly(
        "east ingress-nginx/ingress ingress-nginx-4.11.0",
        PeriscopeHarness.CLUSTER + " ingress-nginx/ingress ingress-nginx-4.7.1",
        "east data/db postgresql-15.0.2");
    Map<String, JsonNode> parts = new java.util.HashMap<>();
    body.get("clusters").forEach(p -> parts.put(p.get("cluster").asText(), p));
    assertThat(parts.get(PeriscopeHarness.CLUSTER).get("status").asText()).isEqualTo("ok");
    assertThat(parts.get(PeriscopeHarness.CLUSTER).get("releases").asInt()).isEqualTo(1);
    assertThat(parts.get("east").get("releases").asInt()).isEqualTo(2);
    assertThat(parts.get("locked").get("status").asText()).isEqualTo("forbidden");
    assertThat(parts.get("locked").get("code").asText()).isEqualTo("helm_forbidden");
    assertThat(parts.get("locked").get("message").asText()).contains(RBAC);
    assertThat(parts.get("dead").get("status").asText()).isEqualTo("failed");
    assertThat(parts.get("dead").get("code").asText()).as("what its own page answers").isEqualTo("apiserver_error");
    assertThat(parts.get("dead").get("message").asText()).contains("apiserver unreachable");
    assertThat(body.get("partial").asBoolean()).isTrue();

    assertThat(east.drainRequests().stream().filter(q -> q.getPath().startsWith("/api/v1/secrets")))
        .as("read as alice").allSatisfy(q -> assertThat(q.getHeaders().headers("Impersonate-User")).containsExactly("alice")).isNotEmpty();
    List<AuditEvent> reads = harness.audit.events().stream().filter(e -> e.verb() == Verb.HELM_READ).toList();
    assertThat(reads).allSatisfy(e -> {
      assertThat(e.extra()).containsEntry("view", "fleet_list");
      assertThat(e.target().resource()).isEqualTo("helmreleases");
    });
    assertThat(reads).extracting(e -> e.target().cluster() + ":" + e.outcome()).containsExactlyInAnyOrder(
        PeriscopeHarness.CLUSTER + ":" + Outcome.SUCCESS, "east:" + Outcome.SUCCESS, "locked:" + Outcome.DENIED, "dead:" + Outcome.FAILURE);
  }
}
