package io.periscope.aws.iam;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.periscope.testkit.AwsWorkloads.pod;
import static io.periscope.testkit.AwsWorkloads.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.ClusterSpec;
import io.periscope.testkit.IamStub;
import io.periscope.testkit.FixedClientConnector;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * "Which pods can do X?" end to end: pods listed as the person from the mock apiserver, the
 * ServiceAccount → role index from a ServiceAccount watch under the server's identity and EKS Pod
 * Identity associations (EKS API reference shapes on WireMock), policies from IAM (API reference
 * shapes on {@link IamStub}).
 */
class ReverseLookupTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOOKUP = "/api/clusters/prod/aws/reverse-lookup?action=";
  private final MockApiServer apiserver = new MockApiServer();
  private final IamStub iam = new IamStub();
  private final List<String> serviceAccountListers = new CopyOnWriteArrayList<>();
  private WireMockServer eks;
  private PeriscopeHarness harness;
  private TestBrowser alice;

  @BeforeEach
  void start() {
    eks = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    eks.start();
    podIdentity();
    iam.pageSize(2)
        .role("web", Map.of("buckets", allow("s3:DeleteBucket", "arn:aws:s3:::shop-*")), List.of())
        .role("admin", Map.of(), List.of("arn:aws:iam::aws:policy/AdministratorAccess"))
        .managedPolicy("arn:aws:iam::aws:policy/AdministratorAccess", allow("*", "*"))
        .role("worker", Map.of("cleanup", """
            {"Version":"2012-10-17","Statement":{"Sid":"Cleanup","Effect":"Allow","Action":"s3:Delete*","Resource":"*",
              "Condition":{"StringEquals":{"aws:ResourceTag/team":"jobs"}}}}"""), List.of())
        .role("reader", Map.of("read", allow("s3:GetObject", "*")), List.of())
        .role("guarded", Map.of("all", allow("s3:*", "*"), "guard", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"""), List.of());
    var aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("eks", URI.create(eks.baseUrl()), "iam", iam.endpoint()), Duration.ofSeconds(10), Clock.systemUTC());
    var spec = new ClusterSpec("prod", Backend.EKS, Optional.of("eu-west-1"), Optional.empty(), Optional.of("prod-eks"), "production",
        Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    ClusterConnector connector = new FixedClientConnector(Backend.EKS, apiserver.client());
    apiserver.answer("GET", "/api/v1/serviceaccounts", req -> {
      serviceAccountListers.add(String.valueOf(req.getHeader("Impersonate-User")));
      return null; // answered by the CRUD apiserver
    });
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), List.of(spec), List.of(connector), b -> b.aws(aws));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
    var k = apiserver.client();
    serviceAccount(k, "shop", "web", "web");
    serviceAccount(k, "shop", "admin", "admin");
    serviceAccount(k, "shop", "reader", "reader");
    serviceAccount(k, "shop", "ghost", "ghost");
    serviceAccount(k, "jobs", "worker", null);
    serviceAccount(k, "jobs", "guarded", "guarded");
    for (String[] p : new String[][] {{"shop", "web-0", "web"}, {"shop", "web-1", "web"}, {"shop", "admin-0", "admin"},
        {"shop", "reader-0", "reader"}, {"shop", "ghost-0", "ghost"}, {"shop", "legacy-0", null}, {"jobs", "worker-0", "worker"},
        {"jobs", "guarded-0", "guarded"}}) {
      pod(k, p[0], p[1], p[2]);
    }
  }

  @AfterEach
  void stop() {
    harness.close();
    apiserver.close();
    eks.stop();
    iam.close();
  }

  private static String allow(String action, String resource) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}]}";
  }

  /** One Pod Identity association (jobs/worker → role worker), over two pages, as the EKS API reference shows them. */
  private void podIdentity() {
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks/pod-identity-associations")).willReturn(json("""
        {"associations":[{"clusterName":"prod-eks","namespace":"jobs","serviceAccount":"worker",
          "associationArn":"arn:aws:eks:eu-west-1:123456789012:podidentityassociation/prod-eks/a-0worker00000000001",
          "associationId":"a-0worker00000000001"}],"nextToken":"page-2"}""")));
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks/pod-identity-associations?nextToken=page-2")).willReturn(json("""
        {"associations":[],"nextToken":null}""")));
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks/pod-identity-associations/a-0worker00000000001")).willReturn(json("""
        {"association":{"clusterName":"prod-eks","namespace":"jobs","serviceAccount":"worker",
          "roleArn":"arn:aws:iam::123456789012:role/worker","associationId":"a-0worker00000000001",
          "associationArn":"arn:aws:eks:eu-west-1:123456789012:podidentityassociation/prod-eks/a-0worker00000000001",
          "tags":{},"createdAt":1.764E9,"modifiedAt":1.764E9}}""")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }

  /** The AWS rows (the sign-in has its own). */
  private List<AuditEvent> awsEvents() {
    return harness.audit.events().stream().filter(e -> e.verb() == Verb.AWS_IAM_READ || e.verb() == Verb.AWS_IDENTITY_READ).toList();
  }

  private JsonNode lookup(String query) throws Exception {
    var r = alice.get(LOOKUP + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** namespace/serviceAccount → "SOURCE DECISION[ wildcard] pods". */
  private static Map<String, String> matches(JsonNode answer) {
    Map<String, String> out = new TreeMap<>();
    answer.get("matches").forEach(m -> out.put(m.get("namespace").asText() + "/" + m.get("serviceAccount").asText(),
        m.get("source").asText() + " " + m.get("decision").asText() + (m.get("wildcard").asBoolean() ? " wildcard " : " ")
            + m.get("pods").toString()));
    return out;
  }

  @Test
  void everyPodWhoseRoleGrantsTheActionWithAttributionDecisionAndWildcard() throws Exception {
    JsonNode answer = lookup("s3:DeleteBucket");

    assertThat(matches(answer)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "shop/web", "IRSA ALLOWED [\"web-0\",\"web-1\"]",
        "shop/admin", "IRSA ALLOWED wildcard [\"admin-0\"]",
        "jobs/worker", "POD_IDENTITY CONDITIONAL wildcard [\"worker-0\"]"));
    JsonNode web = null;
    for (JsonNode m : answer.get("matches")) {
      web = m.get("serviceAccount").asText().equals("web") ? m.get("statements") : web;
    }
    assertThat(answer.get("podsListed").asInt()).isEqualTo(8);
    assertThat(answer.get("rolesChecked").asInt()).isEqualTo(6);
    assertThat(answer.get("roleProblems").toString()).contains("role/ghost").contains("role not found");
    assertThat(answer.get("problems")).isEmpty();
    assertThat(answer.get("bound").asText()).as("the page has no resource-policy section to point at")
        .startsWith("upper bound from identity policies").doesNotContain("below");
    assertThat(web.toString()).contains("\"policy\":\"inline:buckets\"").contains("arn:aws:s3:::shop-*");
    assertThat(serviceAccountListers).as("the ServiceAccount index lists under the server's own identity").isNotEmpty()
        .containsOnly("null");
  }

  @Test
  void aResourceNarrowsTheAnswer() throws Exception {
    assertThat(matches(lookup("s3:DeleteBucket&resource=arn:aws:s3:::payroll-archive")))
        .containsOnlyKeys("shop/admin", "jobs/worker");
  }

  @Test
  void auditedAsARollupWithEachCallAndServedWarmFromTheCacheAndTheWatch() throws Exception {
    lookup("s3:DeleteBucket");
    int coldCalls = iam.calls();
    assertThat(coldCalls).isGreaterThan(0);
    List<AuditEvent> cold = awsEvents();
    assertThat(cold).extracting(e -> e.verb().wireName() + " " + e.extra().get("op")).contains("aws_iam_read reverse_lookup",
        "aws_identity_read ensure_sa_roles", "aws_identity_read list_pod_identity", "aws_iam_read get_role",
        "aws_iam_read list_role_policies", "aws_iam_read get_policy_version");
    assertThat(cold).allMatch(e -> e.actor().sub().equals("alice"));

    lookup("iam:PassRole");
    assertThat(iam.calls()).as("warm: policies from the cache").isEqualTo(coldCalls);
    List<AuditEvent> all = awsEvents();
    List<AuditEvent> warm = all.subList(cold.size(), all.size());
    assertThat(warm).singleElement().satisfies(e -> {
      assertThat(e.extra()).containsEntry("op", "reverse_lookup").containsEntry("action", "iam:PassRole").containsEntry("matches", 1);
      assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
    });
  }

  @Test
  void aNewServiceAccountIsSeenThroughTheWatch() throws Exception {
    lookup("s3:DeleteBucket");
    iam.role("late", Map.of("b", allow("s3:DeleteBucket", "*")), List.of());
    var k = apiserver.client();
    serviceAccount(k, "shop", "late", "late");
    pod(k, "shop", "late-0", "late");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(matches(lookup("s3:DeleteBucket"))).containsKey("shop/late"));
    assertThat(awsEvents()).filteredOn(e -> "ensure_sa_roles".equals(e.extra().get("op"))).as("no rebuild needed").hasSize(1);
  }

  @Test
  void onlyPodsThePersonMayListAndARefusalAsksAwsNothing() throws Exception {
    apiserver.answer("GET", "/api/v1/pods", req -> req.getHeader("Impersonate-User") != null
        ? MockApiServer.forbidden("pods is forbidden: User \"alice\" cannot list resource \"pods\" at the cluster scope") : null);

    var refused = alice.get(LOOKUP + "s3:DeleteBucket");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("cannot list resource");
    assertThat(iam.calls()).isZero();
    assertThat(eks.getAllServeEvents()).isEmpty();
    assertThat(awsEvents()).singleElement().satisfies(e -> {
      assertThat(e.extra()).containsEntry("op", "reverse_lookup");
      assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
    });

    assertThat(matches(lookup("s3:DeleteBucket&namespace=jobs"))).containsOnlyKeys("jobs/worker");
  }

  @Test
  void aBadActionIs400AndNothingHappens() {
    for (String bad : List.of("", "s3:Delete*", "DeleteBucket", "s3:Delete%20Bucket")) {
      var r = alice.get(LOOKUP + bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.body()).contains("IAM action name like s3:DeleteBucket");
    }
    assertThat(alice.get(LOOKUP + "s3:DeleteBucket&namespace=Not_A_Namespace").statusCode()).isEqualTo(400);
    assertThat(awsEvents()).isEmpty();
    assertThat(iam.calls()).isZero();
  }

  @Test
  void oneRefusedIamCallIsNamedAndTheRestStillAnswers() throws Exception {
    iam.deny("iam:GetRolePolicy");
    JsonNode answer = lookup("s3:DeleteBucket");

    assertThat(matches(answer)).as("admin's grant is a managed policy, still read").containsOnlyKeys("shop/admin");
    assertThat(answer.get("roleProblems").toString()).contains("role/web").contains("not allowed iam:GetRolePolicy");
  }

  @Test
  void refreshRebuildsTheIndexAndReadsThePoliciesAgain() throws Exception {
    lookup("s3:DeleteBucket");
    int coldCalls = iam.calls();

    var r = alice.mutate("POST", "/api/clusters/prod/aws/reverse-lookup/refresh", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("rolesRefreshed")).hasSize(6);
    lookup("s3:DeleteBucket");

    assertThat(iam.calls()).as("every role and managed policy read again").isEqualTo(2 * coldCalls);
    List<String> ops = new ArrayList<>();
    awsEvents().forEach(e -> ops.add(e.extra().get("op") + ""));
    assertThat(ops).contains("refresh");
    assertThat(ops.stream().filter("ensure_sa_roles"::equals)).hasSize(2);
  }

  @Test
  void withoutServiceAccountRbacTheServerSaysSoAndPodIdentityStillAnswers() throws Exception {
    apiserver.answer("GET", "/api/v1/serviceaccounts", req -> req.getHeader("Impersonate-User") == null
        ? MockApiServer.forbidden("serviceaccounts is forbidden: User \"periscope\" cannot list resource \"serviceaccounts\"") : null);

    JsonNode answer = lookup("s3:DeleteBucket");

    assertThat(matches(answer)).containsOnlyKeys("jobs/worker");
    assertThat(answer.get("problems").toString()).contains("grant it get, list and watch on serviceaccounts");
  }
}
