package io.periscope.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeBuilder;
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

/** {@code GET /api/clusters/{cluster}/nodes/allocatable} against a mock apiserver, read as the person. */
class NodeAllocatableTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void eachNodesAllocatableCpuAndMemoryAsThePerson() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    var admin = harness.apiserver.client();
    admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("n1").addToLabels("role", "web").endMetadata()
        .withNewStatus().addToAllocatable("cpu", new Quantity("3920m")).addToAllocatable("memory", new Quantity("15Gi"))
        .addToAllocatable("pods", new Quantity("110")).addToCapacity("cpu", new Quantity("4"))
        .addNewImage().withNames("registry.example/app:1").withSizeBytes(1L).endImage().endStatus().build()).create();
    // A node whose kubelet has not reported yet.
    admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("n2").endMetadata().build()).create();
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.get("/api/clusters/test/nodes/allocatable");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode nodes = JSON.readTree(r.body()).get("nodes");
    assertThat(nodes.get("n1").get("cpu").asText()).isEqualTo("3920m");
    assertThat(nodes.get("n1").get("memory").asText()).isEqualTo("15Gi");
    assertThat(nodes.get("n2").get("cpu").isNull()).isTrue();
    assertThat(nodes.get("n2").get("memory").isNull()).isTrue();
    assertThat(nodes.size()).isEqualTo(2);
    var asked = harness.apiserver.drainRequests().stream().filter(q -> q.getPath().startsWith("/api/v1/nodes")).toList();
    assertThat(asked).singleElement().satisfies(q -> {
      assertThat(q.getPath()).isEqualTo("/api/v1/nodes?resourceVersion=0");
      assertThat(q.getHeaders().headers("Impersonate-User")).containsExactly("alice");
      assertThat(q.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
    });
  }

  @Test
  void refusalsAndUnknownClustersAreClearErrors() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.expect().get().withPath("/api/v1/nodes?resourceVersion=0").andReturn(403, Map.of("kind", "Status",
        "apiVersion", "v1", "status", "Failure", "reason", "Forbidden", "code", 403,
        "message", "nodes is forbidden: User \"alice\" cannot list resource \"nodes\" in API group \"\" at the cluster scope")).once();
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));

    HttpResponse<String> refused = alice.get("/api/clusters/test/nodes/allocatable");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    JsonNode body = JSON.readTree(refused.body());
    assertThat(body.get("message").asText()).contains("cannot list resource \"nodes\"");
    assertThat(body.has("requestId")).isTrue();

    HttpResponse<String> unknown = alice.get("/api/clusters/nope/nodes/allocatable");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).get("code").asText()).isEqualTo("cluster_not_found");
  }

  @Test
  void readsOnlyNamesAndQuantitiesAndRefusesWhatIsNotAList() throws IOException {
    String list = """
        {"kind":"NodeList","apiVersion":"v1","metadata":{"resourceVersion":"7"},"items":[
          {"metadata":{"name":"a","managedFields":[{"manager":"kubelet","fieldsV1":{"f:status":{}}}]},
           "spec":{"taints":[{"key":"k","effect":"NoSchedule"}]},
           "status":{"capacity":{"cpu":"8"},"allocatable":{"cpu":"7910m","memory":"31Gi","hugepages-2Mi":"0","weird":{"x":1}},
                     "images":[{"names":["x"],"sizeBytes":1}]}},
          {"status":{"allocatable":{"cpu":"1"}}}
        ]}""";

    var read = NodeAllocatable.read(new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)));

    // A node without a name is no node to join usage to.
    assertThat(read).containsExactly(Map.entry("a", new NodeAllocatable.Allocatable("7910m", "31Gi")));
    assertThatThrownBy(() -> NodeAllocatable.read(new ByteArrayInputStream("[1,2]".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(IOException.class).hasMessageContaining("JSON object");
  }
}
