package io.periscope.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.testkit.MotoServer;
import io.periscope.testkit.RecordingAuditRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Real AWS-managed policies (moto_server with {@code MOTO_IAM_LOAD_MANAGED_POLICIES=true} serves
 * AWS's own documents) read through the cache and decided by the engine.
 */
class AwsManagedPoliciesTest {
  private static MotoServer moto;
  private static AwsClients aws;

  @BeforeAll
  static void start() throws Exception {
    moto = new MotoServer(Map.of("MOTO_IAM_LOAD_MANAGED_POLICIES", "true"));
    aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("iam", moto.endpoint()), Duration.ofSeconds(30), Clock.systemUTC());
    var iam = aws.iam(Region.EU_WEST_1);
    for (var role : Map.of("reader", "arn:aws:iam::aws:policy/ReadOnlyAccess", "admin", "arn:aws:iam::aws:policy/AdministratorAccess",
        "eks-node", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy").entrySet()) {
      iam.createRole(r -> r.roleName(role.getKey()).assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
      iam.attachRolePolicy(r -> r.roleName(role.getKey()).policyArn(role.getValue()));
    }
  }

  @AfterAll
  static void stop() {
    aws.close();
    moto.close();
  }

  private static List<PolicyDocument> policies(String role) {
    var cache = new RolePolicyCache(new AwsCalls(new AuditTrail(new RecordingAuditRecorder(), Clock.systemUTC())), Clock.systemUTC(),
        new RolePolicyCache.Settings(Duration.ofMinutes(30), Duration.ofMinutes(5), 4));
    var audit = new AuditTrail.Action(AuditTrail.actor(new Principal("alice", "alice@example.com", List.of())), "req-1", Verb.AWS_IAM_READ,
        new AuditEvent.Target("prod", "", "pods", ""), Map.of());
    RolePolicySet set = cache.get(aws.iam(Region.EU_WEST_1), "arn:aws:iam::123456789012:role/" + role, audit);
    assertThat(set.problems()).isEmpty();
    return set.documents();
  }

  @Test
  void readOnlyAccessReadsButNeverDeletes() {
    List<PolicyDocument> docs = policies("reader");
    assertThat(docs).extracting(PolicyDocument::source).containsExactly("arn:aws:iam::aws:policy/ReadOnlyAccess");
    assertThat(PolicyEngine.evaluate(docs, "s3:GetObject", "arn:aws:s3:::any/key").verdict()).isEqualTo(PolicyEngine.Verdict.ALLOWED);
    assertThat(PolicyEngine.evaluate(docs, "s3:DeleteBucket", java.util.Optional.empty()).verdict()).isEqualTo(PolicyEngine.Verdict.NOT_ALLOWED);
    assertThat(WorkloadPermissions.chips(SensitiveCatalog.BUILT_IN, docs)).extracting(WorkloadPermissions.Chip::action).doesNotContain("s3:DeleteBucket", "iam:PassRole");
  }

  @Test
  void administratorAccessGrantsEverythingOnlyThroughTheWildcard() {
    List<PolicyDocument> docs = policies("admin");
    var d = PolicyEngine.evaluate(docs, "iam:PassRole", java.util.Optional.empty());
    assertThat(d.verdict()).isEqualTo(PolicyEngine.Verdict.ALLOWED);
    assertThat(d.wildcard()).isTrue();
    assertThat(WorkloadPermissions.chips(SensitiveCatalog.BUILT_IN, docs)).hasSize(17);
  }

  @Test
  void theEksWorkerNodePolicyIsNotSensitive() {
    List<PolicyDocument> docs = policies("eks-node");
    assertThat(PolicyEngine.evaluate(docs, "ec2:DescribeInstances", "*").verdict()).isEqualTo(PolicyEngine.Verdict.ALLOWED);
    assertThat(WorkloadPermissions.chips(SensitiveCatalog.BUILT_IN, docs)).isEmpty();
  }
}
