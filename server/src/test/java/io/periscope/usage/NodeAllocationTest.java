package io.periscope.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
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

/**
 * A node's allocated resources ({@code GET /api/clusters/{c}/nodes/{name}/allocation}) as
 * {@code kubectl describe node} sums them: containers, sidecars, the largest init container,
 * overhead; finished pods and pods of other nodes left out.
 */
class NodeAllocationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private static NodeAllocation.Allocation sum(String podsJson) throws IOException {
    return NodeAllocation.sum("n1", new ByteArrayInputStream(podsJson.getBytes(StandardCharsets.UTF_8)), 3920L, 16L << 30);
  }

  @Test
  void requestsAndLimitsAreSummedAsTheSchedulerCountsThem() throws IOException {
    String pods = """
        {"kind":"PodList","items":[
          {"spec":{"nodeName":"n1","containers":[
              {"resources":{"requests":{"cpu":"250m","memory":"256Mi"},"limits":{"cpu":"1","memory":"512Mi"}}},
              {"resources":{"requests":{"cpu":"0.1","memory":"64Mi"}}}]},
           "status":{"phase":"Running"}},
          {"spec":{"nodeName":"n1",
              "initContainers":[
                {"restartPolicy":"Always","resources":{"requests":{"cpu":"50m","memory":"32Mi"}}},
                {"resources":{"requests":{"cpu":"2","memory":"1Gi"},"limits":{"memory":"1Gi"}}}],
              "containers":[{"resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"memory":"128Mi"}}}],
              "overhead":{"cpu":"10m","memory":"1Mi"}},
           "status":{"phase":"Pending"}},
          {"spec":{"nodeName":"n1","containers":[{"resources":{"requests":{"cpu":"4"}}}]},"status":{"phase":"Succeeded"}},
          {"spec":{"nodeName":"n1","containers":[{"resources":{"requests":{"cpu":"4"}}}]},"status":{"phase":"Failed"}},
          {"spec":{"nodeName":"n2","containers":[{"resources":{"requests":{"cpu":"4"}}}]},"status":{"phase":"Running"}},
          {"spec":{"nodeName":"n1","containers":[{"name":"best-effort"}]},"status":{"phase":"Running"}}
        ]}""";

    var a = sum(pods);

    assertThat(a.pods()).isEqualTo(3);
    // 250m + 100m; then max(100m + 50m sidecar, 2 cores one-shot init + 50m sidecar) + 10m overhead.
    // Limits: 1 core; the second pod sets no CPU limit, so its overhead adds none either.
    assertThat(a.cpu()).isEqualTo(new NodeAllocation.Amounts(350 + 2050 + 10, 1000, 3920L));
    long mi = 1L << 20;
    // 256Mi + 64Mi; then max(128Mi + 32Mi, 1Gi + 32Mi) + 1Mi. Limits: 512Mi; max(128Mi, 1Gi) + 1Mi.
    assertThat(a.memory()).isEqualTo(new NodeAllocation.Amounts(320 * mi + 1056 * mi + mi, 512 * mi + 1024 * mi + mi, 16L << 30));
  }

  @Test
  void quantitiesInEveryNotationAndNoneAtAll() {
    assertThat(NodeAllocation.amount("250m", 1000)).isEqualTo(250L);
    assertThat(NodeAllocation.amount("1.5", 1000)).isEqualTo(1500L);
    assertThat(NodeAllocation.amount("100000n", 1000)).isEqualTo(1L); // rounded up, as the scheduler does
    assertThat(NodeAllocation.amount("1Gi", 1)).isEqualTo(1L << 30);
    assertThat(NodeAllocation.amount("1G", 1)).isEqualTo(1_000_000_000L);
    assertThat(NodeAllocation.amount(null, 1)).isNull();
    assertThat(NodeAllocation.amount("lots", 1)).isNull();
  }

  @Test
  void theNodesPodsAreReadAsThePersonAndSummedAgainstItsAllocatable() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.client().nodes().resource(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().withNewStatus()
        .addToAllocatable("cpu", new Quantity("3920m")).addToAllocatable("memory", new Quantity("15Gi")).endStatus().build()).create();
    // The CRUD mock does not evaluate spec.nodeName: the apiserver's answer to the node's pods is scripted.
    harness.apiserver.expect().get().withPath("/api/v1/pods?fieldSelector=spec.nodeName%3Dn1").andReturn(200, new PodListBuilder().addToItems(
        new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata().withNewSpec().withNodeName("n1")
            .addNewContainer().withName("c").withNewResources().addToRequests("cpu", new Quantity("500m"))
            .addToRequests("memory", new Quantity("1Gi")).addToLimits("cpu", new Quantity("2")).endResources().endContainer().endSpec()
            .withNewStatus().withPhase("Running").endStatus().build()).build()).once();
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.get("/api/clusters/test/nodes/n1/allocation");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode a = JSON.readTree(r.body());
    assertThat(a.get("node").asText()).isEqualTo("n1");
    assertThat(a.get("pods").asInt()).isEqualTo(1);
    assertThat(a.get("cpu").toString()).isEqualTo("{\"requests\":500,\"limits\":2000,\"allocatable\":3920}");
    assertThat(a.get("memory").get("requests").asLong()).isEqualTo(1L << 30);
    assertThat(a.get("memory").get("limits").asLong()).isZero();
    assertThat(a.get("memory").get("allocatable").asLong()).isEqualTo(15L << 30);
    var asked = harness.apiserver.drainRequests().stream().filter(q -> q.getPath().startsWith("/api/v1/")).toList();
    assertThat(asked).extracting(q -> q.getPath()).containsExactly("/api/v1/nodes/n1", "/api/v1/pods?fieldSelector=spec.nodeName%3Dn1");
    assertThat(asked).allSatisfy(q -> {
      assertThat(q.getHeaders().headers("Impersonate-User")).containsExactly("alice");
      assertThat(q.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
    });

    HttpResponse<String> missing = alice.get("/api/clusters/test/nodes/n9/allocation");
    assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
    HttpResponse<String> badName = alice.get("/api/clusters/test/nodes/Not_A_Node/allocation");
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badName.body()).get("message").asText()).contains("node name");
  }
}
