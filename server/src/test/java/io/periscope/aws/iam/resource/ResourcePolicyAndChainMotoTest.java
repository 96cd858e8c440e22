package io.periscope.aws.iam.resource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Resource policies and AssumeRole chains end to end: the pod and ServiceAccount from the mock
 * apiserver; roles, trust policies, bucket, key and secret policies from moto_server over the real
 * wire protocols (S3 REST-XML, KMS and Secrets Manager JSON 1.1, IAM query).
 */
class ResourcePolicyAndChainMotoTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCT = "123456789012";
  private static final String WEB = "arn:aws:iam::" + ACCT + ":role/web-irsa";
  private final MockApiServer apiserver = new MockApiServer();
  private MotoServer moto;
  private WireMockServer stubs;
  private PeriscopeHarness harness;
  private TestBrowser alice;
  private String keyArn;
  private String secretArn;

  @BeforeEach
  void start() throws Exception {
    moto = new MotoServer(Map.of());
    stubs = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    stubs.start();
    stubs.stubFor(get(urlPathEqualTo("/clusters/prod-eks/pod-identity-associations"))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"associations\":[]}")));
    try (var aws = awsClients(Map.of())) {
      seed(aws);
    }
    startPeriscope(Map.of());
    var k = apiserver.client();
    k.serviceAccounts().inNamespace("shop").resource(new ServiceAccountBuilder().withNewMetadata().withName("web")
        .addToAnnotations("eks.amazonaws.com/role-arn", WEB).endMetadata().build()).create();
    k.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("web-0").endMetadata().withNewSpec()
        .withServiceAccountName("web").addNewContainer().withName("app").withImage("shop:1").endContainer().endSpec().build()).create();
  }

  private AwsClients awsClients(Map<String, URI> more) {
    Map<String, URI> overrides = new HashMap<>(Map.of("eks", URI.create(stubs.baseUrl()), "iam", moto.endpoint(), "s3", moto.endpoint(),
        "kms", moto.endpoint(), "secretsmanager", moto.endpoint()));
    overrides.putAll(more);
    return new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")), overrides,
        Duration.ofSeconds(10), Clock.systemUTC());
  }

  private void startPeriscope(Map<String, URI> overrides) {
    var spec = new ClusterSpec("prod", Backend.EKS, Optional.of("eu-west-1"), Optional.empty(), Optional.of("prod-eks"), "production",
        Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    ClusterConnector fake = new FixedClientConnector(Backend.EKS, apiserver.newClient());
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw", "aws.access.assumeRoleChain.maxDepth", "4"), List.of(spec),
        List.of(fake), b -> b.aws(awsClients(overrides)));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  private static String trust(String principal) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + principal + "\"},\"Action\":\"sts:AssumeRole\"}]}";
  }

  private void seed(AwsClients aws) {
    var iam = aws.iam(Region.EU_WEST_1);
    iam.createRole(r -> r.roleName("web-irsa").assumeRolePolicyDocument(trust("arn:aws:iam::" + ACCT + ":role/deploy-a")));
    iam.putRolePolicy(r -> r.roleName("web-irsa").policyName("app").policyDocument("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::shop-assets/*"},
          {"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"},
          {"Effect":"Allow","Action":"sts:AssumeRole","Resource":["arn:aws:iam::123456789012:role/deploy-*","arn:aws:iam::999999999999:role/partner"]}]}"""));
    iam.createRole(r -> r.roleName("deploy-a").assumeRolePolicyDocument(trust(WEB)));
    iam.putRolePolicy(r -> r.roleName("deploy-a").policyName("deploy").policyDocument("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},
          {"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::123456789012:role/web-irsa"}]}"""));
    iam.createRole(r -> r.roleName("deploy-b").assumeRolePolicyDocument(trust("arn:aws:iam::" + ACCT + ":role/someone-else")));
    iam.createRole(r -> r.roleName("unrelated").assumeRolePolicyDocument(trust(WEB)));

    var s3 = aws.s3(Region.EU_WEST_1);
    s3.createBucket(b -> b.bucket("shop-assets").createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
    s3.putBucketPolicy(b -> b.bucket("shop-assets").policy("""
        {"Version":"2012-10-17","Statement":[
          {"Sid":"NoDeletes","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::shop-assets/*"}]}"""));
    s3.createBucket(b -> b.bucket("plain-bucket").createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));

    var kms = aws.kms(Region.EU_WEST_1);
    keyArn = kms.createKey(k -> k.policy("""
        {"Version":"2012-10-17","Statement":[
          {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}"""))
        .keyMetadata().arn();

    var sm = aws.secretsManager(Region.EU_WEST_1);
    secretArn = sm.createSecret(s -> s.name("shop/db").secretString("not-a-real-password")).arn();
    sm.putResourcePolicy(p -> p.secretId(secretArn).resourcePolicy("""
        {"Version":"2012-10-17","Statement":[
          {"Sid":"WebReads","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/web-irsa"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"""));
  }

  @AfterEach
  void stop() {
    harness.close();
    apiserver.close();
    stubs.stop();
    moto.close();
  }

  private JsonNode probe(String resource, String extra) throws Exception {
    var r = alice.get("/api/clusters/prod/pods/shop/web-0/aws-access/resource-policy?resource="
        + URLEncoder.encode(resource, StandardCharsets.UTF_8) + extra);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static Map<String, JsonNode> byAction(JsonNode answer) {
    Map<String, JsonNode> out = new HashMap<>();
    answer.get("roles").get(0).get("actions").forEach(a -> out.put(a.get("action").asText(), a));
    return out;
  }

  @Test
  void aBucketPolicysExplicitDenyWinsOverTheIdentityAllow() throws Exception {
    JsonNode answer = probe("arn:aws:s3:::shop-assets", "");
    assertThat(answer.get("policyState").asText()).isEqualTo("READ");
    Map<String, JsonNode> actions = byAction(answer);
    assertThat(actions).containsKeys("s3:DeleteBucket", "s3:DeleteObject");
    JsonNode delete = actions.get("s3:DeleteObject");
    assertThat(delete.get("on").asText()).isEqualTo("arn:aws:s3:::shop-assets/*");
    assertThat(delete.get("answer").get("outcome").asText()).isEqualTo("DENIED");
    assertThat(delete.get("answer").get("resource").get("direct").get("statements").get(0).get("sid").asText()).isEqualTo("NoDeletes");

    JsonNode get = byAction(probe("arn:aws:s3:::shop-assets", "&action=s3:GetObject")).get("s3:GetObject");
    assertThat(get.get("answer").get("outcome").asText()).isEqualTo("ALLOWED");
    assertThat(get.get("answer").get("identity").get("statements").get(0).get("policy").asText()).isEqualTo("inline:app");

    List<AuditEvent> reads = harness.audit.events().stream().filter(e -> e.verb() == Verb.AWS_IAM_READ).toList();
    assertThat(reads).extracting(e -> e.extra().get("op")).contains("resource_policy", "get_bucket_policy", "get_role");
    assertThat(reads).filteredOn(e -> "get_bucket_policy".equals(e.extra().get("op")))
        .allSatisfy(e -> assertThat(e.extra().get("resource")).isEqualTo("arn:aws:s3:::shop-assets"));
  }

  @Test
  void aBucketWithoutAPolicyIsSaidToHaveNone() throws Exception {
    JsonNode answer = probe("arn:aws:s3:::plain-bucket/reports/q1.csv", "&action=s3:GetObject");
    assertThat(answer.get("policyState").asText()).isEqualTo("NO_POLICY");
    assertThat(answer.get("policyNote").asText()).contains("NoSuchBucketPolicy");
    assertThat(byAction(answer).get("s3:GetObject").get("answer").get("outcome").asText()).isEqualTo("NOT_ALLOWED");
  }

  @Test
  void theDefaultKeyPolicyDelegatesToTheAccountAndTheIdentityPolicyDecides() throws Exception {
    JsonNode decrypt = byAction(probe(keyArn, "")).get("kms:Decrypt");
    assertThat(decrypt.get("answer").get("outcome").asText()).isEqualTo("ALLOWED");
    assertThat(decrypt.get("answer").get("resource").get("viaAccount").get("statements").get(0).get("sid").asText())
        .isEqualTo("Enable IAM User Permissions");
    assertThat(byAction(probe(keyArn, "")).get("kms:GenerateDataKey").get("answer").get("outcome").asText())
        .as("the key policy delegates, and no identity policy allows it").isEqualTo("NOT_ALLOWED");
  }

  @Test
  void aSecretPolicyNamingTheRoleGrantsWithoutAnIdentityPolicy() throws Exception {
    JsonNode read = byAction(probe(secretArn, "")).get("secretsmanager:GetSecretValue");
    assertThat(read.get("answer").get("outcome").asText()).isEqualTo("ALLOWED");
    assertThat(read.get("answer").get("identity").get("verdict").asText()).isEqualTo("NOT_ALLOWED");
    assertThat(read.get("answer").get("resource").get("direct").get("statements").get(0).get("sid").asText()).isEqualTo("WebReads");
  }

  @Test
  void aRefusedBucketPolicyReadIsNotReadableNotAbsent() throws Exception {
    stubs.stubFor(get(urlPathEqualTo("/shop-assets")).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/xml")
        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
            + "<RequestId>656c76696e6727732072657175657374</RequestId><HostId>Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==</HostId></Error>")));
    harness.close();
    startPeriscope(Map.of("s3", URI.create(stubs.baseUrl())));
    JsonNode answer = probe("arn:aws:s3:::shop-assets", "&action=s3:GetObject");
    assertThat(answer.get("policyState").asText()).isEqualTo("NOT_READABLE");
    assertThat(answer.get("policyNote").asText()).contains("s3:GetBucketPolicy").contains("AccessDenied");
    assertThat(byAction(answer).get("s3:GetObject").get("answer").get("outcome").asText()).isEqualTo("UNKNOWN");
  }

  @Test
  void badInputIs400AndReadsNothing() throws Exception {
    for (String query : List.of("", "?resource=arn:aws:kms:us-east-1:123456789012:alias/app", "?resource=arn:aws:s3:::shop-assets&action=kms:Decrypt",
        "?resource=arn:aws:s3:::shop-assets&action=s3:*", "?resource=arn:aws:s3:::shop-assets&resourceAccount=12")) {
      var r = alice.get("/api/clusters/prod/pods/shop/web-0/aws-access/resource-policy" + query);
      assertThat(r.statusCode()).as(query).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("invalid_input");
      assertThat(JSON.readTree(r.body()).has("requestId")).isTrue();
    }
    for (String depth : List.of("0", "5", "two")) {
      var r = alice.get("/api/clusters/prod/pods/shop/web-0/aws-access/assume-role-chain?depth=" + depth);
      assertThat(r.statusCode()).as(depth).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).get("message").asText()).contains("1 to 4");
    }
    assertThat(harness.audit.events()).filteredOn(e -> e.verb() == Verb.AWS_IAM_READ).isEmpty();
  }

  @Test
  void theChainFollowsHopsBothSidesAllowShowsTheCycleAndMarksTheOtherAccountUnreadable() throws Exception {
    var r = alice.get("/api/clusters/prod/pods/shop/web-0/aws-access/assume-role-chain");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.get("depth").asInt()).isEqualTo(4);
    JsonNode chain = answer.get("chains").get(0);
    assertThat(chain.get("roleArn").asText()).isEqualTo(WEB);
    Map<String, JsonNode> hops = new HashMap<>();
    chain.get("hops").forEach(h -> hops.put(h.get("roleArn").asText().replaceAll(".*/", ""), h));
    assertThat(hops.keySet()).as("deploy-* expanded against ListRoles; unrelated is not named by the identity policy")
        .containsExactlyInAnyOrder("deploy-a", "deploy-b", "partner");
    assertThat(hops.get("deploy-a").get("status").asText()).isEqualTo("ASSUMABLE");
    assertThat(hops.get("deploy-a").get("trustEvidence").get(0).asText()).isEqualTo("trust:deploy-a statement 0");
    assertThat(hops.get("deploy-b").get("status").asText()).isEqualTo("NOT_ADMITTED");
    assertThat(hops.get("partner").get("status").asText()).isEqualTo("TRUST_NOT_READABLE");
    assertThat(hops.get("partner").get("complete").asBoolean()).isFalse();
    JsonNode back = hops.get("deploy-a").get("next").get(0);
    assertThat(back.get("roleArn").asText()).isEqualTo(WEB);
    assertThat(back.get("cycle").asBoolean()).isTrue();
    assertThat(chain.get("reachable").toString()).contains("iam:PassRole").contains("deploy-a");
    assertThat(chain.get("complete").asBoolean()).isFalse();
    assertThat(harness.audit.events()).filteredOn(e -> e.verb() == Verb.AWS_IAM_READ).extracting(e -> e.extra().get("op"))
        .contains("assume_role_chain", "list_roles", "get_role");
  }
}
