package io.periscope.aws.eks.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.aws.eks.KubernetesMinor;
import io.periscope.aws.eks.addons.AddonFreshness;
import io.periscope.aws.eks.addons.Addons;
import io.periscope.aws.eks.addons.InstalledAddon;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An add-on insight older than the update of the add-on it names: a warning that says so, not a blocker. */
class StaleInsightTest {
  private static final KubernetesMinor V1_31 = new KubernetesMinor(1, 31);
  private static final Instant REFRESHED = Instant.parse("2026-11-30T06:12:00Z");

  private static UpgradeInsight insight(String status, List<String> addons) {
    return new UpgradeInsight("2e94c0d7", "Amazon EKS add-on version compatibility", "UPGRADE_READINESS", "1.32", status,
        "Add-on versions are not compatible with the upcoming Kubernetes version.", null, null, null, REFRESHED, REFRESHED,
        List.of(), List.of(), addons);
  }

  private static Addons.Installed cni(String version, boolean compatibleWithNext, Instant modified) {
    var freshness = new AddonFreshness("1.31", "1.32", version, "v1.19.2-eksbuild.1", "v1.18.3-eksbuild.3", true, compatibleWithNext,
        "v1.19.0-eksbuild.1", "v1.19.2-eksbuild.1", 0, !compatibleWithNext);
    return new Addons.Installed("1.31", "1.32", List.of(new InstalledAddon("vpc-cni", version, "ACTIVE", List.of(), null, null, List.of(),
        "eks", "aws", modified, modified, freshness)), List.of());
  }

  private static UpgradeReadiness.Verdict verdict(UpgradeInsight i, Addons.Installed addons) {
    return UpgradeReadiness.verdict(V1_31.next(), V1_31, List.of(i), UpgradeReadiness.overtaken(List.of(i), V1_31, addons), List.of(), null,
        addons);
  }

  @Test
  void anErrorInsightWhoseAddonWasUpdatedSinceToACompatibleVersionIsAWarning() {
    var v = verdict(insight("ERROR", List.of("vpc-cni")), cni("v1.19.0-eksbuild.1", true, REFRESHED.plusSeconds(86_400)));

    assertThat(v.ready()).isTrue();
    assertThat(v.warnings()).singleElement().satisfies(w -> assertThat(w.message()).endsWith(
        "(the insight predates the update of vpc-cni to v1.19.0-eksbuild.1; EKS refreshes insights about daily)"));
  }

  @Test
  void itStaysABlockerWhileTheAddonIsIncompatibleOrWasNotUpdatedSinceTheRefreshOrTheInsightNamesNoAddon() {
    assertThat(verdict(insight("ERROR", List.of("vpc-cni")), cni("v1.18.3-eksbuild.3", false, REFRESHED.plusSeconds(86_400))).blockers())
        .extracting(UpgradeReadiness.Reason::source).contains("insight");
    assertThat(verdict(insight("ERROR", List.of("vpc-cni")), cni("v1.19.0-eksbuild.1", true, REFRESHED.minusSeconds(60))).ready()).isFalse();
    assertThat(verdict(insight("ERROR", List.of()), cni("v1.19.0-eksbuild.1", true, REFRESHED.plusSeconds(86_400))).ready()).isFalse();
    assertThat(verdict(insight("ERROR", List.of("vpc-cni", "coredns")), cni("v1.19.0-eksbuild.1", true, REFRESHED.plusSeconds(60))).ready())
        .as("coredns is not installed").isFalse();
    assertThat(UpgradeReadiness.stale(insight("PASSING", List.of("vpc-cni")), V1_31, cni("v1.19.0-eksbuild.1", true, REFRESHED.plusSeconds(60))))
        .isEmpty();
  }

  @Test
  void anUnknownUpdateTimeKeepsTheBlocker() {
    assertThat(verdict(insight("ERROR", List.of("vpc-cni")), cni("v1.19.0-eksbuild.1", true, null)).ready())
        .as("when the add-on was updated is not known, the insight may be current").isFalse();
  }
}
