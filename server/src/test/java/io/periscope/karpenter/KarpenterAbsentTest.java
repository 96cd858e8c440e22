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

  /** A cluster with Karpenter where {@code user} may not list {@code plural}; what {@code GET .../karpenter} answers them. */
  private java.net.http.HttpResponse<String> overviewWithout(String plural, String user) {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.serveDiscovery();
    KarpenterApiTest.seedKarpenter(harness.apiserver.client());
    harness.apiserver.answer("GET", "/apis/karpenter.sh/v1/" + plural, q -> KarpenterApiTest.forbidden(plural + ".karpenter.sh is forbidden: User \\\"" + user
        + "\\\" cannot list resource \\\"" + plural + "\\\" in API group \\\"karpenter.sh\\\" at the cluster scope"));
    TestBrowser browser = harness.browser();
    browser.login(user, List.of("devs"));
    return browser.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/karpenter");
  }

  @Test
  void aPersonWhoMayNotListNodeClaimsStillSeesThePoolsWithAProblemLine() throws Exception {
    var r = overviewWithout("nodeclaims", "dave");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode o = JSON.readTree(r.body());
    assertThat(o.path("nodePools")).extracting(p -> p.path("name").asText()).containsExactly("on-demand-critical", "spot-general");
    assertThat(o.path("nodePools").get(0).path("nodeClaims")).isEmpty();
    assertThat(o.path("nodePools").get(0).path("cost").path("hourly").isNull()).isTrue();
    assertThat(o.path("problems")).singleElement().extracting(JsonNode::asText).asString().startsWith("NodeClaims: ").contains("cannot list resource \"nodeclaims\"");
  }

  @Test
  void aPersonWhoMayNotListNodePoolsGetsTheApiserversRefusal() throws Exception {
    var r = overviewWithout("nodepools", "carol");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(JSON.readTree(r.body()).path("message").asText()).contains("cannot list resource \"nodepools\"");
  }
}
