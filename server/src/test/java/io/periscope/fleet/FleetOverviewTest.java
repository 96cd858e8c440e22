package io.periscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/fleet} with one healthy-ish mock cluster, one dead (closed port) and one silent
 * (accepts connections, never answers): the answer comes within the per-cluster time-out.
 */
class FleetOverviewTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private PeriscopeHarness harness;
  private ServerSocket silent;
  private KubernetesClient dead;
  private KubernetesClient slow;

  @AfterEach
  void stop() throws Exception {
    harness.close();
    dead.close();
    slow.close();
    silent.close();
  }

  @Test
  void everyClusterWithinItsTimeout() throws Exception {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    dead = MockApiServer.unreachableClient();
    slow = MockApiServer.unreachableClient(silent.getLocalPort());
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw", "clusters.requestTimeout", "2s"),
        Map.of("dead", dead, "slow", slow));
    var admin = harness.apiserver.client();
    admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().withNewStatus()
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
    admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("n2").endMetadata().withNewStatus()
        .addNewCondition().withType("Ready").withStatus("Unknown").endCondition().endStatus().build()).create();
    admin.pods().inNamespace("a").resource(new PodBuilder().withNewMetadata().withName("ok").endMetadata()
        .withNewStatus().withPhase("Running").endStatus().build()).create();
    admin.pods().inNamespace("a").resource(new PodBuilder().withNewMetadata().withName("crashing").endMetadata()
        .withNewStatus().withPhase("Running").addNewContainerStatus().withName("c").withNewState().withNewWaiting()
        .withReason("CrashLoopBackOff").endWaiting().endState().endContainerStatus().endStatus().build()).create();
    admin.pods().inNamespace("b").resource(new PodBuilder().withNewMetadata().withName("failed").endMetadata()
        .withNewStatus().withPhase("Failed").endStatus().build()).create();
    admin.pods().inNamespace("b").resource(new PodBuilder().withNewMetadata().withName("unplaced").endMetadata()
        .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
        .endCondition().endStatus().build()).create();
    admin.pods().inNamespace("b").resource(new PodBuilder().withNewMetadata().withName("starting").endMetadata()
        .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("True").endCondition().endStatus().build())
        .create();
    // The mock evaluates field selectors only on metadata fields: script the apiserver's answer to
    // type=Warning, with a Normal event in it that Periscope must not count either.
    harness.apiserver.expect().get().withPath("/api/v1/events?fieldSelector=type%3DWarning&resourceVersion=0").andReturn(200,
        new io.fabric8.kubernetes.api.model.EventListBuilder().addToItems(
            new EventBuilder().withNewMetadata().withName("w").withNamespace("a").endMetadata().withType("Warning").withReason("BackOff").build(),
            new EventBuilder().withNewMetadata().withName("n").withNamespace("a").endMetadata().withType("Normal").withReason("Pulled").build())
            .build()).times(2);
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    harness.apiserver.drainRequests();

    long start = System.nanoTime();
    HttpResponse<String> r = alice.get("/api/fleet");
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(millis).isLessThan(5_000);
    JsonNode clusters = JSON.readTree(r.body()).get("clusters");
    assertThat(clusters).extracting(c -> c.get("name").asText()).containsExactly("dead", "slow", "test");
    JsonNode test = clusters.get(2);
    assertThat(test.get("reachable").asBoolean()).isTrue();
    assertThat(test.get("version").isNull()).isFalse();
    assertThat(test.get("nodes").asInt()).isEqualTo(2);
    assertThat(test.get("notReadyNodes").asInt()).isEqualTo(1);
    assertThat(test.get("pods").asInt()).isEqualTo(5);
    assertThat(test.get("failingPods").asInt()).as("crashing, failed and unschedulable; not one still starting").isEqualTo(3);
    assertThat(test.get("warnings").asInt()).isEqualTo(1);
    assertThat(clusters.get(0).get("reachable").asBoolean()).isFalse();
    assertThat(clusters.get(0).get("error").asText()).contains("'dead'").contains("connection refused");
    assertThat(clusters.get(1).get("reachable").asBoolean()).isFalse();
    assertThat(clusters.get(1).get("error").asText()).containsAnyOf("did not answer", "no answer");
    List<io.fabric8.mockwebserver.http.RecordedRequest> asked = harness.apiserver.drainRequests().stream()
        .filter(q -> !q.getPath().startsWith("/version") || q.getHeader("Impersonate-User") != null).toList();
    assertThat(asked).isNotEmpty().allSatisfy(q -> assertThat(q.getHeaders().headers("Impersonate-User")).containsExactly("alice"));
    // The counts may come from the apiserver's watch cache.
    assertThat(asked).extracting(q -> q.getPath()).contains("/api/v1/pods?resourceVersion=0", "/api/v1/nodes?resourceVersion=0");

    // One cluster alone, as its overview page asks for it: the same line as in the fleet.
    HttpResponse<String> one = alice.get("/api/clusters/test/health");
    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    JsonNode alone = JSON.readTree(one.body());
    for (String field : List.of("name", "reachable", "nodes", "notReadyNodes", "pods", "failingPods", "warnings")) {
      assertThat(alone.get(field)).as(field).isEqualTo(test.get(field));
    }
    HttpResponse<String> deadOne = alice.get("/api/clusters/dead/health");
    assertThat(JSON.readTree(deadOne.body()).get("error").asText()).contains("connection refused");
    HttpResponse<String> unknown = alice.get("/api/clusters/nope/health");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).get("code").asText()).isEqualTo("cluster_not_found");
  }
}
