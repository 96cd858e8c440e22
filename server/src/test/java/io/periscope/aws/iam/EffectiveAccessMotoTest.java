package io.periscope.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.testkit.MotoServer;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.RecordingAuditRecorder;
import io.periscope.testkit.TestEpoch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * The reads behind the effective answer against moto_server's Organizations and IAM: an account's
 * SCP chain (ListParents up to the root, ListPoliciesForTarget per level, DescribePolicy), the
 * management account (SCPs do not apply), no organization (not readable, AWS's reason said), and a
 * role's permission boundary from GetRole. One moto per class; the organization is created once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EffectiveAccessMotoTest {
  private static final Principal ALICE = new Principal("alice", "alice@example.com", List.of("sre"));
  private static final String DENY_S3_DELETE = """
      {"Version":"2012-10-17","Statement":[{"Sid":"NoBucketDelete","Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}""";

  private final RecordingAuditRecorder audit = new RecordingAuditRecorder();
  private final MutableClock clock = TestEpoch.clock();
  private MotoServer moto;
  private AwsClients aws;
  private OrganizationsClient org;
  private IamClient iam;
  private String member;
  private String ou;

  @BeforeAll
  void start() throws Exception {
    moto = new MotoServer(Map.of());
    aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("organizations", moto.endpoint(), "iam", moto.endpoint()), Duration.ofSeconds(20), clock);
    org = aws.organizations(Region.EU_WEST_1);
    iam = aws.iam(Region.EU_WEST_1);
  }

  @AfterAll
  void stop() {
    aws.close();
    moto.close();
  }

  private static AuditTrail.Action action() {
    return new AuditTrail.Action(AuditTrail.actor(ALICE), "req-1", Verb.AWS_IAM_READ, new AuditEvent.Target("prod", "shop", "pods", "web-0"),
        Map.of());
  }

  private OrganizationPolicies organizations() {
    return new OrganizationPolicies(new AwsCalls(new AuditTrail(audit, clock)), clock, Duration.ofMinutes(30), Duration.ofMinutes(1));
  }

  /** The organization, created by the first test that needs it (after the one that checks there is none). */
  private void organization() {
    if (member != null) {
      return;
    }
    org.createOrganization(r -> r.featureSet(OrganizationFeatureSet.ALL));
    String root = org.listRoots().roots().getFirst().id();
    if (org.listRoots().roots().getFirst().policyTypes().stream().noneMatch(p -> p.type() == PolicyType.SERVICE_CONTROL_POLICY)) {
      org.enablePolicyType(r -> r.rootId(root).policyType(PolicyType.SERVICE_CONTROL_POLICY));
    }
    ou = org.createOrganizationalUnit(r -> r.parentId(root).name("Sandbox")).organizationalUnit().id();
    member = org.createAccount(r -> r.accountName("sandbox").email("sandbox@example.com")).createAccountStatus().accountId();
    org.moveAccount(r -> r.accountId(member).sourceParentId(root).destinationParentId(ou));
    String scp = org.createPolicy(r -> r.name("DenyS3Delete").description("no bucket deletes in the sandbox")
        .type(PolicyType.SERVICE_CONTROL_POLICY).content(DENY_S3_DELETE)).policy().policySummary().id();
    org.attachPolicy(r -> r.policyId(scp).targetId(ou));
  }

  @Test
  @Order(1)
  void notInAnOrganizationTheScpsAreNotReadableWithAwsReason() {
    assertThat(member).as("runs before the organization exists").isNull();
    ScpChain chain = organizations().of(org, "123456789012", action());
    assertThat(chain.state()).isEqualTo(ScpChain.State.NOT_READABLE);
    assertThat(chain.reason()).contains("organizations:DescribeOrganization").contains("AWSOrganizationsNotInUse");
  }

  @Test
  @Order(1)
  void aRefusalThatAskingAgainWillNotChangeIsKeptForTheCacheTtlNotRetriedEveryMinute() {
    assertThat(member).as("runs before the organization exists").isNull();
    OrganizationPolicies organizations = organizations(); // ttl 30 min, retryAfter 1 min
    organizations.of(org, "123456789012", action());
    long asked = describeOrganizationCalls();

    clock.advance(Duration.ofMinutes(5));
    assertThat(organizations.of(org, "123456789012", action()).state()).isEqualTo(ScpChain.State.NOT_READABLE);
    assertThat(describeOrganizationCalls()).as("no organization: kept past retryAfter").isEqualTo(asked);

    clock.advance(Duration.ofMinutes(26));
    organizations.of(org, "123456789012", action());
    assertThat(describeOrganizationCalls()).as("asked again after the ttl").isEqualTo(asked + 1);
  }

  private long describeOrganizationCalls() {
    return audit.events().stream().filter(e -> "describe_organization".equals(e.extra().get("op"))).count();
  }

  @Test
  @Order(2)
  void aMemberAccountsChainRunsFromTheRootThroughItsOuAndTheSandboxDenyDecides() {
    organization();
    int before = audit.events().size();
    ScpChain chain = organizations().of(org, member, action());
    var calls = audit.events().subList(before, audit.events().size());

    assertThat(chain.state()).isEqualTo(ScpChain.State.READ);
    assertThat(chain.levels()).extracting(ScpChain.Level::label)
        .containsExactly("root " + chain.levels().getFirst().id(), "OU Sandbox (" + ou + ")", "account " + member);
    assertThat(chain.levels().get(1).policies()).extracting(PolicyDocument::source).anyMatch(s -> s.startsWith("SCP DenyS3Delete (p-"));
    assertThat(calls).extracting(e -> e.extra().get("op")).contains("describe_organization", "list_parents",
        "describe_organizational_unit", "list_policies_for_target", "describe_policy");
    assertThat(calls).allSatisfy(e -> {
      assertThat(e.verb()).isEqualTo(Verb.AWS_IAM_READ);
      assertThat(e.extra()).containsEntry("account", member);
    });

    var identity = List.of(PolicyDocument.parse("inline:s3", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"""));
    var layers = new EffectiveAccess.Layers(identity, PermissionsBoundary.NONE, chain);
    var delete = EffectiveAccess.decide(layers, "s3:DeleteBucket", Optional.empty(), RequestContext.NONE);
    assertThat(delete.verdict()).isEqualTo(PolicyEngine.Verdict.DENIED);
    assertThat(delete.decidedBy()).isEqualTo("explicit deny in SCP at OU Sandbox (" + ou + ")");
    // moto attaches FullAWSAccess to the root, the OU and the account, as AWS does: other actions pass every level.
    assertThat(EffectiveAccess.decide(layers, "s3:GetObject", Optional.empty(), RequestContext.NONE).verdict())
        .isEqualTo(PolicyEngine.Verdict.ALLOWED);
  }

  @Test
  void theManagementAccountIsNotLimitedBySCPs() {
    organization();
    String management = org.describeOrganization().organization().masterAccountId();
    ScpChain chain = organizations().of(org, management, action());
    assertThat(chain.state()).isEqualTo(ScpChain.State.NOT_APPLICABLE);
    assertThat(chain.reason()).contains("management account");
  }

  @Test
  void theChainIsKeptForTheTtl() {
    organization();
    OrganizationPolicies cache = organizations();
    cache.of(org, member, action());
    int before = audit.events().size();
    cache.of(org, member, action());
    assertThat(audit.events()).as("fresh: no Organizations call").hasSize(before);
    clock.advance(Duration.ofMinutes(31));
    cache.of(org, member, action());
    assertThat(audit.events().size()).isGreaterThan(before);
  }

  @Test
  void aRolesPermissionBoundaryIsReadFromGetRoleAndItsDefaultVersion() {
    String boundaryArn = iam.createPolicy(r -> r.policyName("S3CwEc2Boundary").policyDocument("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"}]}""")).policy().arn();
    iam.createRole(r -> r.roleName("shirley").permissionsBoundary(boundaryArn).assumeRolePolicyDocument("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"""));
    iam.putRolePolicy(r -> r.roleName("shirley").policyName("CreateUser").policyDocument("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*"}]}"""));
    var cache = new RolePolicyCache(new AwsCalls(new AuditTrail(audit, clock)), clock, new RolePolicyCache.Settings(Duration.ofMinutes(30),
        Duration.ofMinutes(1), 4));
    RolePolicySet set = cache.get(iam, "arn:aws:iam::123456789012:role/shirley", action());

    assertThat(set.problems()).isEmpty();
    assertThat(set.boundary().arn()).isEqualTo(boundaryArn);
    assertThat(set.boundary().document()).isPresent();
    assertThat(set.documents()).extracting(PolicyDocument::source).containsExactly("inline:CreateUser");
    var e = EffectiveAccess.decide(new EffectiveAccess.Layers(set.documents(), set.boundary(), ScpChain.notApplicable("none", clock.instant())),
        "iam:CreateUser", Optional.empty(), RequestContext.NONE);
    assertThat(e.verdict()).isEqualTo(PolicyEngine.Verdict.NOT_ALLOWED);
    assertThat(e.decidedBy()).isEqualTo("permission boundary " + boundaryArn + " does not allow it");
    assertThat(cache.invalidate(List.of(set.roleArn()))).containsExactly(set.roleArn());
  }
}
