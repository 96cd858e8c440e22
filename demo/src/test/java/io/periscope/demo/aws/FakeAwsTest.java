package io.periscope.demo.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.aws.AwsClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.PodIdentityAssociationSummary;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The fake account through the product's own SDK clients ({@link AwsClients} with endpoint
 * overrides), so every answer is parsed by the real AWS SDK unmarshallers: if a shape were wrong,
 * these calls would fail or come back empty.
 */
class FakeAwsTest extends FakeAwsAccountTest {
  /** Any instant works: the account checks signatures against the same clock the clients sign with. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2031-12-31T23:55:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  Clock clock() {
    return CLOCK;
  }

  @Test
  void inlinePoliciesComeBackUrlEncodedAndDecodeToTheStoredDocument() throws Exception {
    DemoAccount.Role role = aws.account().role("prod-payments-api").orElseThrow();
    { // shared by AwsClients, closed with it
      IamClient iam = clients.iam(Region.US_EAST_1);
      List<String> names = iam.listRolePoliciesPaginator(r -> r.roleName(role.name())).policyNames().stream().toList();
      assertThat(names).containsExactly("payments-data", "payments-events", "payments-audit-trail");
      String raw = iam.getRolePolicy(r -> r.roleName(role.name()).policyName("payments-data")).policyDocument();
      assertThat(raw).startsWith("%7B").doesNotContain("{", " ");
      String decoded = java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
      assertThat(JSON.readTree(decoded)).isEqualTo(JSON.readTree(role.inline().get("payments-data")));
    }
  }

  @Test
  void listsArePagedWithMarkersAndThePaginatorCollectsEveryPage() {
    { // shared by AwsClients, closed with it
      IamClient iam = clients.iam(Region.US_EAST_1);
      var first = iam.listRolePolicies(r -> r.roleName("prod-payments-api"));
      assertThat(first.isTruncated()).isTrue();
      assertThat(first.policyNames()).containsExactly("payments-data", "payments-events");
      assertThat(first.marker()).isNotBlank();
      var second = iam.listRolePolicies(r -> r.roleName("prod-payments-api").marker(first.marker()));
      assertThat(second.policyNames()).containsExactly("payments-audit-trail");
      assertThat(second.isTruncated()).isFalse();
      assertThat(second.marker()).isNull();

      assertThat(iam.listRolePoliciesPaginator(r -> r.roleName("prod-payments-api")).policyNames().stream().toList())
          .containsExactly("payments-data", "payments-events", "payments-audit-trail");
      assertThat(aws.calls()).filteredOn(c -> c.action().equals("iam:ListRolePolicies")).hasSize(4);
      assertThat(iam.listRolePolicies(r -> r.roleName("prod-payments-api").maxItems(1)).policyNames()).containsExactly("payments-data");
      assertThatThrownBy(() -> iam.listRolePolicies(r -> r.roleName("prod-payments-api").marker("bogus")))
          .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
    }
  }

  @Test
  void managedPoliciesResolveThroughTheirDefaultVersion() throws Exception {
    { // shared by AwsClients, closed with it
      IamClient iam = clients.iam(Region.US_EAST_1);
      List<AttachedPolicy> attached = iam.listAttachedRolePoliciesPaginator(r -> r.roleName("prod-ledger-worker"))
          .attachedPolicies().stream().toList();
      assertThat(attached).extracting(AttachedPolicy::policyName).containsExactly("ledger-storage", "prod-observability");
      String arn = attached.getFirst().policyArn();
      var policy = iam.getPolicy(r -> r.policyArn(arn)).policy();
      assertThat(policy.defaultVersionId()).isEqualTo("v2");
      assertThat(policy.attachmentCount()).isEqualTo(1);
      var version = iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v2")).policyVersion();
      assertThat(version.isDefaultVersion()).isTrue();
      assertThat(java.net.URLDecoder.decode(version.document(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"s3:*\"");
      assertThat(iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")).policyVersion().isDefaultVersion()).isFalse();
    }
  }

  @Test
  void aDeletedRoleIsNoSuchEntityAsInAws() {
    { // shared by AwsClients, closed with it
      IamClient iam = clients.iam(Region.US_EAST_1);
      assertThatThrownBy(() -> iam.getRole(r -> r.roleName("prod-checkout-web-legacy")))
          .isInstanceOfSatisfying(IamException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The role with name prod-checkout-web-legacy cannot be found.");
          });
      var role = iam.getRole(r -> r.roleName("prod-deploy-bot")).role();
      assertThat(role.arn()).isEqualTo("arn:aws:iam::123456789012:role/prod-deploy-bot");
      assertThat(role.roleId()).startsWith("AROA").hasSize(21);
      assertThat(java.net.URLDecoder.decode(role.assumeRolePolicyDocument(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("system:serviceaccount:*:*");
    }
  }

  @Test
  void eksServesAccessEntriesPagedWithTheirPoliciesAndTheAuthenticationMode() {
    { // shared by AwsClients, closed with it
      EksClient eks = clients.eks(Region.US_EAST_1);
      assertThat(eks.describeCluster(r -> r.name("prod-us-east-1")).cluster().accessConfig().authenticationModeAsString())
          .isEqualTo("API_AND_CONFIG_MAP");
      List<String> principals = eks.listAccessEntriesPaginator(r -> r.clusterName("prod-us-east-1").maxResults(2)).accessEntries().stream().toList();
      assertThat(principals).containsExactly("arn:aws:iam::123456789012:role/periscope-server", "arn:aws:iam::123456789012:role/prod-eks-nodes",
          "arn:aws:iam::123456789012:role/platform-admins", "arn:aws:iam::123456789012:role/developers", "arn:aws:iam::123456789012:role/ci-deployer");
      var nodes = eks.describeAccessEntry(r -> r.clusterName("prod-us-east-1").principalArn("arn:aws:iam::123456789012:role/prod-eks-nodes")).accessEntry();
      assertThat(nodes.type()).isEqualTo("EC2_LINUX");
      assertThat(nodes.username()).isEqualTo("system:node:{{EC2PrivateDNSName}}");
      assertThat(nodes.createdAt()).isEqualTo(Instant.parse("2025-04-02T09:01:00Z"));
      var devs = eks.describeAccessEntry(r -> r.clusterName("prod-us-east-1").principalArn("arn:aws:iam::123456789012:role/developers")).accessEntry();
      assertThat(devs.kubernetesGroups()).containsExactly("developers");
      var ci = eks.listAssociatedAccessPoliciesPaginator(r -> r.clusterName("prod-us-east-1").principalArn("arn:aws:iam::123456789012:role/ci-deployer")
          .maxResults(1)).associatedAccessPolicies().stream().toList();
      assertThat(ci).extracting(p -> p.policyArn() + " " + p.accessScope().typeAsString() + " " + p.accessScope().namespaces()).containsExactly(
          "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy namespace [checkout]",
          "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy cluster []");
      assertThatThrownBy(() -> eks.describeAccessEntry(r -> r.clusterName("prod-us-east-1").principalArn("arn:aws:iam::123456789012:role/nobody")))
          .isInstanceOf(software.amazon.awssdk.services.eks.model.ResourceNotFoundException.class);
    }
  }

  @Test
  void eksServesDescribeClusterAndPodIdentityAssociationsForItsRegionOnly() {
    aws.attach("prod-us-east-1", URI.create("https://127.0.0.1:6443"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    { // shared by AwsClients, closed with it
      EksClient eks = clients.eks(Region.US_EAST_1);
      var cluster = eks.describeCluster(r -> r.name("prod-us-east-1")).cluster();
      assertThat(cluster.endpoint()).isEqualTo("https://127.0.0.1:6443");
      assertThat(cluster.statusAsString()).isEqualTo("ACTIVE");
      assertThat(new String(java.util.Base64.getDecoder().decode(cluster.certificateAuthority().data()), java.nio.charset.StandardCharsets.US_ASCII))
          .startsWith("-----BEGIN CERTIFICATE-----");
      assertThat(cluster.createdAt()).isEqualTo(Instant.parse("2024-03-12T09:14:27Z"));

      List<PodIdentityAssociationSummary> all = eks.listPodIdentityAssociationsPaginator(r -> r.clusterName("prod-us-east-1").maxResults(1))
          .associations().stream().toList();
      assertThat(all).extracting(PodIdentityAssociationSummary::serviceAccount).containsExactly("ledger-worker", "cart-service", "grafana", "fraud-scorer");
      var forCart = eks.listPodIdentityAssociations(r -> r.clusterName("prod-us-east-1").namespace("checkout").serviceAccount("cart-service"));
      assertThat(forCart.associations()).singleElement().satisfies(a -> assertThat(a.associationId()).isEqualTo("a-2hv6n8c0r5j1y7bxe"));
      assertThat(forCart.nextToken()).isNull();
      var described = eks.describePodIdentityAssociation(r -> r.clusterName("prod-us-east-1").associationId("a-2hv6n8c0r5j1y7bxe")).association();
      assertThat(described.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/prod-cart-service-pod-identity");
    }
    { // shared by AwsClients, closed with it
      EksClient wrongRegion = clients.eks(Region.EU_WEST_1);
      assertThatThrownBy(() -> wrongRegion.describeCluster(r -> r.name("prod-us-east-1")))
          .isInstanceOfSatisfying(software.amazon.awssdk.services.eks.model.ResourceNotFoundException.class,
              e -> assertThat(e.getMessage()).contains("No cluster found for name: prod-us-east-1."));
    }
    { // shared by AwsClients, closed with it
      EksClient staging = clients.eks(Region.US_WEST_2);
      assertThat(staging.describeCluster(r -> r.name("staging-us-west-2")).cluster().statusAsString())
          .as("no apiserver attached yet").isEqualTo("CREATING");
    }
  }

  @Test
  void stsNamesTheCallerAsTheServerRoleSession() {
    { // shared by AwsClients, closed with it
      StsClient sts = clients.sts(Region.US_EAST_1);
      var me = sts.getCallerIdentity();
      assertThat(me.account()).isEqualTo("123456789012");
      assertThat(me.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/periscope-server/eks-periscope-periscope-server-7c9d1f");
    }
  }

  @Test
  void requestsWithAWrongSecretOrAStaleSignatureAreRefusedLikeAws() {
    var wrongSecret = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create(
        aws.account().caller().accessKeyId(), "not-the-secret")), aws.endpointOverrides(), Duration.ofSeconds(10), CLOCK);
    try (IamClient iam = wrongSecret.iam(Region.US_EAST_1)) {
      assertThatThrownBy(() -> iam.getRole(r -> r.roleName("prod-grafana")))
          .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
    }
    var unknownKey = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWN000000000", "x")),
        aws.endpointOverrides(), Duration.ofSeconds(10), CLOCK);
    try (IamClient iam = unknownKey.iam(Region.US_EAST_1)) {
      assertThatThrownBy(() -> iam.getRole(r -> r.roleName("prod-grafana")))
          .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
    }
    var twentyMinutesSlow = new AwsClients(aws.credentials(), aws.endpointOverrides(), Duration.ofSeconds(10),
        Clock.offset(CLOCK, Duration.ofMinutes(-20)));
    try (EksClient eks = twentyMinutesSlow.eks(Region.US_EAST_1)) {
      assertThatThrownBy(() -> eks.describeCluster(r -> r.name("prod-us-east-1")))
          .isInstanceOfSatisfying(software.amazon.awssdk.services.eks.model.EksException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("Signature expired");
          });
    }
  }

  @Test
  void anUnsignedRequestIsMissingItsAuthenticationToken() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(aws.endpoint().resolve("/"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("Action=GetRole&Version=2010-05-08&RoleName=prod-grafana")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("<Code>MissingAuthenticationToken</Code>").doesNotContain("prod-grafana");
  }

  @Test
  void anActionTheServerRoleLacksIsAccessDeniedNamingIt() {
    DemoAccount full = DemoAccount.load();
    DemoAccount.Role server = full.role("periscope-server").orElseThrow();
    var narrowed = new DemoAccount.Role(server.name(), server.created(), server.description(), server.trust(),
        Map.of("only-eks", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*","Resource":"*"},
              {"Effect":"Deny","Action":"eks:DescribePod*","Resource":"*"}]}"""), List.of());
    List<DemoAccount.Role> roles = full.roles().stream().map(r -> r.name().equals(server.name()) ? narrowed : r).toList();
    try (FakeAws narrow = FakeAws.start(new DemoAccount(full.accountId(), full.caller(), roles, full.managedPolicies(), full.clusters()), CLOCK)) {
      var c = narrow.clients(Duration.ofSeconds(10), CLOCK);
      try (IamClient iam = c.iam(Region.US_EAST_1); EksClient eks = c.eks(Region.US_EAST_1)) {
        assertThatThrownBy(() -> iam.getRole(r -> r.roleName("prod-grafana")))
            .isInstanceOfSatisfying(IamException.class, e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              assertThat(e.awsErrorDetails().errorMessage()).contains("not authorized to perform: iam:GetRole");
            });
        assertThat(eks.listPodIdentityAssociations(r -> r.clusterName("prod-us-east-1")).associations()).hasSize(4);
        assertThatThrownBy(() -> eks.describePodIdentityAssociation(r -> r.clusterName("prod-us-east-1").associationId("a-7kq2m4x9d1p8w3zst")))
            .isInstanceOfSatisfying(software.amazon.awssdk.services.eks.model.EksException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
      }
    }
  }

  @Test
  void theServerRoleIsScopedToItsFleetAndSimulatesLikeIam() {
    var c = aws.clients(Duration.ofSeconds(10), CLOCK);
    try (IamClient iam = c.iam(Region.US_EAST_1); EksClient eks = c.eks(Region.US_EAST_1)) {
      String server = "arn:aws:iam::123456789012:role/periscope-server";
      var onRoles = iam.simulatePrincipalPolicy(r -> r.policySourceArn(server).actionNames("iam:GetRole", "iam:DeleteRole")
          .resourceArns("arn:aws:iam::123456789012:role/anything", "*")).evaluationResults();
      assertThat(onRoles).extracting(e -> e.evalActionName() + " " + e.evalResourceName() + " " + e.evalDecisionAsString()).containsExactly(
          "iam:GetRole arn:aws:iam::123456789012:role/anything allowed",
          "iam:GetRole * implicitDeny",
          "iam:DeleteRole arn:aws:iam::123456789012:role/anything implicitDeny",
          "iam:DeleteRole * implicitDeny");
      assertThat(iam.simulatePrincipalPolicy(r -> r.policySourceArn(server).actionNames("eks:ListPodIdentityAssociations")
          .resourceArns("arn:aws:eks:eu-west-1:123456789012:cluster/elsewhere")).evaluationResults().get(0).evalDecisionAsString())
          .as("Pod Identity reads are granted on the fleet's two clusters only").isEqualTo("implicitDeny");
      assertThatThrownBy(() -> iam.simulatePrincipalPolicy(r -> r.policySourceArn("arn:aws:iam::123456789012:role/nobody").actionNames("s3:ListBucket")))
          .as("the server may simulate its own role only").isInstanceOfSatisfying(IamException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
      assertThat(eks.listPodIdentityAssociations(r -> r.clusterName("prod-us-east-1")).associations()).hasSize(4);
    }
  }

  @Test
  void actionsDeniedToTheServerAreExplicitDenialsInTheSimulationAndOnTheWire() {
    try (FakeAws denied = FakeAws.start(DemoAccount.load().withServerDenied(List.of("iam:GetPolicyVersion")), CLOCK)) {
      var c = denied.clients(Duration.ofSeconds(10), CLOCK);
      try (IamClient iam = c.iam(Region.US_EAST_1)) {
        assertThat(iam.simulatePrincipalPolicy(r -> r.policySourceArn("arn:aws:iam::123456789012:role/periscope-server")
            .actionNames("iam:GetPolicyVersion", "iam:GetPolicy").resourceArns("arn:aws:iam::aws:policy/ReadOnlyAccess")).evaluationResults())
            .extracting(e -> e.evalDecisionAsString()).containsExactly("explicitDeny", "allowed");
        assertThatThrownBy(() -> iam.getPolicyVersion(r -> r.policyArn("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess").versionId("v1")))
            .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
      }
    }
  }
}
