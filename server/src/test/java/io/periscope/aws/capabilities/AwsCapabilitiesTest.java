package io.periscope.aws.capabilities;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Verb;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.ClusterSpec;
import io.periscope.testkit.IamStub;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import io.periscope.testkit.TestEpoch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The locked-feature probe on the wire: STS {@code GetCallerIdentity} and IAM
 * {@code SimulatePrincipalPolicy} in the shapes of their API references (moto does not simulate).
 */
@Tag("clock")
class AwsCapabilitiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AwsCredentialsProvider KEYS = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret"));
  private final IamStub aws = new IamStub();
  private final MutableClock clock = TestEpoch.clock();
  private PeriscopeHarness harness;
  private TestBrowser alice;

  private void start(Map<String, String> config, AwsCredentialsProvider credentials) {
    var prod = new ClusterSpec("prod", Backend.EKS, Optional.of("eu-west-1"), Optional.empty(), Optional.of("prod-eks"), "production",
        Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    ClusterConnector connector = new ClusterConnector() {
      @Override
      public Backend backend() {
        return Backend.EKS;
      }

      @Override
      public KubernetesClient connect(ClusterSpec s) {
        throw new AssertionError("the probe never talks to the apiserver");
      }
    };
    var clients = new AwsClients(credentials, Map.of("iam", aws.endpoint(), "sts", aws.endpoint()), Duration.ofSeconds(10), clock);
    var all = new java.util.HashMap<>(Map.of("auth.authorization.mode", "raw"));
    all.putAll(config);
    Consumer<io.periscope.PeriscopeApp.Builder> customize = b -> b.aws(clients);
    harness = new PeriscopeHarness(all, List.of(prod), List.of(connector), customize, clock);
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    aws.close();
  }

  private JsonNode capabilities(String cluster) throws Exception {
    var r = alice.get("/api/clusters/" + cluster + "/aws/capabilities");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private List<String> ops() {
    return harness.audit.events().stream().filter(e -> e.verb() == Verb.AWS_IAM_READ).map(e -> String.valueOf(e.extra().get("op"))).toList();
  }

  @Test
  void everythingGrantedIsAvailableAndTheAnswerIsKeptForTheFreshnessWindow() throws Exception {
    start(Map.of(), KEYS);

    JsonNode c = capabilities("prod");
    assertThat(c.get("available").asBoolean()).isTrue();
    assertThat(c.get("reason").asText()).isEqualTo("AVAILABLE");
    assertThat(c.get("probed").asBoolean()).isTrue();
    assertThat(c.get("callerArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/periscope-server");
    assertThat(c.get("required").toString()).contains("eks:ListPodIdentityAssociations", "iam:GetPolicyVersion");
    // One simulation per kind of resource (cluster, association, role, customer and AWS-managed policy).
    assertThat(ops()).containsExactly("get_caller_identity", "simulate_principal_policy", "simulate_principal_policy",
        "simulate_principal_policy", "simulate_principal_policy", "simulate_principal_policy", "capabilities");

    capabilities("prod");
    assertThat(ops()).last().isEqualTo("capabilities:cache_hit");
    assertThat(aws.calls("iam:SimulatePrincipalPolicy")).isEqualTo(5);

    clock.advance(Duration.ofMinutes(5));
    capabilities("prod");
    assertThat(aws.calls("iam:SimulatePrincipalPolicy")).as("probed again after aws.access.freshness").isEqualTo(10);
    assertThat(aws.calls("sts:GetCallerIdentity")).as("the server's identity is read once").isEqualTo(1);
  }

  @Test
  void missingPermissionsAreNamedExactly() throws Exception {
    aws.callerMayNot("iam:GetPolicyVersion", "eks:ListPodIdentityAssociations");
    start(Map.of(), KEYS);

    JsonNode c = capabilities("prod");

    assertThat(c.get("available").asBoolean()).isFalse();
    assertThat(c.get("reason").asText()).isEqualTo("MISSING_IAM_PERMS");
    assertThat(c.get("missing").toString()).isEqualTo("[\"eks:ListPodIdentityAssociations\",\"iam:GetPolicyVersion\"]");
    assertThat(c.get("note").asText()).isEqualTo("grant these actions to the server's IAM role");
    AuditEvent row = harness.audit.events().stream().filter(e -> "capabilities".equals(e.extra().get("op"))).findFirst().orElseThrow();
    assertThat(row.extra()).containsEntry("available", false);
    assertThat(row.actor().sub()).isEqualTo("alice");
  }

  @Test
  void grantsScopedToTheAccountsRolesPoliciesAndTheClusterCountAsGranted() throws Exception {
    String account = "arn:aws:iam::" + IamStub.ACCOUNT + ":";
    for (String action : List.of("iam:GetRole", "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies")) {
      aws.callerMayOnlyOn(action, account + "role/*");
    }
    aws.callerMayOnlyOn("iam:GetPolicy", "arn:aws:iam::*:policy/*").callerMayOnlyOn("iam:GetPolicyVersion", "arn:aws:iam::*:policy/*")
        .callerMayOnlyOn("eks:ListPodIdentityAssociations", "arn:aws:eks:eu-west-1:" + IamStub.ACCOUNT + ":cluster/prod-eks")
        .callerMayOnlyOn("eks:DescribePodIdentityAssociation", "arn:aws:eks:eu-west-1:" + IamStub.ACCOUNT + ":podidentityassociation/prod-eks/*");
    start(Map.of(), KEYS);

    JsonNode c = capabilities("prod");

    assertThat(c.get("missing")).as(c.toString()).isEmpty();
    assertThat(c.get("reason").asText()).isEqualTo("AVAILABLE");
    assertThat(aws.simulatedResources()).containsExactly(
        "arn:aws:eks:eu-west-1:123456789012:cluster/prod-eks",
        "arn:aws:eks:eu-west-1:123456789012:podidentityassociation/prod-eks/a-periscopeprobe000",
        "arn:aws:iam::123456789012:role/periscope-capability-probe",
        "arn:aws:iam::123456789012:policy/periscope-capability-probe",
        "arn:aws:iam::aws:policy/periscope-capability-probe");
  }

  @Test
  void oneMissingActionIsNamedAlone() throws Exception {
    aws.callerMayNot("iam:GetPolicyVersion");
    start(Map.of(), KEYS);

    JsonNode c = capabilities("prod");

    assertThat(c.get("missing").toString()).isEqualTo("[\"iam:GetPolicyVersion\"]");
    assertThat(c.get("note").asText()).isEqualTo("grant this action to the server's IAM role");
  }

  @Test
  void aGrantScopedToAnotherClusterIsMissingHere() throws Exception {
    aws.callerMayOnlyOn("eks:ListPodIdentityAssociations", "arn:aws:eks:eu-west-1:" + IamStub.ACCOUNT + ":cluster/staging-eks")
        .callerMayOnlyOn("iam:GetPolicy", "arn:aws:iam::" + IamStub.ACCOUNT + ":policy/*");
    start(Map.of(), KEYS);

    JsonNode c = capabilities("prod");

    assertThat(c.get("missing").toString()).as("AWS-managed policies are out of the grant too")
        .isEqualTo("[\"eks:ListPodIdentityAssociations\",\"iam:GetPolicy\"]");
  }

  @Test
  void withoutSimulatePermissionItIsOptimisticAndSaysWhy() throws Exception {
    aws.deny("iam:SimulatePrincipalPolicy");
    start(Map.of(), KEYS);

    JsonNode c = capabilities("prod");

    assertThat(c.get("available").asBoolean()).isTrue();
    assertThat(c.get("reason").asText()).isEqualTo("PROBE_UNAVAILABLE");
    assertThat(c.get("note").asText()).contains("iam:SimulatePrincipalPolicy");
  }

  @Test
  void theProbeCanBeSwitchedOffAndThenAsksAwsNothing() throws Exception {
    start(Map.of("aws.access.iamProbe", "false"), KEYS);

    JsonNode c = capabilities("prod");

    assertThat(c.get("reason").asText()).isEqualTo("PROBE_DISABLED");
    assertThat(c.get("available").asBoolean()).isTrue();
    assertThat(c.get("note").asText()).contains("PERISCOPE_AWS_ACCESS_IAM_PROBE");
    assertThat(aws.calls()).isZero();
  }

  @Test
  void withoutCredentialsItIsLocked() throws Exception {
    start(Map.of(), () -> {
      throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
    });

    JsonNode c = capabilities("prod");

    assertThat(c.get("available").asBoolean()).isFalse();
    assertThat(c.get("reason").asText()).isEqualTo("NO_CREDENTIALS");
    assertThat(c.get("note").asText()).contains("no AWS credentials");
  }

  @Test
  void aClusterWithoutEksNeedsOnlyTheIamReads() throws Exception {
    start(Map.of(), KEYS);
    JsonNode c = capabilities(PeriscopeHarness.CLUSTER);
    assertThat(c.get("required").toString()).doesNotContain("eks:").contains("iam:GetRole");
  }

  @Test
  void assumedRoleArnsBecomeTheirRole() {
    assertThat(AwsCapabilities.principalOf("arn:aws-cn:sts::123456789012:assumed-role/periscope-server/i-0abc"))
        .contains("arn:aws-cn:iam::123456789012:role/periscope-server");
    assertThat(AwsCapabilities.principalOf("arn:aws:iam::123456789012:user/ci")).isEmpty();
  }
}
