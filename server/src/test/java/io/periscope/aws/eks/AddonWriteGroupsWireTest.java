package io.periscope.aws.eks;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.testkit.TestBrowser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outside tier mode, add-on writes belong to the IdP groups in {@code aws.addons.writeGroups}, as configured. */
class AddonWriteGroupsWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DELETE = "/api/clusters/prod/eks/addons/coredns/delete";
  private EksWire wire;

  @BeforeEach
  void start() {
    wire = new EksWire(Map.of("auth.authorization.mode", "raw", "aws.addons.writeGroups", "platform-oncall"), b -> { });
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons")), "{\"addons\":[],\"nextToken\":null}");
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons/coredns")), EksWire.COREDNS_ACTIVE);
    wire.json(delete(urlPathEqualTo("/clusters/prod-eks/addons/coredns")), EksWire.COREDNS_ACTIVE.replace("\"ACTIVE\"", "\"DELETING\""));
  }

  @AfterEach
  void stop() {
    wire.close();
  }

  private List<AuditEvent> writes() {
    return wire.harness.audit.events().stream().filter(e -> e.verb() == Verb.ADDON_WRITE && "submitted".equals(e.extra().get("phase"))).toList();
  }

  @Test
  void aMemberOfAConfiguredGroupMayWriteAndSomeoneElseIsDeniedBeforeAnyAwsCall() throws Exception {
    TestBrowser dev = wire.harness.browser();
    dev.login("dana", List.of("devs"));
    TestBrowser oncall = wire.harness.browser();
    oncall.login("omar", List.of("devs", "platform-oncall"));

    var refused = dev.mutate("POST", DELETE, "{\"preserve\":true}");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(JSON.readTree(refused.body()).get("message").asText()).contains("aws.addons.writeGroups").contains("[devs]");
    assertThat(wire.aws.getAllServeEvents()).as("no AWS call").isEmpty();
    assertThat(JSON.readTree(dev.get("/api/clusters/prod/eks/addons").body()).get("canWrite").asBoolean()).isFalse();

    var done = oncall.mutate("POST", DELETE, "{\"preserve\":true}");

    assertThat(done.statusCode()).as(done.body()).isEqualTo(202);
    wire.aws.verify(1, deleteRequestedFor(urlPathEqualTo("/clusters/prod-eks/addons/coredns")));
    assertThat(writes()).extracting(e -> e.actor().sub() + " " + e.outcome()).containsExactly("dana " + Outcome.DENIED, "omar " + Outcome.SUCCESS);
  }
}
