package io.periscope.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Verb;
import io.periscope.problem.Problem;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A Deployment's revisions and {@code kubectl rollout undo --to-revision}, as the person and audited. */
class DeploymentRollbackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String D = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/resources/apps/v1/deployments/shop/web";
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  private static String rs(String name, String uid, long revision, String image, String cause) {
    return """
        {"metadata":{"name":"%s","creationTimestamp":"2026-11-0%dT10:00:00Z","annotations":{"deployment.kubernetes.io/revision":"%d"%s},
          "ownerReferences":[{"kind":"Deployment","name":"web","uid":"%s","controller":true}]},
         "spec":{"replicas":%d,"template":{"metadata":{"labels":{"app":"web","pod-template-hash":"%s"}},
           "spec":{"containers":[{"name":"app","image":"%s"}]}}},
         "status":{"readyReplicas":%d}}""".formatted(name, revision, revision,
        cause == null ? "" : ",\"kubernetes.io/change-cause\":\"" + cause + "\"", uid, revision == 3 ? 2 : 0, name, image, revision == 3 ? 2 : 0);
  }

  private static final String DEPLOYMENT = """
      {"metadata":{"name":"web","uid":"u-web","annotations":{"deployment.kubernetes.io/revision":"3","team":"shop",
         "kubernetes.io/change-cause":"bump to 2.2"}},
       "spec":{"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"shop:2.2"}]}}}}""";

  private static JsonNode replicaSets() throws Exception {
    return json("[" + String.join(",", rs("web-aa", "u-web", 1, "shop:2.0", null), rs("web-cc", "u-web", 3, "shop:2.2", "bump to 2.2"),
        rs("web-bb", "u-web", 2, "shop:2.1", "bump to 2.1"), rs("other-dd", "u-other", 4, "other:1", null)) + "]");
  }

  @Test
  void revisionsAreTheDeploymentsReplicaSetsNewestFirstWithTheCurrentOneMarked() throws Exception {
    var revisions = DeploymentRevisions.of(json(DEPLOYMENT), replicaSets());

    assertThat(revisions).extracting(Revision::revision).containsExactly(3L, 2L, 1L);
    assertThat(revisions.getFirst()).isEqualTo(new Revision(3, "web-cc", List.of("shop:2.2"), "bump to 2.2",
        "2026-11-03T10:00:00Z", 2, 2, true));
    assertThat(revisions.get(1).current()).isFalse();
    assertThat(revisions.get(2).changeCause()).isNull();
  }

  @Test
  void theRollbackPatchIsKubectlsTemplateWithoutTheHashAndTheRevisionsAnnotations() throws Exception {
    JsonNode patch = DeploymentRevisions.rollbackPatch(json(DEPLOYMENT), replicaSets(), 2);

    assertThat(patch.toString()).isEqualTo("[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},"
        + "\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"shop:2.1\"}]}}},"
        // The Deployment keeps its own revision annotation (the controller sets the next one) and takes the ReplicaSet's change cause.
        + "{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"deployment.kubernetes.io/revision\":\"3\","
        + "\"kubernetes.io/change-cause\":\"bump to 2.1\"}}]");
    assertThatThrownBy(() -> DeploymentRevisions.rollbackPatch(json(DEPLOYMENT), replicaSets(), 3)).isInstanceOf(Problem.class)
        .hasMessage("deployment web already runs the template of revision 3");
    assertThatThrownBy(() -> DeploymentRevisions.rollbackPatch(json(DEPLOYMENT), replicaSets(), 4)).isInstanceOf(Problem.class)
        .hasMessage("deployment web has no revision 4");
    String paused = DEPLOYMENT.replace("\"spec\":{", "\"spec\":{\"paused\":true,");
    assertThatThrownBy(() -> DeploymentRevisions.rollbackPatch(json(paused), replicaSets(), 1)).isInstanceOf(Problem.class)
        .hasMessageContaining("is paused");
  }

  @Test
  void aRollbackOnTheWireRunsAsThePersonIsAuditedAndBadInputChangesNothing() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.serveDiscovery();
    var admin = harness.apiserver.client();
    Deployment web = admin.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("web")
        .addToAnnotations("deployment.kubernetes.io/revision", "2").endMetadata().withNewSpec().withReplicas(1)
        .withNewSelector().addToMatchLabels("app", "web").endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "web")
        .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("shop:2.1").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
    for (var r : List.of(new String[] {"web-aa", "1", "shop:2.0"}, new String[] {"web-bb", "2", "shop:2.1"})) {
      admin.apps().replicaSets().inNamespace("shop").resource(new ReplicaSetBuilder().withNewMetadata().withName(r[0])
          .addToLabels("app", "web").addToAnnotations("deployment.kubernetes.io/revision", r[1]).addNewOwnerReference()
          .withApiVersion("apps/v1").withKind("Deployment").withName("web").withUid(web.getMetadata().getUid()).withController(true)
          .endOwnerReference().endMetadata().withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
          .withNewTemplate().withNewMetadata().addToLabels("app", "web").addToLabels("pod-template-hash", r[0]).endMetadata()
          .withNewSpec().addNewContainer().withName("app").withImage(r[2]).endContainer().endSpec().endTemplate().endSpec().build()).create();
    }
    admin.configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata().build()).create();
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    harness.apiserver.drainRequests();

    HttpResponse<String> history = alice.get(D + "/revisions");

    assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
    assertThat(json(history.body()).path("revisions").findValuesAsText("name")).containsExactly("web-bb", "web-aa");
    assertThat(json(history.body()).path("revisions").get(0).path("current").asBoolean()).isTrue();
    var asked = harness.apiserver.drainRequests().stream().filter(q -> q.getPath().contains("/namespaces/")).toList();
    assertThat(asked).extracting(q -> q.getPath())
        .containsExactly("/apis/apps/v1/namespaces/shop/deployments/web", "/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dweb");
    assertThat(asked).allSatisfy(q -> assertThat(q.getHeaders().headers("Impersonate-User")).containsExactly("alice"));

    HttpResponse<String> rolled = alice.mutate("POST", D + "/rollback", "{\"revision\": 1}");

    assertThat(rolled.statusCode()).as(rolled.body()).isEqualTo(200);
    var live = admin.apps().deployments().inNamespace("shop").withName("web").get();
    assertThat(live.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("shop:2.0");
    assertThat(live.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey("pod-template-hash");
    var patch = ResourceFixtures.writes(harness.apiserver.drainRequests());
    assertThat(patch).singleElement().satisfies(q -> {
      assertThat(q.getMethod()).isEqualTo("PATCH");
      assertThat(q.getHeader("Content-Type")).startsWith("application/json-patch+json");
      assertThat(q.getHeaders().headers("Impersonate-User")).containsExactly("alice");
      assertThat(q.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
    });
    AuditEvent row = harness.audit.events().getLast();
    assertThat(row.verb()).isEqualTo(Verb.ROLLBACK);
    assertThat(row.extra()).containsEntry("toRevision", 1L);
    assertThat(row.target().resource()).isEqualTo("deployments.apps");
    assertThat(row.actor().sub()).isEqualTo("alice");

    int rows = harness.audit.events().size();
    for (var bad : List.of(new Object[] {"{}", 422}, new Object[] {"{\"revision\": 0}", 422}, new Object[] {"{\"revision\": \"two\"}", 400},
        new Object[] {"not json", 400})) {
      HttpResponse<String> r = alice.mutate("POST", D + "/rollback", (String) bad[0]);
      assertThat(r.statusCode()).as(bad[0] + " " + r.body()).isEqualTo(bad[1]);
      assertThat(json(r.body()).has("requestId")).isTrue();
    }
    HttpResponse<String> configMap = alice.mutate("POST", D.replace("apps/v1/deployments/shop/web", "core/v1/configmaps/shop/settings")
        + "/rollback", "{\"revision\": 1}");
    assertThat(configMap.statusCode()).isEqualTo(422);
    assertThat(json(configMap.body()).path("message").asText()).contains("rollback is not available for ConfigMap");
    HttpResponse<String> again = alice.mutate("POST", D + "/rollback", "{\"revision\": 1}");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(ResourceFixtures.writes(harness.apiserver.drainRequests())).isEmpty();
    assertThat(harness.audit.events().size()).as("bad input writes no audit row; the refused rollback one").isEqualTo(rows + 1);
    assertThat(harness.audit.events().getLast().outcome()).isNotEqualTo(io.periscope.audit.Outcome.SUCCESS);
  }
}
