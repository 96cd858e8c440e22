package io.periscope.fixfirst;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.periscope.aws.AwsClients;
import io.periscope.aws.inspector.InspectorWire;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.testkit.FixedClientConnector;
import io.periscope.testkit.IamStub;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The CVE signal comes from the Inspector cache (Inspector's ListFindings / ListCoverage in the API
 * reference's shapes on WireMock): pending while the cluster's first read runs, then the worst
 * exploitable finding of the workload's images — and asking again reads nothing new from Inspector.
 */
class FixFirstInspectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IMAGE = InspectorWire.ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2";
  private final MockApiServer apiserver = new MockApiServer();
  private final IamStub iam = new IamStub();
  private WireMockServer inspector;
  private PeriscopeHarness harness;
  private TestBrowser alice;

  @BeforeEach
  void start() {
    inspector = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    inspector.start();
    inspector.stubFor(post(urlEqualTo("/coverage/list")).willReturn(json(InspectorWire.coverage(List.of(), null))));
    inspector.stubFor(post(urlEqualTo("/findings/list")).willReturn(json(InspectorWire.findings(List.of(
        InspectorWire.imageFinding("CVE-2024-1", "HIGH", InspectorWire.digest('1'), "shop/api", "DEBIAN_12", "stdlib", "GOBINARY", "1.21.1",
            "1.21.5", true),
        InspectorWire.imageFinding("CVE-2024-2", "CRITICAL", InspectorWire.digest('1'), "shop/api", "DEBIAN_12", "stdlib", "GOBINARY",
            "1.21.1", "1.22.2", true),
        InspectorWire.imageFinding("CVE-2024-3", "CRITICAL", InspectorWire.digest('1'), "shop/api", "DEBIAN_12", "openssl", "OS",
            "3.0.1", "3.0.9", false)), null))));
    var aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("inspector2", URI.create(inspector.baseUrl()), "iam", iam.endpoint()), Duration.ofSeconds(10), Clock.systemUTC());
    var spec = new ClusterSpec("prod", Backend.EKS, Optional.of(InspectorWire.REGION), Optional.empty(), Optional.empty(), "production",
        Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true));
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), List.of(spec),
        List.of(new FixedClientConnector(Backend.EKS, apiserver.client())), b -> b.aws(aws));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
    var k = apiserver.client();
    k.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("api-0").withNamespace("shop")
        .withLabels(Map.of("app", "api")).endMetadata().withNewSpec().addNewContainer().withName("api").withImage(IMAGE).endContainer().endSpec()
        .withNewStatus().addNewContainerStatus().withName("api").withImage(IMAGE)
        .withImageID(InspectorWire.ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com/shop/api@" + InspectorWire.digest('1')).endContainerStatus()
        .endStatus().build()).create();
    k.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("api").withNamespace("shop").endMetadata()
        .withNewSpec().withType("LoadBalancer").withSelector(Map.of("app", "api")).addNewPort().withPort(443).endPort().endSpec().build()).create();
  }

  @AfterEach
  void stop() {
    harness.close();
    apiserver.close();
    iam.close();
    inspector.stop();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }

  private JsonNode fixFirst() throws Exception {
    var r = alice.get("/api/clusters/prod/fix-first");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode cveSignal(JsonNode answer) {
    for (JsonNode s : answer.get("signals")) {
      if (s.get("signal").asText().equals("CVE")) {
        return s;
      }
    }
    throw new AssertionError("no CVE signal in " + answer);
  }

  @Test
  void theWorstExploitableFindingOfTheWorkloadsImagesFromTheCache() throws Exception {
    JsonNode first = fixFirst();
    JsonNode signal = cveSignal(first);
    if (!signal.get("available").asBoolean()) {
      assertThat(signal.get("pending").asBoolean()).as("the only reason it may be missing: the first read runs").isTrue();
    }
    JsonNode answer = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(this::fixFirst,
        a -> cveSignal(a).get("available").asBoolean());

    JsonNode row = answer.get("rows").get(0);
    assertThat(row.get("kind").asText() + " " + row.get("name").asText()).isEqualTo("pods api-0");
    assertThat(row.get("score").asDouble()).as("critical with an exploit 4 × public LoadBalancer 3 × may run as root 1.2").isEqualTo(14.4);
    assertThat(row.get("why").get(0).asText())
        .isEqualTo("critical CVE-2024-2 with a public exploit in api:1.4.2 image (stdlib 1.21.1), 1 more exploitable");
    assertThat(row.get("exploitableCves").asInt()).isEqualTo(2);
    assertThat(row.get("cves")).extracting(c -> c.get("vulnerabilityId").asText()).containsExactly("CVE-2024-2", "CVE-2024-1", "CVE-2024-3");

    int reads = inspector.findAll(postRequestedFor(urlEqualTo("/findings/list"))).size();
    fixFirst();
    assertThat(inspector.findAll(postRequestedFor(urlEqualTo("/findings/list")))).as("served from the cache").hasSize(reads);
  }
}
