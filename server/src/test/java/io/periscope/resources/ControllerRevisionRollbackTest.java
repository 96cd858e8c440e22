package io.periscope.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.periscope.audit.Verb;
import io.periscope.problem.Problem;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A DaemonSet's (or StatefulSet's) ControllerRevisions and {@code kubectl rollout undo} to one, as the person and audited. */
class ControllerRevisionRollbackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DS = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/resources/apps/v1/daemonsets/kube-system/agent";
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private static String revision(String name, String uid, long n, String image) {
    return """
        {"metadata":{"name":"%s","creationTimestamp":"2026-11-0%dT10:00:00Z",
           "ownerReferences":[{"kind":"DaemonSet","name":"agent","uid":"%s","controller":true}]},
         "revision":%d,
         "data":{"spec":{"template":{"$patch":"replace","metadata":{"labels":{"k8s-app":"agent"}},
           "spec":{"containers":[{"name":"agent","image":"%s"}]}}}}}""".formatted(name, n, uid, n, image);
  }

  private static final String WORKLOAD = """
      {"kind":"DaemonSet","metadata":{"name":"agent","uid":"u-ds"},
       "spec":{"template":{"metadata":{"labels":{"k8s-app":"agent"}},"spec":{"containers":[{"name":"agent","image":"agent:1.2"}]}}}}""";

  @Test
  void revisionsAreTheControllerRevisionsNewestFirstAndTheRollbackIsTheRevisionsOwnPatch() throws Exception {
    JsonNode revisions = JSON.readTree("[" + String.join(",", revision("agent-1", "u-ds", 1, "agent:1.0"),
        revision("agent-3", "u-ds", 3, "agent:1.2"), revision("agent-2", "u-ds", 2, "agent:1.1"), revision("other-9", "u-x", 9, "x:1")) + "]");
    JsonNode workload = JSON.readTree(WORKLOAD);

    var list = ControllerRevisions.of(workload, revisions);

    assertThat(list).extracting(Revision::revision).containsExactly(3L, 2L, 1L);
    assertThat(list.getFirst()).isEqualTo(new Revision(3, "agent-3", List.of("agent:1.2"), null, "2026-11-03T10:00:00Z", null, null, true));
    assertThat(list.get(1).current()).isFalse();
    assertThat(ControllerRevisions.rollbackPatch(workload, revisions, 1).toString()).isEqualTo("{\"spec\":{\"template\":{\"$patch\":\"replace\","
        + "\"metadata\":{\"labels\":{\"k8s-app\":\"agent\"}},\"spec\":{\"containers\":[{\"name\":\"agent\",\"image\":\"agent:1.0\"}]}}}}");
    assertThatThrownBy(() -> ControllerRevisions.rollbackPatch(workload, revisions, 3)).isInstanceOf(Problem.class)
        .hasMessage("DaemonSet agent already runs the template of revision 3");
    assertThatThrownBy(() -> ControllerRevisions.rollbackPatch(workload, revisions, 9)).isInstanceOf(Problem.class)
        .hasMessage("DaemonSet agent has no revision 9");
  }

  @Test
  void aDaemonSetRollbackOnTheWireIsAStrategicMergePatchAsThePersonAndAudited() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.serveDiscovery();
    var admin = harness.apiserver.client();
    DaemonSet ds = admin.apps().daemonSets().inNamespace("kube-system").resource(new DaemonSetBuilder().withNewMetadata().withName("agent")
        .endMetadata().withNewSpec().withNewSelector().addToMatchLabels("k8s-app", "agent").endSelector().withNewTemplate()
        .withNewMetadata().addToLabels("k8s-app", "agent").endMetadata().withNewSpec().addNewContainer().withName("agent")
        .withImage("agent:1.2").endContainer().endSpec().endTemplate().endSpec().build()).create();
    // The CRUD mock has no strategic merge: the apiserver's answers to the revisions' list and the patch are scripted.
    harness.apiserver.expect().get().withPath("/apis/apps/v1/namespaces/kube-system/controllerrevisions?labelSelector=k8s-app%3Dagent")
        .andReturn(200, "{\"kind\":\"ControllerRevisionList\",\"items\":[" + revision("agent-1", ds.getMetadata().getUid(), 1, "agent:1.0")
            + "," + revision("agent-2", ds.getMetadata().getUid(), 2, "agent:1.2") + "]}").times(2);
    harness.apiserver.expect().patch().withPath("/apis/apps/v1/namespaces/kube-system/daemonsets/agent?fieldManager=periscope")
        .andReturn(200, "{\"kind\":\"DaemonSet\",\"metadata\":{\"name\":\"agent\"}}").once();
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    harness.apiserver.drainRequests();

    HttpResponse<String> history = alice.get(DS + "/revisions");

    assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
    assertThat(JSON.readTree(history.body()).path("revisions").findValuesAsText("name")).containsExactly("agent-2", "agent-1");
    assertThat(JSON.readTree(history.body()).path("revisions").get(0).path("replicas").isNull()).isTrue();

    HttpResponse<String> rolled = alice.mutate("POST", DS + "/rollback", "{\"revision\": 1}");

    assertThat(rolled.statusCode()).as(rolled.body()).isEqualTo(200);
    var patch = ResourceFixtures.writes(harness.apiserver.drainRequests());
    assertThat(patch).singleElement().satisfies(q -> {
      assertThat(q.getMethod()).isEqualTo("PATCH");
      assertThat(q.getHeader("Content-Type")).startsWith("application/strategic-merge-patch+json");
      assertThat(q.getBody().readUtf8()).contains("\"$patch\":\"replace\"").contains("agent:1.0");
      assertThat(q.getHeaders().headers("Impersonate-User")).containsExactly("alice");
    });
    var row = harness.audit.events().getLast();
    assertThat(row.verb()).isEqualTo(Verb.ROLLBACK);
    assertThat(row.target().resource()).isEqualTo("daemonsets.apps");
    assertThat(row.extra()).containsEntry("toRevision", 1L);
  }
}
