package io.periscope.demo.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.iam.EffectiveAccess;
import io.periscope.aws.iam.OrganizationPolicies;
import io.periscope.aws.iam.PolicyEngine;
import io.periscope.aws.iam.RequestContext;
import io.periscope.aws.iam.RolePolicyCache;
import io.periscope.aws.iam.RolePolicySet;
import io.periscope.aws.iam.ScpChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.model.ChildNotFoundException;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * The demo organization and permission boundary through the product's own SDK clients and readers:
 * Organizations' JSON 1.1 answers parsed by the real SDK (pages of one), and the effective answers
 * the AWS Access tab shows for the demo's two showcase roles.
 */
class FakeOrganizationsTest extends FakeAwsAccountTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2031-12-31T23:55:00Z"), ZoneOffset.UTC);
  private static final AuditRecorder NOWHERE = e -> { };

  @Override
  Clock clock() {
    return CLOCK;
  }

  private static AuditTrail.Action action() {
    return new AuditTrail.Action(AuditTrail.actor(new Principal("ana", "", List.of())), "req-1", Verb.AWS_IAM_READ,
        new AuditEvent.Target("prod-us-east-1", "platform", "pods", "deploy-bot-0"), Map.of());
  }

  private RolePolicySet role(String name) {
    return new RolePolicyCache(new AwsCalls(new AuditTrail(NOWHERE, CLOCK)), CLOCK, new RolePolicyCache.Settings(Duration.ofMinutes(5),
        Duration.ofMinutes(1), 2)).get(clients.iam(Region.US_EAST_1), "arn:aws:iam::123456789012:role/" + name, action());
  }

  @Test
  void theAccountsScpChainIsReadPageByPageAndDenysPassRoleInTheWorkloadsOu() {
    var org = clients.organizations(Region.US_EAST_1);
    assertThat(org.listPoliciesForTarget(r -> r.targetId("ou-a1b2-wkld7x3q").filter(PolicyType.SERVICE_CONTROL_POLICY)).nextToken())
        .as("one policy a page").isNotBlank();
    ScpChain chain = new OrganizationPolicies(new AwsCalls(new AuditTrail(NOWHERE, CLOCK)), CLOCK, Duration.ofMinutes(5), Duration.ofMinutes(1))
        .of(org, "123456789012", action());
    assertThat(chain.state()).as(chain.reason()).isEqualTo(ScpChain.State.READ);
    assertThat(chain.levels()).extracting(ScpChain.Level::label)
        .containsExactly("root r-a1b2", "OU Workloads (ou-a1b2-wkld7x3q)", "account 123456789012");
    assertThat(chain.levels().get(1).policies()).hasSize(2);

    RolePolicySet deployBot = role("prod-deploy-bot");
    var layers = new EffectiveAccess.Layers(deployBot.documents(), deployBot.boundary(), chain);
    assertThat(PolicyEngine.evaluate(deployBot.documents(), "iam:PassRole", Optional.empty()).verdict())
        .as("the upper bound").isEqualTo(PolicyEngine.Verdict.ALLOWED);
    var passRole = EffectiveAccess.decide(layers, "iam:PassRole", Optional.empty(), RequestContext.NONE);
    assertThat(passRole.verdict()).isEqualTo(PolicyEngine.Verdict.DENIED);
    assertThat(passRole.decidedBy()).isEqualTo("explicit deny in SCP at OU Workloads (ou-a1b2-wkld7x3q)");
    assertThat(passRole.evidence()).containsExactly("SCP DenyPassRoleInWorkloads (p-7tq2x9mw) NoPassRole");
  }

  @Test
  void theManagementAccountIsNotLimitedAndAnUnknownChildIsAnAwsError() {
    var org = clients.organizations(Region.US_EAST_1);
    var policies = new OrganizationPolicies(new AwsCalls(new AuditTrail(NOWHERE, CLOCK)), CLOCK, Duration.ofMinutes(5), Duration.ofMinutes(1));
    assertThat(policies.of(org, "210987654321", action()).state()).isEqualTo(ScpChain.State.NOT_APPLICABLE);
    assertThatThrownBy(() -> org.listParents(r -> r.childId("999999999999"))).isInstanceOf(ChildNotFoundException.class);
  }

  @Test
  void theLedgerWorkersBoundaryComesWithGetRoleAndCutsItsDeletes() {
    RolePolicySet ledger = role("prod-ledger-worker");
    assertThat(ledger.problems()).isEmpty();
    assertThat(ledger.boundary().arn()).isEqualTo("arn:aws:iam::123456789012:policy/workload-boundary");
    var layers = new EffectiveAccess.Layers(ledger.documents(), ledger.boundary(), ScpChain.notApplicable("not asked", CLOCK.instant()));
    var delete = EffectiveAccess.decide(layers, "s3:DeleteBucket", Optional.empty(), RequestContext.NONE);
    assertThat(delete.verdict()).isEqualTo(PolicyEngine.Verdict.NOT_ALLOWED);
    assertThat(delete.layer()).isEqualTo(EffectiveAccess.Layer.BOUNDARY);
    assertThat(EffectiveAccess.decide(layers, "s3:GetObject", Optional.empty(), RequestContext.NONE).verdict())
        .isEqualTo(PolicyEngine.Verdict.ALLOWED);
  }
}
