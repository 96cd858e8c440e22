package io.periscope.aws.eks.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.aws.eks.KubernetesMinor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AMI drift of a managed node group is a warning only while some node runs the old AMI. */
class NodegroupDriftVerdictTest {
  private static final KubernetesMinor V1_31 = new KubernetesMinor(1, 31);

  private static NodegroupDrift.Group group(String name, Integer nodes) {
    return new NodegroupDrift.Group(name, "ACTIVE", "1.31", "1.31.2-20241024", "AL2023_x86_64_STANDARD", "ON_DEMAND", 0,
        new AmiReleases.Drift("1.31.2-20241024", "1.31.4-20241205", 3, 42), null, nodes);
  }

  private static List<String> warnings(NodegroupDrift.Group g) {
    return UpgradeReadiness.verdict(V1_31.next(), V1_31, List.of(), Map.of(), List.of(g), null, null).warnings().stream()
        .filter(w -> w.source().equals("nodegroup")).map(UpgradeReadiness.Reason::message).toList();
  }

  @Test
  void aGroupWithNodesOnAnOldAmiIsAWarning() {
    assertThat(warnings(group("general", 3))).singleElement().asString()
        .isEqualTo("node group general is 3 AMI releases / 42 days behind (1.31.2-20241024 → 1.31.4-20241205)");
  }

  @Test
  void aGroupWithNoNodeHasNothingDrifting() {
    assertThat(warnings(group("batch", 0))).isEmpty();
  }

  @Test
  void aGroupWhoseNodesCouldNotBeCountedKeepsItsWarning() {
    assertThat(warnings(group("batch", null))).hasSize(1);
  }
}
