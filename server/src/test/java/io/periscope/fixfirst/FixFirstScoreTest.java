package io.periscope.fixfirst;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.aws.iam.PolicyEngine;
import io.periscope.aws.iam.SensitiveActions.Category;
import io.periscope.aws.iam.WorkloadPermissions.Chip;
import io.periscope.aws.inspector.Finding;
import io.periscope.aws.inspector.Severity;
import io.periscope.fixfirst.FixFirstScore.Factor;
import io.periscope.fixfirst.FixFirstScore.ImageFinding;
import io.periscope.fixfirst.FixFirstScore.RoleReach;
import io.periscope.fixfirst.FixFirstScore.Signal;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixFirstScoreTest {
  private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/example/payments-api:2.14.1";
  private static final Exposures.Via PUBLIC_LB = new Exposures.Via("Service", "payments-api-public", "public LoadBalancer",
      Exposures.Level.PUBLIC, "payments-api-public");

  private static ImageFinding finding(String id, Severity severity, double score, boolean exploit) {
    return new ImageFinding(IMAGE, new Finding("arn:" + id, id, id, severity, score, "sha256:0", "stdlib", "GOBINARY", "DEBIAN_12", "1.16.1",
        List.of("1.26.3"), exploit, "YES", ""));
  }

  private static RoleReach role(String name, Category... categories) {
    List<Chip> chips = java.util.Arrays.stream(categories).map(c -> new Chip(switch (c) {
      case PRIVILEGE_ESCALATION -> "iam:PassRole";
      case DATA -> "secretsmanager:GetSecretValue";
      case DESTRUCTIVE -> "s3:DeleteBucket";
      default -> "sts:AssumeRole";
    }, c, PolicyEngine.Scope.ALL_RESOURCES, List.of("*"), List.of())).toList();
    return new RoleReach("arn:aws:iam::123456789012:role/" + name, chips);
  }

  @Test
  void nothingScoresOneAndSaysNothing() {
    var score = FixFirstScore.score(List.of(), List.of(), List.of(), List.of());
    assertThat(score.value()).isEqualTo(1);
    assertThat(score.why()).isEmpty();
  }

  @Test
  void theFactorsMultiplyAndEachSaysWhy() {
    var score = FixFirstScore.score(List.of(PUBLIC_LB), List.of(finding("CVE-2021-30000", Severity.CRITICAL, 9.8, true),
        finding("CVE-2023-44487", Severity.HIGH, 7.5, true), finding("CVE-2021-30037", Severity.CRITICAL, 9.1, false)),
        List.of(role("prod-payments-api", Category.DATA, Category.DATA)), List.of());
    assertThat(score.value()).isEqualTo(3 * 4 * 2);
    assertThat(score.why()).containsExactly(
        "critical CVE-2021-30000 with a public exploit in payments-api:2.14.1 image (stdlib 1.16.1), 1 more exploitable",
        "public LoadBalancer payments-api-public",
        "role prod-payments-api can secretsmanager:GetSecretValue, secretsmanager:GetSecretValue");
    assertThat(score.factors()).extracting(Factor::signal).containsExactly(Signal.CVE, Signal.EXPOSURE, Signal.IAM, Signal.POD_SPEC);
  }

  @Test
  void exploitabilityWeighsAnExploitAboveSeverity() {
    assertThat(FixFirstScore.weight(finding("a", Severity.CRITICAL, 9, true).finding())).isEqualTo(4);
    assertThat(FixFirstScore.weight(finding("b", Severity.HIGH, 8, true).finding())).isEqualTo(3);
    assertThat(FixFirstScore.weight(finding("c", Severity.MEDIUM, 5, true).finding())).isEqualTo(2);
    assertThat(FixFirstScore.weight(finding("d", Severity.CRITICAL, 9.9, false).finding())).isEqualTo(1.5);
    assertThat(FixFirstScore.weight(finding("e", Severity.HIGH, 8, false).finding())).isEqualTo(1);
    Factor f = FixFirstScore.exploitability(List.of(finding("CVE-1", Severity.CRITICAL, 9.9, false), finding("CVE-2", Severity.MEDIUM, 5, true)));
    assertThat(f.value()).isEqualTo(2);
    assertThat(f.reason()).startsWith("medium CVE-2 with a public exploit");
    Factor noExploit = FixFirstScore.exploitability(List.of(finding("CVE-3", Severity.CRITICAL, 9.9, false)));
    assertThat(noExploit.value()).isEqualTo(1.5);
    assertThat(noExploit.reason()).isEqualTo("critical CVE-3 (no known exploit) in payments-api:2.14.1 image (stdlib 1.16.1)");
    assertThat(FixFirstScore.exploitability(List.of(finding("CVE-4", Severity.HIGH, 8, false))).value()).isEqualTo(1);
  }

  @Test
  void privilegeEscalationOutweighsOtherSensitiveActionsAndTheWorstRoleSpeaks() {
    Factor f = FixFirstScore.iam(List.of(role("reader", Category.DATA), role("deployer", Category.DESTRUCTIVE, Category.PRIVILEGE_ESCALATION)));
    assertThat(f.value()).isEqualTo(3);
    assertThat(f.reason()).isEqualTo("role deployer can iam:PassRole, s3:DeleteBucket");
    assertThat(FixFirstScore.iam(List.of(role("plain"))).value()).isEqualTo(1);
    Factor many = FixFirstScore.iam(List.of(role("wide", Category.DATA, Category.DATA, Category.DESTRUCTIVE, Category.CROSS_ACCOUNT)));
    assertThat(many.reason()).endsWith(" and 1 more");
  }

  @Test
  void thePodSpecFactorIsItsWorstLevelNamingEverySettingAtIt() {
    var risks = List.of(new PodSpecRisks.Risk("privileged container", PodSpecRisks.Level.NODE_ESCAPE, List.of("agent")),
        new PodSpecRisks.Risk("hostPath volume /", PodSpecRisks.Level.NODE_ESCAPE, List.of()),
        new PodSpecRisks.Risk("runs as root (runAsUser 0)", PodSpecRisks.Level.ELEVATED, List.of("agent")));
    Factor f = FixFirstScore.podSpec(risks);
    assertThat(f.value()).isEqualTo(3);
    assertThat(f.reason()).isEqualTo("privileged container, hostPath volume /");
  }

  @Test
  void rankingFollowsTheProduct() {
    var exposedOnly = FixFirstScore.score(List.of(PUBLIC_LB), List.of(), List.of(), List.of());
    var exploitAndRole = FixFirstScore.score(List.of(), List.of(finding("CVE-9", Severity.CRITICAL, 9, true)),
        List.of(role("r", Category.PRIVILEGE_ESCALATION)), List.of());
    var all = FixFirstScore.score(List.of(PUBLIC_LB), List.of(finding("CVE-9", Severity.CRITICAL, 9, true)),
        List.of(role("r", Category.PRIVILEGE_ESCALATION)), List.of());
    assertThat(List.of(exposedOnly.value(), exploitAndRole.value(), all.value())).containsExactly(3.0, 12.0, 36.0);
  }

  @Test
  void imageAndRoleNamesAreShort() {
    assertThat(FixFirstScore.shortImage(IMAGE + "@sha256:abc")).isEqualTo("payments-api:2.14.1");
    assertThat(FixFirstScore.roleName("arn:aws:iam::123456789012:role/team/app")).isEqualTo("app");
  }
}
