package io.periscope.karpenter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A cluster that does not serve {@code karpenter.sh/v1}: an empty answer, no error, and nothing asked of it beyond discovery. */
class KarpenterAbsentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void noKarpenterMeansNotServedAndNoKarpenterCalls() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.serveDiscovery();
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    harness.apiserver.drainRequests();

    var r = alice.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/karpenter");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode o = JSON.readTree(r.body());
    assertThat(o.path("served").asBoolean()).isFalse();
    assertThat(o.path("nodePools")).isEmpty();
    assertThat(o.path("pendingPods")).isEmpty();
    assertThat(o.path("problems")).isEmpty();
    assertThat(harness.apiserver.drainRequests()).noneSatisfy(q -> assertThat(q.getPath())
        .satisfiesAnyOf(p -> assertThat(p).startsWith("/apis/karpenter.sh"), p -> assertThat(p).contains("/proxy/")));
  }

  @Test
  void aPersonWhoMayNotListNodeClaimsStillSeesThePoolsWithAProblemLine() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.serveDiscovery();
    KarpenterApiTest.seedKarpenter(harness.apiserver.client());
    harness.apiserver.answer("GET", "/apis/karpenter.sh/v1/nodeclaims", q -> KarpenterApiTest.forbidden(
        "nodeclaims.karpenter.sh is forbidden: User \\\"dave\\\" cannot list resource \\\"nodeclaims\\\" in API group \\\"karpenter.sh\\\" at the cluster scope"));
    TestBrowser dave = harness.browser();
    dave.login("dave", List.of("devs"));

    var r = dave.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/karpenter");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode o = JSON.readTree(r.body());
    assertThat(o.path("nodePools")).extracting(p -> p.path("name").asText()).containsExactly("on-demand-critical", "spot-general");
    assertThat(o.path("nodePools").get(0).path("nodeClaims")).isEmpty();
    assertThat(o.path("nodePools").get(0).path("cost").path("hourly").isNull()).isTrue();
    assertThat(o.path("problems")).singleElement().extracting(JsonNode::asText).asString().startsWith("NodeClaims: ").contains("cannot list resource \"nodeclaims\"");
  }

  @Test
  void aPersonWhoMayNotListNodePoolsGetsTheApiserversRefusal() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.serveDiscovery();
    KarpenterApiTest.seedKarpenter(harness.apiserver.client());
    harness.apiserver.answer("GET", "/apis/karpenter.sh/v1/nodepools", q -> KarpenterApiTest.forbidden(
        "nodepools.karpenter.sh is forbidden: User \\\"carol\\\" cannot list resource \\\"nodepools\\\" in API group \\\"karpenter.sh\\\" at the cluster scope"));
    TestBrowser carol = harness.browser();
    carol.login("carol", List.of("devs"));

    var r = carol.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/karpenter");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(JSON.readTree(r.body()).path("message").asText()).contains("cannot list resource \"nodepools\"");
  }
}
