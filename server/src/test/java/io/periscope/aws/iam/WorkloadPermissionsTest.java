package io.periscope.aws.iam;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Verb;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.ClusterSpec;
import io.periscope.testkit.FixedClientConnector;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.MotoServer;
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
import software.amazon.awssdk.regions.Region;

/** AWS Access end to end: pod and ServiceAccount from the mock apiserver, the role's policies from moto_server's IAM. */
class WorkloadPermissionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MockApiServer apiserver = new MockApiServer();
  private MotoServer moto;
  /** moto_server seen through a proxy, so a test can tell whether any IAM / Organizations request went out. */
  private WireMockServer iamWire;
  private WireMockServer eks;
  private PeriscopeHarness harness;
  private TestBrowser alice;

  @BeforeEach
  void start() throws Exception {
    moto = new MotoServer(Map.of());
    iamWire = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    iamWire.start();
    iamWire.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
    eks = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    eks.start();
    eks.stubFor(get(urlPathEqualTo("/clusters/prod-eks/pod-identity-associations"))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"associations\":[]}")));
    try (var aws = awsClients()) {
      seedIam(aws);
    }
    iamWire.resetRequests();
    startPeriscope(Map.of());
    var k = apiserver.client();
    k.serviceAccounts().inNamespace("shop").resource(new ServiceAccountBuilder().withNewMetadata().withName("web")
        .addToAnnotations("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/web-irsa").endMetadata().build()).create();
    k.serviceAccounts().inNamespace("shop").resource(new ServiceAccountBuilder().withNewMetadata().withName("old")
        .addToAnnotations("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/deleted-role").endMetadata().build()).create();
    for (String[] p : new String[][] {{"web-0", "web"}, {"old-0", "old"}}) {
      k.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName(p[0]).endMetadata().withNewSpec()
          .withServiceAccountName(p[1]).addNewContainer().withName("app").withImage("shop:1").endContainer().endSpec().build()).create();
    }
  }

  private AwsClients awsClients() {
    return new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("eks", URI.create(eks.baseUrl()), "iam", URI.create(iamWire.baseUrl()), "organizations", URI.create(iamWire.baseUrl())), Duration.ofSeconds(10),
        Clock.systemUTC());
  }

  private void startPeriscope(Map<String, String> config) {
    var spec = new ClusterSpec("prod", Backend.EKS, Optional.of("eu-west-1"), Optional.empty(), Optional.of("prod-eks"), "production",
        Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    ClusterConnector fake = new FixedClientConnector(Backend.EKS, apiserver.newClient());
    var all = new java.util.HashMap<>(config);
    all.put("auth.authorization.mode", "raw");
    harness = new PeriscopeHarness(all, List.of(spec), List.of(fake), b -> b.aws(awsClients())); // the server closes them
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  private static void seedIam(AwsClients aws) {
    var iam = aws.iam(Region.EU_WEST_1);
    iam.createRole(r -> r.roleName("web-irsa").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
    iam.putRolePolicy(r -> r.roleName("web-irsa").policyName("app-data").policyDocument("""
        {"Version":"2012-10-17","Statement":[
          {"Sid":"Assets","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::shop-assets/*"},
          {"Sid":"Chain","Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"""));
    String managed = iam.createPolicy(r -> r.policyName("ops-broad").policyDocument("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":["ec2:*","iam:PassRole"],"Resource":"*"},
          {"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}]}""")).policy().arn();
    iam.attachRolePolicy(r -> r.roleName("web-irsa").policyArn(managed));
    // The boundary leaves out iam:*: the identity policies' iam:PassRole is cut off (IAM User Guide, permissions boundaries).
    String boundary = iam.createPolicy(r -> r.policyName("web-boundary").policyDocument("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}""")).policy().arn();
    iam.putRolePermissionsBoundary(r -> r.roleName("web-irsa").permissionsBoundary(boundary));
  }

  @AfterEach
  void stop() {
    harness.close();
    apiserver.close();
    eks.stop();
    iamWire.stop();
    moto.close();
  }

  @Test
  void theRolesPoliciesAreCheckedAgainstTheSensitiveCatalog() throws Exception {
    var r = alice.get("/api/clusters/prod/pods/shop/web-0/aws-access");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode role = JSON.readTree(r.body()).get("roles").get(0);

    assertThat(role.get("roleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/web-irsa");
    assertThat(role.get("exists").asBoolean()).isTrue();
    assertThat(role.get("policies").toString()).contains("inline:app-data").contains("policy/ops-broad");
    Map<String, String> scopes = new java.util.TreeMap<>();
    role.get("sensitive").forEach(c -> scopes.put(c.get("action").asText(), c.get("scope").asText()));
    assertThat(scopes).containsExactlyInAnyOrderEntriesOf(Map.of(
        "sts:AssumeRole", "ALL_RESOURCES",
        "iam:PassRole", "ALL_RESOURCES",
        "ec2:TerminateInstances", "ALL_RESOURCES",
        "kms:Decrypt", "CONDITIONAL"));
    assertThat(role.get("wildcards").toString()).contains("ec2:*");

    List<AuditEvent> reads = harness.audit.events().stream().filter(e -> e.verb() == Verb.AWS_IAM_READ).toList();
    assertThat(reads).extracting(e -> e.extra().get("op")).contains("get_role", "list_role_policies", "get_role_policy",
        "list_attached_role_policies", "get_policy", "get_policy_version");
    assertThat(reads).allMatch(e -> e.actor().sub().equals("alice"));
    assertThat(reads).filteredOn(e -> "workload_permissions".equals(e.extra().get("op"))).singleElement()
        .satisfies(e -> assertThat(e.target().name()).isEqualTo("web-0"));
    assertThat(role.get("verified").asBoolean()).isTrue();
    assertThat(JSON.readTree(r.body()).get("fetchedAt").asText()).isNotBlank();
    Map<String, Integer> grants = new java.util.TreeMap<>();
    role.get("services").forEach(s -> grants.put(s.get("service").asText(), s.get("grants").size()));
    assertThat(grants).containsExactlyInAnyOrderEntriesOf(Map.of("ec2", 1, "iam", 1, "kms", 1, "s3", 1, "sts", 1));
    role.get("services").forEach(s -> {
      if (s.get("service").asText().equals("kms")) {
        assertThat(s.get("grants").get(0).get("condition").asText()).contains("aws:SourceVpc");
      }
    });
  }

  @Test
  void theEffectiveAnswerIntersectsTheBoundaryAndDecidesConditionsForTheStatedRequest() throws Exception {
    var plain = JSON.readTree(alice.get("/api/clusters/prod/pods/shop/web-0/aws-access").body());
    JsonNode role = plain.get("roles").get(0);
    assertThat(role.get("layers").get("boundary").asText()).isEqualTo("arn:aws:iam::123456789012:policy/web-boundary");
    assertThat(role.get("layers").get("scps").asText()).isEqualTo("NOT_READABLE");
    assertThat(role.get("layers").get("scpReason").asText()).contains("AWSOrganizationsNotInUse");
    assertThat(role.get("layers").get("sessionPolicies").asText()).startsWith("not applicable");
    Map<String, JsonNode> effective = new java.util.TreeMap<>();
    role.get("effective").forEach(c -> effective.put(c.get("action").asText(), c));
    assertThat(effective.get("iam:PassRole").get("upperBound").asText()).isEqualTo("ALL_RESOURCES");
    assertThat(effective.get("iam:PassRole").get("verdict").asText()).isEqualTo("NOT_ALLOWED");
    assertThat(effective.get("iam:PassRole").get("layer").asText()).isEqualTo("BOUNDARY");
    assertThat(effective.get("iam:PassRole").get("notConsidered").toString()).contains("SCPs not readable");
    assertThat(effective.get("ec2:TerminateInstances").get("verdict").asText()).isEqualTo("ALLOWED");
    assertThat(effective.get("kms:Decrypt").get("verdict").asText()).isEqualTo("CONDITIONAL");
    assertThat(effective.get("kms:Decrypt").get("missing").toString()).contains("no request context stated");
    assertThat(plain.get("context").size()).isZero();

    var inVpc = JSON.readTree(alice.get("/api/clusters/prod/pods/shop/web-0/aws-access?context="
        + java.net.URLEncoder.encode("{\"aws:SourceVpc\":\"vpc-1\"}", java.nio.charset.StandardCharsets.UTF_8)).body());
    JsonNode kms = java.util.stream.StreamSupport.stream(inVpc.get("roles").get(0).get("effective").spliterator(), false)
        .filter(c -> c.get("action").asText().equals("kms:Decrypt")).findFirst().orElseThrow();
    assertThat(kms.get("verdict").asText()).isEqualTo("ALLOWED");
    assertThat(kms.get("upperBound").asText()).as("the upper bound stays today's answer").isEqualTo("CONDITIONAL");
    assertThat(inVpc.get("context").get("aws:sourcevpc").toString()).isEqualTo("[\"vpc-1\"]");
    var refreshedInVpc = alice.mutate("POST", "/api/clusters/prod/pods/shop/web-0/aws-access/refresh?context="
        + java.net.URLEncoder.encode("{\"aws:SourceVpc\":\"vpc-1\"}", java.nio.charset.StandardCharsets.UTF_8), "");
    assertThat(refreshedInVpc.statusCode()).as(refreshedInVpc.body()).isEqualTo(200);
    assertThat(JSON.readTree(refreshedInVpc.body()).get("context").get("aws:sourcevpc").toString()).isEqualTo("[\"vpc-1\"]");
    var elsewhere = JSON.readTree(alice.get("/api/clusters/prod/pods/shop/web-0/aws-access?context="
        + java.net.URLEncoder.encode("{\"aws:SourceVpc\":\"vpc-2\"}", java.nio.charset.StandardCharsets.UTF_8)).body());
    assertThat(elsewhere.get("roles").get(0).get("effective").toString()).contains("\"action\":\"kms:Decrypt\"")
        .contains("\"verdict\":\"NOT_ALLOWED\"");
    assertThat(harness.audit.events()).filteredOn(e -> e.verb() == Verb.AWS_IAM_READ)
        .extracting(e -> e.extra().get("op")).contains("describe_organization");
  }

  @Test
  void aMalformedRequestContextIs400WithAJsonErrorAndNoAwsCall() throws Exception {
    for (String bad : List.of("{\"aws:SourceIp\":\"not-an-ip\"}", "[1]", "{\"SourceVpc\":\"vpc-1\"}", "{oops")) {
      var r = alice.get("/api/clusters/prod/pods/shop/web-0/aws-access?context=" + java.net.URLEncoder.encode(bad, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("code").asText()).isEqualTo("invalid_input");
      assertThat(body.get("message").asText()).isNotBlank();
      assertThat(body.get("requestId").asText()).isNotBlank();
    }
    var refresh = alice.mutate("POST", "/api/clusters/prod/pods/shop/web-0/aws-access/refresh?context=%7Boops", "");
    assertThat(refresh.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refresh.body()).get("code").asText()).as("the refresh reads its context").isEqualTo("invalid_input");
    assertThat(iamCalls()).isZero();
    assertThat(iamWire.getAllServeEvents()).isEmpty();
  }

  @Test
  void aControllerIsAnsweredThroughItsPodTemplateAndServedFromTheCacheUntilRefreshed() throws Exception {
    apiserver.client().apps().deployments().inNamespace("shop").resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
        .withNewMetadata().withName("web").endMetadata().withNewSpec().withNewTemplate().withNewSpec().withServiceAccountName("web")
        .addNewContainer().withName("app").withImage("shop:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
    assertThat(alice.get("/api/clusters/prod/deployments/shop/web/aws-access").statusCode()).isEqualTo(200);
    long iamCalls = iamCalls();

    var again = alice.get("/api/clusters/prod/pods/shop/web-0/aws-access");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(iamCalls()).as("the same role, served from the policy cache").isEqualTo(iamCalls);

    var refreshed = alice.mutate("POST", "/api/clusters/prod/deployments/shop/web/aws-access/refresh", "");
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    assertThat(JSON.readTree(refreshed.body()).get("roles").get(0).get("policies").toString()).contains("inline:app-data");
    assertThat(iamCalls()).as("read afresh").isGreaterThan(iamCalls);
    assertThat(harness.audit.events()).filteredOn(e -> "refresh".equals(e.extra().get("op"))).singleElement().satisfies(e -> {
      assertThat(e.verb()).isEqualTo(Verb.AWS_IAM_READ);
      assertThat(e.extra().get("roles").toString()).contains("role/web-irsa");
    });
  }

  @Test
  void aPersonWhoMayNotReadTheWorkloadGets403AndNoIamCall() {
    // Refused only when asked as alice: read with the server's own identity, the pod would be there.
    apiserver.answer("GET", "/api/v1/namespaces/shop/pods/web-0", req -> "alice".equals(req.getHeader("Impersonate-User"))
        ? io.periscope.testkit.MockApiServer.forbidden("alice may not get pods") : null);
    assertThat(alice.get("/api/clusters/prod/pods/shop/web-0/aws-access").statusCode()).isEqualTo(403);
    assertThat(alice.mutate("POST", "/api/clusters/prod/pods/shop/web-0/aws-access/refresh", "").statusCode()).isEqualTo(403);
    assertThat(alice.get("/api/clusters/prod/pods/shop/web-0/aws-access/role?roleArn=" + enc(WEB_ROLE)).statusCode()).isEqualTo(403);
    assertThat(iamCalls()).isZero();
    assertThat(iamWire.getAllServeEvents()).as("no IAM request on the wire").isEmpty();
    assertThat(eks.getAllServeEvents()).as("no EKS request on the wire").isEmpty();
    assertThat(harness.audit.events()).filteredOn(e -> e.verb() == Verb.AWS_IAM_READ)
        .extracting(e -> e.extra().get("op")).containsExactly("workload_permissions", "refresh", "role_permissions");
    assertThat(harness.audit.events()).filteredOn(e -> e.verb() == Verb.AWS_IAM_READ).extracting(AuditEvent::outcome)
        .containsOnly(io.periscope.audit.Outcome.DENIED);
  }

  /** IAM calls made (each is audited with its op, besides the rollups). */
  private long iamCalls() {
    return harness.audit.events().stream().filter(e -> e.verb() == Verb.AWS_IAM_READ)
        .filter(e -> !List.of("workload_permissions", "refresh", "role_permissions").contains(e.extra().get("op"))).count();
  }

  private static final String WEB_ROLE = "arn:aws:iam::123456789012:role/web-irsa";

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void oneOfTheWorkloadsRolesOnItsOwnIsAuditedAsRolePermissions() throws Exception {
    JsonNode whole = JSON.readTree(alice.get("/api/clusters/prod/pods/shop/web-0/aws-access").body()).get("roles").get(0);

    var r = alice.get("/api/clusters/prod/pods/shop/web-0/aws-access/role?roleArn=" + enc(WEB_ROLE));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode role = JSON.readTree(r.body());
    assertThat(role.get("roleArn").asText()).isEqualTo(WEB_ROLE);
    assertThat(role.get("sensitive")).isEqualTo(whole.get("sensitive"));
    assertThat(role.get("services")).isEqualTo(whole.get("services"));
    assertThat(harness.audit.events()).filteredOn(e -> "role_permissions".equals(e.extra().get("op"))).singleElement().satisfies(e -> {
      assertThat(e.verb()).isEqualTo(Verb.AWS_IAM_READ);
      assertThat(e.extra().get("role")).isEqualTo(WEB_ROLE);
      assertThat(e.target().name()).isEqualTo("web-0");
      assertThat(e.actor().sub()).isEqualTo("alice");
      assertThat(e.outcome()).isEqualTo(io.periscope.audit.Outcome.SUCCESS);
    });
  }

  @Test
  void aRoleTheWorkloadCannotUseIs404AndIsNotReadAndABadArnIs400() throws Exception {
    long before = iamCalls();

    var other = alice.get("/api/clusters/prod/pods/shop/web-0/aws-access/role?roleArn=" + enc("arn:aws:iam::123456789012:role/payments-admin"));
    assertThat(other.statusCode()).as(other.body()).isEqualTo(404);
    assertThat(JSON.readTree(other.body()).get("message").asText()).contains("cannot use role").contains(WEB_ROLE);
    assertThat(iamCalls()).as("no IAM read for a role the workload cannot use").isEqualTo(before);

    for (String bad : List.of("", "?roleArn=", "?roleArn=" + enc("arn:aws:s3:::bucket"), "?roleArn=" + enc("role/web-irsa"))) {
      var r = alice.get("/api/clusters/prod/pods/shop/web-0/aws-access/role" + bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("code").asText()).isEqualTo("invalid_input");
      assertThat(body.has("requestId")).isTrue();
    }
  }

  @Test
  void aDeletedRoleIsSaidToBeGone() throws Exception {
    JsonNode role = JSON.readTree(alice.get("/api/clusters/prod/pods/shop/old-0/aws-access").body()).get("roles").get(0);
    assertThat(role.get("exists").asBoolean()).isFalse();
    assertThat(role.get("problems").toString()).contains("role not found");
  }

  @Test
  void theCatalogIsServed() throws Exception {
    JsonNode catalog = JSON.readTree(alice.get("/api/identity/sensitive-catalog").body()).get("actions");
    assertThat(catalog).hasSize(18);
    assertThat(catalog.toString()).contains("PRIVILEGE_ESCALATION").contains("iam:PassRole").contains("ssm:GetParametersByPath");
    assertThat(JSON.readTree(alice.get("/api/identity/sensitive-catalog").body()).get("version").asText()).isEqualTo("2026.1");
  }

  @Test
  void operatorsAddAndSuppressCatalogEntries() throws Exception {
    harness.close();
    startPeriscope(Map.of("aws.access.sensitiveCatalog.add", "ec2:RunInstances=destructive: launch instances on the account's bill",
        "aws.access.sensitiveCatalog.suppress", "ec2:TerminateInstances,*"));

    JsonNode catalog = JSON.readTree(alice.get("/api/identity/sensitive-catalog").body());
    assertThat(catalog.get("version").asText()).startsWith("2026.1+local.");
    assertThat(catalog.get("actions")).hasSize(18 - 2 + 1);
    assertThat(catalog.get("added").toString()).isEqualTo("[\"ec2:RunInstances\"]");
    assertThat(catalog.get("suppressed").toString()).isEqualTo("[\"ec2:TerminateInstances\",\"*\"]");

    var r = alice.get("/api/clusters/prod/pods/shop/web-0/aws-access");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode role = JSON.readTree(r.body()).get("roles").get(0);
    Map<String, String> chips = new java.util.TreeMap<>();
    role.get("sensitive").forEach(c -> chips.put(c.get("action").asText(), c.get("category").asText()));
    assertThat(chips).containsEntry("ec2:RunInstances", "DESTRUCTIVE").doesNotContainKey("ec2:TerminateInstances").containsKey("iam:PassRole");
    assertThat(role.get("wildcards")).as("the wildcard entry is suppressed").isEmpty();
  }
}
