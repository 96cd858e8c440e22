package io.periscope.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A namespace or name in a route's path that is no Kubernetes name is a 400 before any apiserver
 * call, on every route that builds an apiserver path from them: otherwise a decoded {@code real?x=y}
 * reads {@code real} while the audit row names {@code real?x=y}, and {@code a/../b} walks the path.
 */
class ObjectNamesInPathsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String C = "/api/clusters/" + PeriscopeHarness.CLUSTER;
  /** Percent-encoded in the request; each decodes to something that is not a Kubernetes name. */
  private static final List<String> ODD = List.of("real%3Fx%3Dy", "real%23frag", "real%2F..%2F..%2Fnodes%2Fn1", "real%20x", "Real", "..");
  private static final List<String> ROUTES = List.of(
      C + "/pods/ns/{name}/containers",
      C + "/pods/ns/{name}/logs",
      C + "/pods/{name}/real/logs",
      C + "/resources/apps/v1/deployments/ns/{name}/logs",
      C + "/resources/core/v1/pods/ns/{name}",
      C + "/deployments/ns/{name}/aws-identity",
      C + "/helm/releases/ns/{name}",
      C + "/helm/releases/ns/{name}/history",
      C + "/nodes/{name}/drain-plan",
      C + "/nodes/{name}/allocation");

  @Test
  void oddNamesAreRefusedBeforeAnyApiserverCall() throws Exception {
    try (var h = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"))) {
      h.apiserver.serveDiscovery();
      h.apiserver.client().pods().inNamespace("ns").resource(new PodBuilder().withNewMetadata().withName("real").withNamespace("ns").endMetadata()
          .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build()).create();
      TestBrowser alice = h.browser();
      alice.login("alice", List.of("devs"));
      // The real pod is readable: the refusals below are about the names, not the object.
      assertThat(alice.get(C + "/pods/ns/real/containers").statusCode()).isEqualTo(200);
      h.apiserver.drainRequests();
      int auditRows = h.audit.events().size();

      for (String route : ROUTES) {
        for (String odd : ODD) {
          String path = route.replace("{name}", odd);
          HttpResponse<String> r = alice.get(path);
          assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(400);
          assertThat(JSON.readTree(r.body()).get("code").asText()).as(path).isEqualTo("bad_request");
        }
      }

      assertThat(h.apiserver.drainRequests()).as("apiserver requests").isEmpty();
      assertThat(h.audit.events()).as("audit rows").hasSize(auditRows);
    }
  }

  /** A write checks its names the same way, before the route's own checks (the port-forward route has none of its own). */
  @Test
  void aWriteWithAnOddNameIsRefusedBeforeAnyApiserverCall() throws Exception {
    try (var h = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"))) {
      TestBrowser alice = h.browser();
      alice.login("alice", List.of("devs"));
      h.apiserver.drainRequests();
      for (String path : List.of(C + "/pods/ns/real%3Fx%3Dy/port-forwards", C + "/pods/real%2F..%2Fx/web/port-forwards")) {
        HttpResponse<String> r = alice.mutate("POST", path, "{\"port\":8080}");
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("message").asText()).as(path).contains("expected a DNS-1123 name");
      }
      assertThat(h.apiserver.drainRequests()).as("apiserver requests").isEmpty();
    }
  }

  @Test
  void anEksAddOnNameIsNoKubernetesNameAndIsLeftToItsRoute() throws Exception {
    try (var h = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"))) {
      TestBrowser alice = h.browser();
      alice.login("alice", List.of("devs"));
      // Marketplace add-ons have underscores ("dynatrace_dynatrace-operator"): not a 400 for its name.
      HttpResponse<String> r = alice.get(C + "/eks/addons/dynatrace_dynatrace-operator");
      assertThat(JSON.readTree(r.body()).path("message").asText()).doesNotContain("DNS-1123");
    }
  }
}
