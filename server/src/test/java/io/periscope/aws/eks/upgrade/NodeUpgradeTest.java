package io.periscope.aws.eks.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.aws.eks.KubernetesMinor;
import io.periscope.karpenter.NodeClassAmis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeUpgradeTest {
  private static final KubernetesMinor V1_26 = new KubernetesMinor(1, 26);
  private static final KubernetesMinor V1_27 = new KubernetesMinor(1, 27);
  private static final KubernetesMinor V1_31 = new KubernetesMinor(1, 31);
  private static final KubernetesMinor V1_32 = new KubernetesMinor(1, 32);

  private static NodeUpgrade.Node node(String name, String label, String value, String kubelet) {
    return new NodeUpgrade.Node(name, label == null ? Map.of() : Map.of(label, value), kubelet);
  }

  private static NodeClassAmis.AmiTerm alias(String alias) {
    return new NodeClassAmis.AmiTerm(alias, null, null, null, Map.of());
  }

  @Test
  void theSupportedSkewIsThreeMinorsSince128AndTwoBefore() {
    assertThat(NodeUpgrade.supportedSkew(new KubernetesMinor(1, 27))).isEqualTo(2);
    assertThat(NodeUpgrade.supportedSkew(new KubernetesMinor(1, 28))).isEqualTo(3);
    assertThat(NodeUpgrade.supportedSkew(V1_32)).isEqualTo(3);
  }

  @Test
  void nodesAreGroupedByTheLabelsEksAndKarpenterPutOnThem() {
    var origins = NodeUpgrade.origins(List.of(
        node("a", "eks.amazonaws.com/nodegroup", "general", "v1.31.4-eks-aeac579"),
        node("b", "karpenter.sh/nodepool", "spot", "v1.31.4-eks-aeac579"),
        node("c", "karpenter.sh/nodepool", "spot", "v1.30.8-eks-2d5f260"),
        node("d", "eks.amazonaws.com/compute-type", "fargate", "v1.31.2-eks-94953ac"),
        node("e", null, null, "v1.29.1"),
        node("f", null, null, null)), Map.of(), V1_32);

    assertThat(origins).extracting(o -> o.label() + " " + o.nodes()).containsExactly(
        "managed node group general 1", "Karpenter NodePool spot 2", "Fargate 1", "self-managed 2");
    assertThat(origins.get(1).kubelets()).extracting(k -> k.version() + "=" + k.minor() + "x" + k.nodes())
        .containsExactly("v1.30.8-eks-2d5f260=1.30x1", "v1.31.4-eks-aeac579=1.31x1");
    assertThat(origins.get(3).kubelets()).extracting(NodeUpgrade.Kubelet::version).containsExactly("unknown", "v1.29.1");
    assertThat(origins.get(0).upgrade()).contains("update node group general to 1.32");
    assertThat(origins.get(1).upgrade()).contains("if their EC2NodeClass resolves to a new AMI");
    assertThat(origins.get(3).upgrade()).contains("neither EKS nor Karpenter");
  }

  @Test
  void aKubeletMoreThanThreeMinorsBehindTheTargetBlocksItAndOneAlreadyBehindIsAWarning() {
    var origins = NodeUpgrade.origins(List.of(
        node("old", null, null, "v1.28.15-eks-1552ad0"),
        node("behind", "eks.amazonaws.com/nodegroup", "batch", "v1.29.10"),
        node("current", "karpenter.sh/nodepool", "spot", "v1.31.4")), Map.of(), V1_32);
    List<UpgradeReadiness.Reason> blockers = new ArrayList<>();
    List<UpgradeReadiness.Reason> warnings = new ArrayList<>();

    NodeUpgrade.reasons(V1_32, V1_31, origins, List.of(), blockers, warnings);

    assertThat(blockers).singleElement().satisfies(b -> {
      assertThat(b.subject()).isEqualTo("self-managed");
      assertThat(b.message()).isEqualTo("1 node of self-managed runs kubelet v1.28.15-eks-1552ad0: 4 minors behind Kubernetes 1.32, "
          + "more than the 3 the skew policy supports; move them to 1.29 or later first");
    });
    assertThat(warnings).extracting(UpgradeReadiness.Reason::message).containsExactly(
        "1 node of managed node group batch runs kubelet v1.29.10, 2 minors behind the control plane already; 3 minors behind after the "
            + "upgrade to 1.32 (at most 3 supported)",
        "1 self-managed node: neither EKS nor Karpenter upgrades these nodes: replace them with nodes built for 1.32 yourself");
    var skew = NodeUpgrade.skew(V1_32, origins);
    assertThat(skew.withinSkew()).isFalse();
    assertThat(skew.oldestKubelet()).isEqualTo("1.28");
    assertThat(skew.outside()).containsExactly("1 node of self-managed on kubelet v1.28.15-eks-1552ad0");
  }

  @Test
  void beforeKubernetes128TwoMinorsIsTheLimit() {
    var origins = NodeUpgrade.origins(List.of(node("n", "karpenter.sh/nodepool", "p", "v1.24.17"),
        node("m", "karpenter.sh/nodepool", "q", "v1.25.16")), Map.of(), V1_27);
    List<UpgradeReadiness.Reason> blockers = new ArrayList<>();

    NodeUpgrade.reasons(V1_27, V1_26, origins, List.of(), blockers, new ArrayList<>());

    assertThat(blockers).singleElement().satisfies(b -> assertThat(b.message())
        .contains("kubelet v1.24.17: 3 minors behind Kubernetes 1.27, more than the 2 the skew policy supports; move them to 1.25 or later first"));
    assertThat(NodeUpgrade.skew(V1_27, origins).outside()).containsExactly("1 node of Karpenter NodePool p on kubelet v1.24.17");
  }

  @Test
  void anEc2NodeClassOnLatestIsReplacedThroughDriftAndAPinnedOneIsAWarningSayingWhatToChange() {
    var state = new NodeClassAmis.State(List.of(new NodeClassAmis.Pool("spot", "karpenter.k8s.aws", "EC2NodeClass", "default"),
        new NodeClassAmis.Pool("critical", "karpenter.k8s.aws", "EC2NodeClass", "pinned"),
        new NodeClassAmis.Pool("gpu", "karpenter.k8s.aws", "EC2NodeClass", "by-id")),
        List.of(new NodeClassAmis.NodeClass("pinned", List.of(alias("al2023@v20241211"))),
            new NodeClassAmis.NodeClass("default", List.of(alias("al2023@latest"))),
            new NodeClassAmis.NodeClass("by-id", List.of(new NodeClassAmis.AmiTerm(null, "ami-0a1b2c3d4e5f60718", null, null, Map.of()))),
            new NodeClassAmis.NodeClass("unused", List.of(alias("bottlerocket@latest")))));

    var drift = NodeUpgrade.drift(state, V1_32);

    assertThat(drift).extracting(d -> d.name() + " " + d.followsLatest() + " " + d.nodePools())
        .containsExactly("by-id false [gpu]", "default true [spot]", "pinned false [critical]", "unused true []");
    assertThat(drift.get(1).note()).isEqualTo("follows the latest AMI (alias al2023@latest): Karpenter replaces its nodes through drift "
        + "after the control plane upgrade");
    assertThat(drift.get(2).note()).contains("alias al2023@v20241211 pins an AMI release").contains("or use al2023@latest, when you upgrade");
    assertThat(drift.get(0).note()).contains("selects AMIs by id: ami-0a1b2c3d4e5f60718, which do not follow the Kubernetes version");
    assertThat(drift.get(3).note()).endsWith("(no NodePool uses it)");

    var origins = NodeUpgrade.origins(List.of(node("a", "karpenter.sh/nodepool", "spot", "v1.31.4"),
        node("b", "karpenter.sh/nodepool", "critical", "v1.31.4")), NodeUpgrade.byPool(drift), V1_32);
    assertThat(origins).extracting(NodeUpgrade.Origin::upgrade).containsExactly(
        "EC2NodeClass pinned pins its AMI (alias: al2023@v20241211): whether they move depends on that pin (see the EC2NodeClass)",
        "replaced through drift after the upgrade (EC2NodeClass default follows the latest AMI)");

    List<UpgradeReadiness.Reason> warnings = new ArrayList<>();
    NodeUpgrade.reasons(V1_32, V1_31, origins, drift, new ArrayList<>(), warnings);
    assertThat(warnings).extracting(w -> w.source() + ":" + w.subject()).containsExactly("karpenter:by-id", "karpenter:pinned");

    List<UpgradeReadiness.Reason> later = new ArrayList<>();
    NodeUpgrade.reasons(new KubernetesMinor(1, 33), V1_31, origins, drift, new ArrayList<>(), later);
    assertThat(later).as("the drift notes are about the next upgrade only").isEmpty();
  }
}
