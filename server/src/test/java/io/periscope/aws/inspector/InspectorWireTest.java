package io.periscope.aws.inspector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.periscope.aws.inspector.InspectorWire.coverage;
import static io.periscope.aws.inspector.InspectorWire.coveredImage;
import static io.periscope.aws.inspector.InspectorWire.coveredInstance;
import static io.periscope.aws.inspector.InspectorWire.digest;
import static io.periscope.aws.inspector.InspectorWire.findings;
import static io.periscope.aws.inspector.InspectorWire.imageFinding;
import static io.periscope.aws.inspector.InspectorWire.instanceFinding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.testkit.FixedClientConnector;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Inspector end to end on the wire: pods and nodes from a mock apiserver (read with the server's
 * identity), Inspector v2 ListFindings / ListCoverage answered by WireMock with the API
 * reference's shapes, the chips and Security tab read through the HTTP API by a person.
 */
class InspectorWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SSAR = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
  private static final String ECR = InspectorWire.ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com/";
  private static final String API = digest('a');
  private static final String INDEX = digest('b');
  private static final String PLATFORM = digest('c');
  private static final String UNSCANNED = digest('d');
  private final MockApiServer apiserver = new MockApiServer();
  private WireMockServer inspector;
  private PeriscopeHarness harness;
  private TestBrowser alice;
  private volatile boolean mayList = true;

  @BeforeEach
  void start() {
    inspector = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    inspector.start();
    var prod = new ClusterSpec("prod", Backend.EKS, Optional.of("eu-west-1"), Optional.of("arn:aws:eks:eu-west-1:123456789012:cluster/prod"),
        Optional.of("prod"), "production", Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true));
    var lab = new ClusterSpec("lab", Backend.EKS, Optional.of("eu-west-1"), Optional.of("arn:aws:eks:eu-west-1:123456789012:cluster/lab"),
        Optional.of("lab"), "lab", Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    var aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("inspector2", URI.create(inspector.baseUrl()), "ec2", URI.create(inspector.baseUrl())), Duration.ofSeconds(20), Clock.systemUTC());
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), List.of(prod, lab),
        List.of(new FixedClientConnector(Backend.EKS, apiserver.client())), b -> b.aws(aws));
    apiserver.expect().post().withPath(SSAR).andReply(201, request -> {
      SelfSubjectAccessReview review = Serialization.unmarshal(request.getUtf8Body(), SelfSubjectAccessReview.class);
      review.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(mayList).withReason(mayList ? "" : "RBAC: no rule").build());
      return review;
    }).always();
    alice = harness.browser();
    alice.login("alice", List.of("devs"));

    var k = apiserver.client();
    k.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("api").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "api").endSelector().withNewTemplate().withNewMetadata()
        .addToLabels("app", "api").endMetadata().withNewSpec().addNewContainer().withName("api").withImage(ECR + "shop/api:1.4.2")
        .endContainer().endSpec().endTemplate().endSpec().build()).create();
    k.pods().inNamespace("shop").resource(pod("api-7d4b9c-x1", "api-7d4b9c", "7d4b9c", ECR + "shop/api:1.4.2", API)).create();
    k.pods().inNamespace("shop").resource(pod("api-7d4b9c-x2", "api-7d4b9c", "7d4b9c", ECR + "shop/api:1.4.2", API)).create();
    // Pulled by tag from a multi-arch image: the kubelet reports the index's digest, Inspector scanned the platform image.
    k.pods().inNamespace("shop").resource(pod("web-0", null, null, ECR + "shop/web:2.0", INDEX)).create();
    k.pods().inNamespace("shop").resource(pod("batch-0", null, null, "docker.io/library/busybox:1.36", UNSCANNED)).create();
    k.nodes().resource(new NodeBuilder().withNewMetadata().withName("ip-10-0-1-10.eu-west-1.compute.internal")
        .addToLabels("eks.amazonaws.com/nodegroup", "general").endMetadata()
        .withNewSpec().withProviderID("aws:///eu-west-1a/i-0123456789abcdef0").endSpec().build()).create();
    k.nodes().resource(new NodeBuilder().withNewMetadata().withName("kind-worker").endMetadata().withNewSpec().endSpec().build()).create();
  }

  @AfterEach
  void stop() {
    harness.close();
    apiserver.close();
    inspector.stop();
  }

  private static Pod pod(String name, String replicaSet, String hash, String image, String digest) {
    var b = new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata();
    if (replicaSet != null) {
      b.editMetadata().addToLabels("pod-template-hash", hash).addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet")
          .withName(replicaSet).withUid("rs-uid").withController(true).endOwnerReference().endMetadata();
    }
    return b.withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec()
        .withNewStatus().addNewContainerStatus().withName("app").withImage(image)
        .withImageID(image.substring(0, image.lastIndexOf(':')) + "@" + digest).withReady(true).endContainerStatus().endStatus().build();
  }

  /** The usual account: api has findings over two pages, web is a multi-arch index, the node has one. */
  private void usualAccount() {
    List<String> page1 = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      page1.add(imageFinding("CVE-2023-" + (45000 + i), i < 2 ? "CRITICAL" : i < 7 ? "HIGH" : "MEDIUM", API, "shop/api", "", "stdlib",
          "GOBINARY", "1.16.1", i % 2 == 0 ? "1.26.3" : "1.25.9, 1.26.2", i == 0));
    }
    List<String> page2 = List.of(
        imageFinding("CVE-2024-0001", "MEDIUM", API, "shop/api", "", "stdlib", "GOBINARY", "1.16.1", "1.9.1", false),
        imageFinding("CVE-2024-0002", "HIGH", API, "shop/api", "DEBIAN_12", "openssl", "OS", "3.0.11-1~deb12u2", "3.0.13-1~deb12u1", false),
        imageFinding("CVE-2024-0003", "LOW", PLATFORM, "shop/web", "ALPINE_3_19", "busybox", "OS", "1.36.1-r5", "1.36.1-r15", false));
    inspector.stubFor(post(urlEqualTo("/findings/list")).withRequestBody(containing("ecrImageHash"))
        .withRequestBody(containing("\"nextToken\":\"page-2\"")).atPriority(1)
        .willReturn(json(200, findings(page2, null))));
    inspector.stubFor(post(urlEqualTo("/findings/list")).withRequestBody(containing("ecrImageHash")).atPriority(2)
        .willReturn(json(200, findings(page1, "page-2"))));
    inspector.stubFor(post(urlEqualTo("/findings/list")).withRequestBody(containing("AWS_EC2_INSTANCE")).atPriority(2)
        .willReturn(json(200, findings(List.of(instanceFinding("ALAS2023-2024-500", "HIGH", "i-0123456789abcdef0", "kernel",
            "6.1.72-96.166.amzn2023", "6.1.77-99.164.amzn2023")), null))));
    inspector.stubFor(post(urlEqualTo("/coverage/list")).withRequestBody(containing("AWS_ECR_CONTAINER_IMAGE"))
        .willReturn(json(200, coverage(List.of(
            coveredImage("shop/api", API, "ACTIVE", "SUCCESSFUL", List.of("1.4.2")),
            coveredImage("shop/web", PLATFORM, "ACTIVE", "SUCCESSFUL", List.of("2.0", "latest"))), null))));
    inspector.stubFor(post(urlEqualTo("/coverage/list")).withRequestBody(containing("AWS_EC2_INSTANCE"))
        .willReturn(json(200, coverage(List.of(coveredInstance("i-0123456789abcdef0", "ACTIVE", "SUCCESSFUL")), null))));
    inspector.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeInstances"))
        .withRequestBody(containing("Filter.1.Value.1=i-0123456789abcdef0"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml;charset=UTF-8")
            .withBody(InspectorWire.describeInstances("i-0123456789abcdef0", Map.of("eks:nodegroup-name", "general")))));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = alice.get(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Lists until the background hydrate is done (the first read starts it). */
  private JsonNode ready(String chipsPath) {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> get(chipsPath),
        n -> !n.get("status").asText().equals("PENDING"));
  }

  @Test
  void chipsForPodsWorkloadsAndNodesWithNotScannedApartFromZero() throws Exception {
    usualAccount();
    JsonNode pods = ready("/api/clusters/prod/inspector/chips?kind=pods");

    assertThat(pods.get("status").asText()).isEqualTo("READY");
    JsonNode api = pods.get("items").get("shop/api-7d4b9c-x1");
    assertThat(api.get("state").asText()).isEqualTo("SCANNED");
    // 100 stdlib CVEs on page one (2 critical, 5 high) and three more on page two.
    assertThat(api.get("counts").get("critical").asInt()).isEqualTo(2);
    assertThat(api.get("counts").get("high").asInt()).isEqualTo(6);
    assertThat(api.get("counts").get("medium").asInt()).isEqualTo(94);
    assertThat(pods.get("items").get("shop/web-0").get("state").asText()).isEqualTo("SCANNED");
    assertThat(pods.get("items").get("shop/web-0").get("counts").get("low").asInt()).isEqualTo(1);
    assertThat(pods.get("items").get("shop/batch-0").get("state").asText()).isEqualTo("NOT_SCANNED");

    JsonNode deployments = get("/api/clusters/prod/inspector/chips?kind=deployments&namespace=shop");
    assertThat(deployments.get("items").fieldNames()).toIterable().containsExactly("shop/api");
    assertThat(deployments.get("items").get("shop/api").get("counts").get("critical").asInt()).isEqualTo(2);

    JsonNode nodes = get("/api/clusters/prod/inspector/chips?kind=nodes");
    assertThat(nodes.get("items").get("ip-10-0-1-10.eu-west-1.compute.internal").get("counts").get("high").asInt()).isEqualTo(1);
    assertThat(nodes.get("items").has("kind-worker")).as("a node without providerID has no chip").isFalse();

    // Pagination: the second page was asked for with the first page's token.
    inspector.verify(postRequestedFor(urlEqualTo("/findings/list")).withRequestBody(containing("\"nextToken\":\"page-2\"")));
    // Reads are not audited.
    assertThat(harness.audit.events()).noneMatch(e -> e.verb() == Verb.INSPECTOR_REFRESH);
  }

  @Test
  void theHydrateReadsOnTheServersIdentityAndTheTabAsThePerson() throws Exception {
    usualAccount();
    apiserver.drainRequests(); // the fixture's own writes
    ready("/api/clusters/prod/inspector/chips?kind=pods");
    get("/api/clusters/prod/pods/shop/web-0/security");

    var requests = apiserver.drainRequests();
    var hydrate = requests.stream().filter(r -> r.getPath().startsWith("/api/v1/nodes") || r.getPath().startsWith("/api/v1/pods")).toList();
    assertThat(hydrate).as("the node list and the pod watch").isNotEmpty()
        .allSatisfy(r -> assertThat(r.getHeader("Impersonate-User")).as(r.getPath()).isNull());
    var tab = requests.stream().filter(r -> r.getPath().startsWith("/api/v1/namespaces/shop/pods/web-0")).toList();
    assertThat(tab).isNotEmpty().allSatisfy(r -> assertThat(r.getHeader("Impersonate-User")).isEqualTo("alice"));
  }

  @Test
  void securityTabGroupsByPackageWithTheClosingUpgradeAndFilters() throws Exception {
    usualAccount();
    ready("/api/clusters/prod/inspector/chips?kind=pods");

    JsonNode view = get("/api/clusters/prod/deployments/shop/api/security");
    assertThat(view.get("status").asText()).isEqualTo("READY");
    assertThat(view.get("resources")).hasSize(1);
    JsonNode stdlib = view.get("groups").get(0);
    assertThat(stdlib.get("ecosystem").asText() + "/" + stdlib.get("packageName").asText()).isEqualTo("go/stdlib");
    assertThat(stdlib.get("upgrade").get("from").asText()).isEqualTo("1.16.1");
    assertThat(stdlib.get("upgrade").get("to").asText()).isEqualTo("1.26.3");
    assertThat(stdlib.get("upgrade").get("closes").asInt()).isEqualTo(101);
    assertThat(stdlib.get("findings").get(0).get("advisoryUrl").asText()).startsWith("https://nvd.nist.gov/vuln/detail/CVE-");
    assertThat(view.get("groups").get(1).get("packageName").asText()).isEqualTo("openssl");

    JsonNode exploited = get("/api/clusters/prod/pods/shop/api-7d4b9c-x1/security?exploit=true");
    assertThat(exploited.get("shown").asInt()).isEqualTo(1);
    assertThat(exploited.get("groups")).hasSize(1);
    JsonNode critical = get("/api/clusters/prod/pods/shop/api-7d4b9c-x1/security?severity=critical,high");
    assertThat(critical.get("shown").asInt()).isEqualTo(8);

    JsonNode web = get("/api/clusters/prod/pods/shop/web-0/security");
    assertThat(web.get("resources").get(0).get("platformDigests")).extracting(JsonNode::asText).containsExactly(PLATFORM);
    assertThat(web.get("groups").get(0).get("upgrade").get("to").asText()).isEqualTo("1.36.1-r15");

    JsonNode batch = get("/api/clusters/prod/pods/shop/batch-0/security");
    assertThat(batch.get("resources").get(0).get("state").asText()).isEqualTo("NOT_SCANNED");
    assertThat(batch.get("resources").get(0).get("reason").asText()).contains("ECR");

    JsonNode node = get("/api/clusters/prod/nodes/ip-10-0-1-10.eu-west-1.compute.internal/security");
    assertThat(node.get("resources").get(0).get("owner").asText()).isEqualTo("MANAGED_NODEGROUP");
    assertThat(node.get("resources").get(0).get("ownerName").asText()).isEqualTo("general");
    assertThat(node.get("groups").get(0).get("upgrade").get("to").asText()).isEqualTo("6.1.77-99.164.amzn2023");
    JsonNode kind = get("/api/clusters/prod/nodes/kind-worker/security");
    assertThat(kind.get("resources")).isEmpty();
    assertThat(kind.get("message").asText()).contains("providerID");

    HttpResponse<String> bad = alice.get("/api/clusters/prod/pods/shop/web-0/security?severity=urgent");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("urgent");
  }

  @Test
  void refreshIsAuditedAndReadsInspectorAgain() throws Exception {
    usualAccount();
    ready("/api/clusters/prod/inspector/chips?kind=pods");
    int before = inspector.findAll(postRequestedFor(urlEqualTo("/findings/list"))).size();

    HttpResponse<String> r = alice.mutate("POST", "/api/clusters/prod/pods/shop/api-7d4b9c-x1/security/refresh", "");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(inspector.findAll(postRequestedFor(urlEqualTo("/findings/list"))).size()).isGreaterThan(before);
    AuditEvent row = harness.audit.events().stream().filter(e -> e.verb() == Verb.INSPECTOR_REFRESH).findFirst().orElseThrow();
    assertThat(row.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(row.target().name()).isEqualTo("api-7d4b9c-x1");
    assertThat(alice.send("POST", "/api/clusters/prod/pods/shop/api-7d4b9c-x1/security/refresh", "", Map.of()).statusCode())
        .as("no CSRF token").isEqualTo(403);
  }

  @Test
  void throttlingIsRetriedWithBackoff() throws Exception {
    usualAccount();
    inspector.stubFor(post(urlEqualTo("/coverage/list")).withRequestBody(containing("AWS_ECR_CONTAINER_IMAGE")).atPriority(0)
        .inScenario("throttle").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("calm")
        .willReturn(json(429, InspectorWire.error("ThrottlingException", "Rate exceeded"))));

    JsonNode pods = ready("/api/clusters/prod/inspector/chips?kind=pods");

    assertThat(pods.get("status").asText()).isEqualTo("READY");
    assertThat(inspector.findAll(postRequestedFor(urlEqualTo("/coverage/list")).withRequestBody(containing("AWS_ECR_CONTAINER_IMAGE"))))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void accessDeniedLocksTheFeatureNamingTheAction() throws Exception {
    inspector.stubFor(post(urlEqualTo("/coverage/list")).willReturn(json(200, coverage(List.of(), null))));
    inspector.stubFor(post(urlEqualTo("/findings/list")).willReturn(json(403, InspectorWire.error("AccessDeniedException",
        "User: arn:aws:sts::123456789012:assumed-role/periscope/s is not authorized to perform: inspector2:ListFindings"))));

    JsonNode pods = ready("/api/clusters/prod/inspector/chips?kind=pods");

    assertThat(pods.get("status").asText()).isEqualTo("LOCKED");
    assertThat(pods.get("message").asText()).contains("inspector2:ListFindings");
    JsonNode view = get("/api/clusters/prod/pods/shop/api-7d4b9c-x1/security");
    assertThat(view.get("status").asText()).isEqualTo("LOCKED");
  }

  @Test
  void offForAClusterThatDoesNotTurnItOnAndChipsNeedListRights() throws Exception {
    JsonNode lab = get("/api/clusters/lab/inspector/chips?kind=pods");
    assertThat(lab.get("status").asText()).isEqualTo("DISABLED");
    assertThat(lab.get("items")).isEmpty();
    assertThat(inspector.getAllServeEvents()).isEmpty();

    mayList = false;
    HttpResponse<String> denied = alice.get("/api/clusters/prod/inspector/chips?kind=pods&namespace=shop");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(alice.get("/api/clusters/prod/inspector/chips?kind=configmaps").statusCode()).isEqualTo(400);
  }
}
