package io.periscope.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.aws.iam.EffectiveAccess.Layer;
import io.periscope.aws.iam.PolicyEngine.Verdict;
import io.periscope.aws.iam.ScpChain.Level;
import io.periscope.aws.iam.ScpChain.Level.Kind;
import io.periscope.testkit.TestEpoch;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Identity policies intersected with permission boundaries and SCPs, with the cases of the AWS
 * documentation: IAM User Guide "Permissions boundaries for IAM entities" and "Policy evaluation
 * logic" (explicit deny, then SCPs, then identity, then boundary), and the AWS Organizations User
 * Guide "SCP evaluation" scenarios and "Example SCPs" (deny by requested Region).
 */
class EffectiveAccessTest {
  private static final PolicyDocument FULL_AWS_ACCESS = doc("SCP FullAWSAccess (p-FullAWSAccess)",
      "{'Effect':'Allow','Action':'*','Resource':'*'}");

  private static PolicyDocument doc(String source, String... statements) {
    return PolicyDocument.parse(source, ("{'Version':'2012-10-17','Statement':[" + String.join(",", statements) + "]}").replace('\'', '"'));
  }

  private static ScpChain scps(List<PolicyDocument> root, List<PolicyDocument> ou, List<PolicyDocument> account) {
    return new ScpChain(ScpChain.State.READ, "", List.of(new Level(Kind.ROOT, "r-ab12", "Root", root),
        new Level(Kind.ORGANIZATIONAL_UNIT, "ou-ab12-sandbox", "Sandbox", ou), new Level(Kind.ACCOUNT, "111122223333", "", account)),
        TestEpoch.instant());
  }

  private static final ScpChain NO_SCPS = ScpChain.notApplicable("SCPs are not enabled in the organization's root", TestEpoch.instant());

  private static EffectiveAccess.Effective decide(List<PolicyDocument> identity, PermissionsBoundary boundary, ScpChain scps, String action) {
    return EffectiveAccess.decide(new EffectiveAccess.Layers(identity, boundary, scps), action, Optional.empty(), RequestContext.NONE);
  }

  // --- IAM User Guide, "Permissions boundaries for IAM entities": ShirleyRodriguez -----------------------------------------
  private static final PermissionsBoundary SHIRLEY_BOUNDARY = new PermissionsBoundary("arn:aws:iam::111122223333:policy/S3CwEc2Boundary",
      Optional.of(doc("arn:aws:iam::111122223333:policy/S3CwEc2Boundary",
          "{'Effect':'Allow','Action':['s3:*','cloudwatch:*','ec2:*'],'Resource':'*'}")));

  @Test
  void docsBoundaryExample_iamCreateUserAllowedByIdentityButOutsideTheBoundaryFails() {
    var identity = List.of(doc("inline:CreateUser", "{'Effect':'Allow','Action':'iam:CreateUser','Resource':'*'}"));
    var e = decide(identity, SHIRLEY_BOUNDARY, NO_SCPS, "iam:CreateUser");
    assertThat(e.verdict()).isEqualTo(Verdict.NOT_ALLOWED);
    assertThat(e.layer()).isEqualTo(Layer.BOUNDARY);
    assertThat(e.decidedBy()).isEqualTo("permission boundary arn:aws:iam::111122223333:policy/S3CwEc2Boundary does not allow it");
    // The upper bound (identity only) still says allowed: that is the difference the tab shows.
    assertThat(PolicyEngine.evaluate(identity, "iam:CreateUser", Optional.empty()).verdict()).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void docsBoundaryExample_theBoundaryAloneGrantsNothing() {
    var e = decide(List.of(), SHIRLEY_BOUNDARY, NO_SCPS, "s3:GetObject");
    assertThat(e.verdict()).isEqualTo(Verdict.NOT_ALLOWED);
    assertThat(e.layer()).isEqualTo(Layer.IDENTITY);
  }

  @Test
  void docsBoundaryExample_anActionInBothIsAllowedAndTheAnswerSaysEveryLayerAgreed() {
    var identity = List.of(doc("inline:s3", "{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}"));
    var e = decide(identity, SHIRLEY_BOUNDARY, NO_SCPS, "s3:GetObject");
    assertThat(e.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(e.layer()).isEqualTo(Layer.IDENTITY);
    assertThat(e.decidedBy()).isEqualTo("identity policies; also allowed by the permission boundary");
    assertThat(e.evidence()).containsExactly("inline:s3 statement 0");
  }

  @Test
  void evaluationLogic_anExplicitDenyInTheBoundaryWinsOverTheIdentityAllow() {
    var boundary = new PermissionsBoundary("arn:aws:iam::111122223333:policy/B", Optional.of(doc("arn:aws:iam::111122223333:policy/B",
        "{'Effect':'Allow','Action':'*','Resource':'*'}", "{'Sid':'NoBucketDelete','Effect':'Deny','Action':'s3:DeleteBucket','Resource':'*'}")));
    var identity = List.of(doc("inline:s3", "{'Effect':'Allow','Action':'s3:*','Resource':'*'}"));
    var e = decide(identity, boundary, NO_SCPS, "s3:DeleteBucket");
    assertThat(e.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(e.layer()).isEqualTo(Layer.EXPLICIT_DENY);
    assertThat(e.decidedBy()).isEqualTo("explicit deny in permission boundary arn:aws:iam::111122223333:policy/B");
    assertThat(e.evidence()).containsExactly("arn:aws:iam::111122223333:policy/B NoBucketDelete");
  }

  @Test
  void evaluationLogic_anExplicitDenyInTheIdentityPoliciesWinsOverEverything() {
    var identity = List.of(doc("inline:app", "{'Effect':'Allow','Action':'*','Resource':'*'}",
        "{'Sid':'NoPassRole','Effect':'Deny','Action':'iam:PassRole','Resource':'*'}"));
    var e = decide(identity, PermissionsBoundary.NONE, scps(List.of(FULL_AWS_ACCESS), List.of(FULL_AWS_ACCESS), List.of(FULL_AWS_ACCESS)),
        "iam:PassRole");
    assertThat(e.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(e.decidedBy()).isEqualTo("explicit deny in identity policies");
  }

  // --- AWS Organizations User Guide, "SCP evaluation" ----------------------------------------------------------------------
  private static final List<PolicyDocument> ADMIN = List.of(doc("arn:aws:iam::aws:policy/AdministratorAccess",
      "{'Effect':'Allow','Action':'*','Resource':'*'}"));

  @Test
  void scpScenario1_aDenyAttachedAtTheRootDeniesInEveryAccountBelowIt() {
    var denyS3 = doc("SCP DenyS3 (p-denys3)", "{'Effect':'Deny','Action':'s3:*','Resource':'*'}");
    var e = decide(ADMIN, PermissionsBoundary.NONE, scps(List.of(FULL_AWS_ACCESS, denyS3), List.of(FULL_AWS_ACCESS), List.of(FULL_AWS_ACCESS)),
        "s3:PutObject");
    assertThat(e.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(e.decidedBy()).isEqualTo("explicit deny in SCP at root r-ab12");
    var ec2 = decide(ADMIN, PermissionsBoundary.NONE, scps(List.of(FULL_AWS_ACCESS, denyS3), List.of(FULL_AWS_ACCESS),
        List.of(FULL_AWS_ACCESS)), "ec2:RunInstances");
    assertThat(ec2.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(ec2.decidedBy()).isEqualTo("identity policies; also allowed by the SCPs at all 3 levels");
  }

  @Test
  void scpScenario2_anAllowIsNeededAtEveryLevel_onlyWhatTheAccountLevelAllowsRemains() {
    var ouAllowsEc2AndS3 = doc("SCP AllowEc2S3 (p-ec2s3)", "{'Effect':'Allow','Action':['ec2:*','s3:*'],'Resource':'*'}");
    var accountAllowsEc2 = doc("SCP AllowEc2 (p-ec2)", "{'Effect':'Allow','Action':'ec2:*','Resource':'*'}");
    var chain = scps(List.of(FULL_AWS_ACCESS), List.of(ouAllowsEc2AndS3), List.of(accountAllowsEc2));
    assertThat(decide(ADMIN, PermissionsBoundary.NONE, chain, "ec2:RunInstances").verdict()).isEqualTo(Verdict.ALLOWED);
    var s3 = decide(ADMIN, PermissionsBoundary.NONE, chain, "s3:GetObject");
    assertThat(s3.verdict()).isEqualTo(Verdict.NOT_ALLOWED);
    assertThat(s3.layer()).isEqualTo(Layer.SCP);
    assertThat(s3.decidedBy()).isEqualTo("SCP at account 111122223333 does not allow it");
    var iam = decide(ADMIN, PermissionsBoundary.NONE, chain, "iam:CreateUser");
    assertThat(iam.decidedBy()).isEqualTo("SCP at OU Sandbox (ou-ab12-sandbox) does not allow it");
  }

  @Test
  void scpScenario3_anOuWithoutFullAwsAccessCutsOffWhatTheAccountLevelAllows() {
    var ouAllowsEc2 = doc("SCP AllowEc2 (p-ec2)", "{'Effect':'Allow','Action':'ec2:*','Resource':'*'}");
    var accountAllowsS3 = doc("SCP AllowS3 (p-s3)", "{'Effect':'Allow','Action':'s3:*','Resource':'*'}");
    var chain = scps(List.of(FULL_AWS_ACCESS), List.of(ouAllowsEc2), List.of(accountAllowsS3));
    assertThat(decide(ADMIN, PermissionsBoundary.NONE, chain, "ec2:RunInstances").decidedBy())
        .isEqualTo("SCP at account 111122223333 does not allow it");
    assertThat(decide(ADMIN, PermissionsBoundary.NONE, chain, "s3:GetObject").decidedBy())
        .isEqualTo("SCP at OU Sandbox (ou-ab12-sandbox) does not allow it");
  }

  @Test
  void scpsNeverGrant_anActionNoIdentityPolicyAllowsStaysNotAllowedByIdentity() {
    var e = decide(List.of(), PermissionsBoundary.NONE, scps(List.of(FULL_AWS_ACCESS), List.of(FULL_AWS_ACCESS), List.of(FULL_AWS_ACCESS)),
        "s3:GetObject");
    assertThat(e.verdict()).isEqualTo(Verdict.NOT_ALLOWED);
    assertThat(e.decidedBy()).isEqualTo("no identity policy allows it");
  }

  /** Organizations "Example SCPs": deny access to AWS based on the requested Region, decided for a stated request. */
  @Test
  void scpRegionExample_isDecidedByTheStatedRequestAndConditionalWithoutOne() {
    var regionDeny = doc("SCP DenyAllOutsideEU (p-region)", """
        {'Sid':'DenyAllOutsideEU','Effect':'Deny','NotAction':['iam:*','organizations:*','sts:*'],'Resource':'*',
         'Condition':{'StringNotEquals':{'aws:RequestedRegion':['eu-central-1','eu-west-1']}}}""");
    var chain = scps(List.of(FULL_AWS_ACCESS), List.of(FULL_AWS_ACCESS, regionDeny), List.of(FULL_AWS_ACCESS));
    var layers = new EffectiveAccess.Layers(ADMIN, PermissionsBoundary.NONE, chain);
    var inUs = EffectiveAccess.decide(layers, "ec2:RunInstances", Optional.empty(),
        RequestContext.parse("{\"aws:RequestedRegion\":\"us-west-2\"}"));
    assertThat(inUs.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(inUs.decidedBy()).isEqualTo("explicit deny in SCP at OU Sandbox (ou-ab12-sandbox)");
    assertThat(EffectiveAccess.decide(layers, "ec2:RunInstances", Optional.empty(),
        RequestContext.parse("{\"aws:RequestedRegion\":\"eu-west-1\"}")).verdict()).isEqualTo(Verdict.ALLOWED);
    var unstated = EffectiveAccess.decide(layers, "ec2:RunInstances", Optional.empty(), RequestContext.parse("{\"aws:SourceVpc\":\"vpc-1\"}"));
    assertThat(unstated.verdict()).isEqualTo(Verdict.CONDITIONAL);
    assertThat(unstated.decidedBy()).isEqualTo("conditions in SCP at OU Sandbox (ou-ab12-sandbox)");
    assertThat(unstated.missing()).containsExactly("aws:RequestedRegion not stated");
    // iam:* is outside the NotAction deny: allowed whatever the Region.
    assertThat(EffectiveAccess.decide(layers, "iam:PassRole", Optional.empty(), RequestContext.NONE).verdict()).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void aConditionalIdentityAllowIsDecidedByTheStatedVpc() {
    var identity = List.of(doc("inline:kms", "{'Effect':'Allow','Action':'kms:Decrypt','Resource':'*',"
        + "'Condition':{'StringEquals':{'aws:SourceVpc':'vpc-0abc'}}}"));
    var layers = new EffectiveAccess.Layers(identity, PermissionsBoundary.NONE, NO_SCPS);
    assertThat(EffectiveAccess.decide(layers, "kms:Decrypt", Optional.empty(), RequestContext.NONE).missing())
        .containsExactly("no request context stated");
    assertThat(EffectiveAccess.decide(layers, "kms:Decrypt", Optional.empty(), RequestContext.parse("{\"aws:SourceVpc\":\"vpc-0abc\"}"))
        .verdict()).isEqualTo(Verdict.ALLOWED);
    var elsewhere = EffectiveAccess.decide(layers, "kms:Decrypt", Optional.empty(), RequestContext.parse("{\"aws:SourceVpc\":\"vpc-0def\"}"));
    assertThat(elsewhere.verdict()).isEqualTo(Verdict.NOT_ALLOWED);
    assertThat(elsewhere.layer()).isEqualTo(Layer.IDENTITY);
  }

  @Test
  void layersThatCannotBeReadAreNamedNotGuessed() {
    var unreadableBoundary = new PermissionsBoundary("arn:aws:iam::111122223333:policy/B", Optional.empty());
    var notReadable = ScpChain.notReadable("the Periscope server's AWS role is not allowed organizations:DescribeOrganization "
        + "(AccessDenied: not the management account)", TestEpoch.instant());
    var e = decide(ADMIN, unreadableBoundary, notReadable, "s3:GetObject");
    assertThat(e.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(e.notConsidered()).containsExactly(
        "SCPs not readable: the Periscope server's AWS role is not allowed organizations:DescribeOrganization (AccessDenied: not the management account)",
        "permission boundary arn:aws:iam::111122223333:policy/B not readable");
  }

  @Test
  void withoutAContextTheEngineKeepsTodaysUpperBound() {
    var identity = List.of(doc("inline:x", "{'Effect':'Allow','Action':'s3:GetObject','Resource':'*','Condition':{'StringEquals':{}}}"));
    assertThat(PolicyEngine.evaluate(identity, "s3:GetObject", "arn:aws:s3:::b/k").verdict()).isEqualTo(Verdict.CONDITIONAL);
    assertThat(PolicyEngine.reach(identity, "s3:GetObject").scope()).isEqualTo(PolicyEngine.Scope.CONDITIONAL);
    assertThat(PolicyEngine.reach(identity, "s3:GetObject", RequestContext.parse("{}")).scope()).isEqualTo(PolicyEngine.Scope.ALL_RESOURCES);
  }
}
