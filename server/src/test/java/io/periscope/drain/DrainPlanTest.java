package io.periscope.drain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.periscope.drain.DrainPlan.Consent;
import io.periscope.drain.DrainPlan.Disposition;
import io.periscope.drain.DrainPlan.PodPlan;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node's drain plan ({@code GET /api/clusters/{c}/nodes/{name}/drain-plan}) by the rules of {@code kubectl drain}. */
class DrainPlanTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private static DrainPlan plan(String nodeJson, String podsJson) throws IOException {
    return DrainPlan.of("n1", JSON.readTree(nodeJson), new ByteArrayInputStream(podsJson.getBytes(StandardCharsets.UTF_8)), DisruptionBudgets.none(), null);
  }

  private static String owned(String kind, String name) {
    return "\"ownerReferences\":[{\"kind\":\"" + kind + "\",\"name\":\"" + name + "\",\"controller\":true}]";
  }

  @Test
  void eachPodIsEvictedLeftOrAskedAboutAsKubectlDrainWould() throws IOException {
    String pods = """
        {"kind":"PodList","items":[
          {"metadata":{"namespace":"shop","name":"web-1",%s},"spec":{"nodeName":"n1"},"status":{"phase":"Running"}},
          {"metadata":{"namespace":"kube-system","name":"aws-node-x",%s},"spec":{"nodeName":"n1"},"status":{"phase":"Running"}},
          {"metadata":{"namespace":"kube-system","name":"kube-proxy-n1","annotations":{"kubernetes.io/config.mirror":"abc"}},
           "spec":{"nodeName":"n1"},"status":{"phase":"Running"}},
          {"metadata":{"namespace":"shop","name":"debug"},"spec":{"nodeName":"n1"},"status":{"phase":"Running"}},
          {"metadata":{"namespace":"shop","name":"cache-0",%s},
           "spec":{"nodeName":"n1","volumes":[{"name":"scratch","emptyDir":{}},{"name":"conf","configMap":{"name":"c"}}]},
           "status":{"phase":"Running"}},
          {"metadata":{"namespace":"shop","name":"scratchpad"},
           "spec":{"nodeName":"n1","volumes":[{"name":"a","emptyDir":{}},{"name":"b","emptyDir":{"medium":"Memory"}}]},
           "status":{"phase":"Pending"}},
          {"metadata":{"namespace":"shop","name":"one-off"},"spec":{"nodeName":"n1","volumes":[{"name":"a","emptyDir":{}}]},
           "status":{"phase":"Succeeded"}},
          {"metadata":{"namespace":"shop","name":"web-0","deletionTimestamp":"2026-01-01T00:00:00Z",%s},
           "spec":{"nodeName":"n1"},"status":{"phase":"Running"}},
          {"metadata":{"namespace":"shop","name":"elsewhere",%s},"spec":{"nodeName":"n2"},"status":{"phase":"Running"}},
          {"metadata":{"namespace":"shop","name":"shared-owner","ownerReferences":[{"kind":"ReplicaSet","name":"x"}]},
           "spec":{"nodeName":"n1"},"status":{"phase":"Running"}}
        ]}""".formatted(owned("ReplicaSet", "web-5d8"), owned("DaemonSet", "aws-node"), owned("StatefulSet", "cache"),
        owned("ReplicaSet", "web-5d8"), owned("ReplicaSet", "web-5d8"));

    DrainPlan p = plan("{\"spec\":{\"unschedulable\":true}}", pods);

    assertThat(p.node()).isEqualTo("n1");
    assertThat(p.unschedulable()).isTrue();
    assertThat(p.pods()).extracting(PodPlan::name).containsExactly("aws-node-x", "kube-proxy-n1", "cache-0", "debug", "one-off",
        "scratchpad", "shared-owner", "web-0", "web-1");
    Map<String, PodPlan> by = new java.util.HashMap<>();
    p.pods().forEach(x -> by.put(x.name(), x));

    assertThat(by.get("web-1")).isEqualTo(new PodPlan("shop", "web-1", "Running", "ReplicaSet/web-5d8", Disposition.EVICT, null, List.of(), List.of()));
    assertThat(by.get("aws-node-x").disposition()).isEqualTo(Disposition.SKIP);
    assertThat(by.get("aws-node-x").reason()).isEqualTo("its DaemonSet runs it on every node, this one included");
    assertThat(by.get("aws-node-x").controller()).isEqualTo("DaemonSet/aws-node");
    assertThat(by.get("kube-proxy-n1").disposition()).isEqualTo(Disposition.SKIP);
    assertThat(by.get("kube-proxy-n1").reason()).startsWith("static pod");
    assertThat(by.get("web-0").disposition()).isEqualTo(Disposition.WAIT);
    assertThat(by.get("web-0").needs()).isEmpty();

    assertThat(by.get("debug").disposition()).isEqualTo(Disposition.EVICT);
    assertThat(by.get("debug").needs()).extracting(DrainPlan.Need::consent).containsExactly(Consent.UNMANAGED);
    assertThat(by.get("cache-0").needs()).extracting(DrainPlan.Need::consent).containsExactly(Consent.EMPTY_DIR_DATA);
    assertThat(by.get("cache-0").needs().getFirst().why()).isEqualTo("the data in its emptyDir volume scratch is deleted with it");
    assertThat(by.get("scratchpad").needs()).extracting(DrainPlan.Need::consent).containsExactly(Consent.EMPTY_DIR_DATA, Consent.UNMANAGED);
    assertThat(by.get("scratchpad").needs().getFirst().why()).contains("volumes a, b");
    // A finished pod goes without asking, whatever it had; an owner that is no controller manages nothing.
    assertThat(by.get("one-off")).isEqualTo(new PodPlan("shop", "one-off", "Succeeded", null, Disposition.EVICT, null, List.of(), List.of()));
    assertThat(by.get("shared-owner").controller()).isNull();
    assertThat(by.get("shared-owner").needs()).extracting(DrainPlan.Need::consent).containsExactly(Consent.UNMANAGED);

    assertThat(plan("{}", "{\"kind\":\"PodList\",\"items\":[]}").unschedulable()).isFalse();
  }

  @Test
  void thePlanIsReadAsThePersonAndChangesNothing() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.client().nodes().resource(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build()).create();
    // The CRUD mock does not evaluate spec.nodeName: the apiserver's answer to the node's pods is scripted.
    harness.apiserver.expect().get().withPath("/api/v1/pods?fieldSelector=spec.nodeName%3Dn1").andReturn(200, new PodListBuilder().addToItems(
        new PodBuilder().withNewMetadata().withName("debug").withNamespace("shop").endMetadata().withNewSpec().withNodeName("n1")
            .endSpec().withNewStatus().withPhase("Running").endStatus().build()).build()).once();
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.get("/api/clusters/test/nodes/n1/drain-plan");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode plan = JSON.readTree(r.body());
    assertThat(plan.get("node").asText()).isEqualTo("n1");
    assertThat(plan.get("unschedulable").asBoolean()).isFalse();
    assertThat(plan.get("pods").toString()).isEqualTo("[{\"namespace\":\"shop\",\"name\":\"debug\",\"phase\":\"Running\",\"controller\":null,"
        + "\"disposition\":\"EVICT\",\"reason\":null,\"needs\":[{\"consent\":\"UNMANAGED\","
        + "\"why\":\"no controller manages it: once evicted it is gone\"}],\"budgets\":[]}]");
    assertThat(plan.get("budgetProblem").isNull()).isTrue();
    var asked = harness.apiserver.drainRequests().stream().filter(q -> q.getPath().startsWith("/api")).toList();
    assertThat(asked).extracting(q -> q.getMethod() + " " + q.getPath())
        .containsExactly("GET /apis/policy/v1/poddisruptionbudgets", "GET /api/v1/nodes/n1", "GET /api/v1/pods?fieldSelector=spec.nodeName%3Dn1");
    assertThat(asked).allSatisfy(q -> {
      assertThat(q.getHeaders().headers("Impersonate-User")).containsExactly("alice");
      assertThat(q.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
    });

    HttpResponse<String> missing = alice.get("/api/clusters/test/nodes/n9/drain-plan");
    assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
    HttpResponse<String> badName = alice.get("/api/clusters/test/nodes/Not_A_Node/drain-plan");
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badName.body()).get("message").asText()).contains("node name");
    HttpResponse<String> unknownCluster = alice.get("/api/clusters/nope/nodes/n1/drain-plan");
    assertThat(unknownCluster.statusCode()).isEqualTo(404);

    // Budgets the person may not read: the plan is still made, and says what it lacks.
    harness.apiserver.answer("GET", "/apis/policy/v1/poddisruptionbudgets",
        req -> io.periscope.testkit.MockApiServer.forbidden("alice cannot list poddisruptionbudgets at the cluster scope"));
    HttpResponse<String> withoutBudgets = alice.get("/api/clusters/test/nodes/n1/drain-plan");
    assertThat(withoutBudgets.statusCode()).as(withoutBudgets.body()).isEqualTo(200);
    assertThat(JSON.readTree(withoutBudgets.body()).get("budgetProblem").asText())
        .isEqualTo("PodDisruptionBudgets could not be read: alice cannot list poddisruptionbudgets at the cluster scope");
  }

  @Test
  void aPodToEvictNamesTheBudgetsOverItWithTheDisruptionsTheyAllowNow() throws Exception {
    String budgets = """
        {"items":[
          {"metadata":{"name":"web-pdb","namespace":"shop"},"spec":{"selector":{"matchLabels":{"app":"web"}}},"status":{"disruptionsAllowed":0}},
          {"metadata":{"name":"tiers","namespace":"shop"},"spec":{"selector":{"matchExpressions":[{"key":"tier","operator":"In","values":["front","edge"]},
            {"key":"canary","operator":"DoesNotExist"}]}},"status":{"disruptionsAllowed":2}},
          {"metadata":{"name":"everything","namespace":"shop"},"spec":{"selector":{}},"status":{"disruptionsAllowed":1}},
          {"metadata":{"name":"nothing","namespace":"shop"},"spec":{},"status":{"disruptionsAllowed":5}},
          {"metadata":{"name":"web-pdb","namespace":"other"},"spec":{"selector":{"matchLabels":{"app":"web"}}},"status":{"disruptionsAllowed":0}}
        ]}""";
    String pods = """
        {"items":[
          {"metadata":{"name":"web-1","namespace":"shop","labels":{"app":"web","tier":"front"},
            "ownerReferences":[{"kind":"ReplicaSet","name":"web-5d8","controller":true}]},"spec":{"nodeName":"n1"},"status":{"phase":"Running"}},
          {"metadata":{"name":"canary-1","namespace":"shop","labels":{"tier":"front","canary":"yes"},
            "ownerReferences":[{"kind":"ReplicaSet","name":"canary-1a","controller":true}]},"spec":{"nodeName":"n1"},"status":{"phase":"Running"}},
          {"metadata":{"name":"agent","namespace":"shop","labels":{"app":"web"},
            "ownerReferences":[{"kind":"DaemonSet","name":"agent","controller":true}]},"spec":{"nodeName":"n1"},"status":{"phase":"Running"}}
        ]}""";

    DrainPlan p = DrainPlan.of("n1", JSON.readTree("{}"), new ByteArrayInputStream(pods.getBytes(StandardCharsets.UTF_8)),
        DisruptionBudgets.of(JSON.readTree(budgets)), null);

    Map<String, PodPlan> by = new java.util.HashMap<>();
    p.pods().forEach(x -> by.put(x.name(), x));
    assertThat(by.get("web-1").budgets()).containsExactly(new DisruptionBudgets.Budget("web-pdb", 0), new DisruptionBudgets.Budget("tiers", 2),
        new DisruptionBudgets.Budget("everything", 1));
    assertThat(by.get("canary-1").budgets()).containsExactly(new DisruptionBudgets.Budget("everything", 1));
    // A pod the drain leaves on the node is not evicted: no budget applies.
    assertThat(by.get("agent").budgets()).isEmpty();
    assertThat(p.budgetProblem()).isNull();
  }
}
