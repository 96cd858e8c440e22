package io.periscope.portforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Verb;
import io.periscope.json.Json;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestBrowser;
import io.periscope.testkit.TestEpoch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A forward nobody uses closes after the idle time-out (here 1 s, on the server's clock), with its one audit row
 * saying so; one in use stays open.
 */
@Tag(TestEpoch.TAG)
class PortForwardIdleTest {
  private static final MutableClock CLOCK = TestEpoch.clock();
  private static PeriscopeHarness harness;

  @BeforeAll
  static void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), List.of(), List.of(),
        b -> b.portForwardSettings(new PortForwardSettings(5, Duration.ofSeconds(1), Duration.ofSeconds(10))), CLOCK);
    var admin = harness.apiserver.client();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
    admin.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("web").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().build()).create();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void anIdleForwardClosesAndIsAuditedOnce() throws Exception {
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    String url = Json.mapper().readTree(alice.mutate("POST", "/api/clusters/" + PeriscopeHarness.CLUSTER + "/pods/shop/web/port-forwards",
        "{\"port\": 8080}").body()).get("url").asText();

    // The sweep runs every 250 ms; until the clock moves, the forward is not idle.
    assertThat(Json.mapper().readTree(alice.get("/api/port-forwards").body()).get("forwards")).hasSize(1);
    CLOCK.advance(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(15)).until(() -> harness.audit.events().stream()
        .anyMatch(e -> e.verb() == Verb.PORT_FORWARD && "ended".equals(e.extra().get("phase"))));

    List<AuditEvent> rows = harness.audit.events().stream().filter(e -> e.verb() == Verb.PORT_FORWARD && "ended".equals(e.extra().get("phase"))).toList();
    assertThat(rows).hasSize(1);
    assertThat(rows.getFirst().reason()).isEqualTo("closed after 1s without a request");
    assertThat(rows.getFirst().extra()).containsEntry("requests", 0L);
    assertThat(alice.get(url).statusCode()).isEqualTo(404);
    assertThat(Json.mapper().readTree(alice.get("/api/port-forwards").body()).get("forwards")).isEmpty();
  }
}
