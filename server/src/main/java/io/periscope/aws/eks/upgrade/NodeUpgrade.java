package io.periscope.aws.eks.upgrade;

import io.periscope.aws.eks.KubernetesMinor;
import io.periscope.karpenter.NodeClassAmis;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cluster's nodes against an upgrade, whoever runs them: grouped by origin (a managed node
 * group, a Karpenter NodePool, Fargate, or self-managed), their kubelet versions against the
 * supported kubelet / control-plane skew after the control plane moves (since Kubernetes 1.28 a
 * kubelet may be up to three minors older than the apiserver, before that two), and how each
 * origin's nodes get the new version: for Karpenter, whether the EC2NodeClass's
 * {@code amiSelectorTerms} follow the latest AMI (its nodes are then replaced through drift).
 * Plain data in, verdicts out: the readers are elsewhere.
 */
public final class NodeUpgrade {
  public static final String NODEGROUP_LABEL = "eks.amazonaws.com/nodegroup";
  public static final String KARPENTER_LABEL = "karpenter.sh/nodepool";
  public static final String COMPUTE_TYPE_LABEL = "eks.amazonaws.com/compute-type";

  /** Where a node comes from, and so who upgrades it. */
  public enum Kind {
    NODEGROUP("managed node group"), KARPENTER("Karpenter NodePool"), FARGATE("Fargate"), SELF_MANAGED("self-managed");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /** One node as the reader keeps it: its name, origin labels and {@code status.nodeInfo.kubeletVersion}. */
  public record Node(String name, Map<String, String> labels, String kubeletVersion) {}

  /** How many nodes of an origin run one kubelet version; {@code minor} null when the version is not major.minor. */
  public record Kubelet(String version, String minor, int nodes) {}

  /**
   * The nodes of one origin.
   *
   * @param name the node group or NodePool, null for Fargate and self-managed nodes
   * @param upgrade how these nodes get the next minor
   */
  public record Origin(Kind kind, String name, int nodes, List<Kubelet> kubelets, String upgrade) {
    /** {@code Karpenter NodePool general-spot}, {@code self-managed}. */
    public String label() {
      return name == null ? kind.words() : kind.words() + " " + name;
    }
  }

  /**
   * The kubelet skew after the control plane moves to {@code targetVersion}.
   *
   * @param supportedMinorsBehind how far a kubelet may trail the control plane at that version
   * @param oldestKubelet the oldest kubelet minor among the nodes, null when there are none
   * @param outside nodes that would fall outside the supported skew, per origin and version
   */
  public record Skew(String targetVersion, int supportedMinorsBehind, boolean withinSkew, String oldestKubelet, List<String> outside) {}

  /**
   * One EC2NodeClass against the upgrade.
   *
   * @param followsLatest whether its {@code amiSelectorTerms} follow the latest AMI ({@code alias: …@latest}):
   *     Karpenter then replaces its nodes through drift once the control plane is upgraded
   * @param note what happens to its nodes, and for a pinned one what to change
   */
  public record NodeClassDrift(String name, List<String> nodePools, List<String> amiSelectorTerms, boolean followsLatest, String note) {}

  /**
   * The nodes section of the readiness answer.
   *
   * @param available whether the nodes could be listed (as the person); when not, the other fields are empty
   * @param karpenter whether the cluster serves Karpenter's NodePools; null when that could not be told
   * @param nodeClasses the EC2NodeClasses, empty when Karpenter is not served or they could not be read
   */
  public record Section(boolean available, int total, List<Origin> origins, List<Skew> skew, Boolean karpenter,
      List<NodeClassDrift> nodeClasses) {
    public static Section unavailable(Boolean karpenter, List<NodeClassDrift> nodeClasses) {
      return new Section(false, 0, List.of(), List.of(), karpenter, nodeClasses);
    }
  }

  private NodeUpgrade() {}

  /** The origin of a node by the labels EKS and Karpenter put on it. */
  static Origin key(Node n) {
    Map<String, String> l = n.labels();
    if ("fargate".equals(l.get(COMPUTE_TYPE_LABEL))) {
      return new Origin(Kind.FARGATE, null, 0, List.of(), null);
    }
    if (l.containsKey(NODEGROUP_LABEL)) {
      return new Origin(Kind.NODEGROUP, l.get(NODEGROUP_LABEL), 0, List.of(), null);
    }
    if (l.containsKey(KARPENTER_LABEL)) {
      return new Origin(Kind.KARPENTER, l.get(KARPENTER_LABEL), 0, List.of(), null);
    }
    return new Origin(Kind.SELF_MANAGED, null, 0, List.of(), null);
  }

  /** How many minors a kubelet may trail an apiserver at {@code version}: three since 1.28, two before. */
  public static int supportedSkew(KubernetesMinor version) {
    return version.compareTo(new KubernetesMinor(1, 28)) >= 0 ? 3 : 2;
  }

  /**
   * The nodes grouped by origin (node groups, then NodePools, Fargate, self-managed; by name), each
   * with its kubelet versions and how it gets {@code next}.
   *
   * @param pools NodePool → the drift verdict of its EC2NodeClass (absent when unknown)
   */
  public static List<Origin> origins(List<Node> nodes, Map<String, NodeClassDrift> pools, KubernetesMinor next) {
    Map<Origin, TreeMap<String, Integer>> grouped = new LinkedHashMap<>();
    for (Node n : nodes) {
      String version = n.kubeletVersion() == null || n.kubeletVersion().isBlank() ? "unknown" : n.kubeletVersion();
      grouped.computeIfAbsent(key(n), k -> new TreeMap<>()).merge(version, 1, Integer::sum);
    }
    List<Origin> out = new ArrayList<>();
    grouped.forEach((k, versions) -> {
      List<Kubelet> kubelets = versions.entrySet().stream()
          .map(e -> new Kubelet(e.getKey(), KubernetesMinor.parse(e.getKey()).map(KubernetesMinor::toString).orElse(null), e.getValue())).toList();
      int count = versions.values().stream().mapToInt(Integer::intValue).sum();
      out.add(new Origin(k.kind(), k.name(), count, kubelets, upgradeNote(k, pools, next)));
    });
    out.sort(Comparator.comparing(Origin::kind).thenComparing(o -> o.name() == null ? "" : o.name()));
    return out;
  }

  private static String upgradeNote(Origin o, Map<String, NodeClassDrift> pools, KubernetesMinor next) {
    return switch (o.kind()) {
      case NODEGROUP -> "EKS replaces these nodes when you update node group " + o.name() + " to " + next + " after the control plane";
      case FARGATE -> "each Fargate pod gets a " + next + " kubelet when it is recreated after the upgrade";
      case SELF_MANAGED -> "neither EKS nor Karpenter upgrades these nodes: replace them with nodes built for " + next + " yourself";
      case KARPENTER -> Optional.ofNullable(pools.get(o.name()))
          .map(d -> d.followsLatest() ? "replaced through drift after the upgrade (EC2NodeClass " + d.name() + " follows the latest AMI)"
              : "EC2NodeClass " + d.name() + " pins its AMI (" + String.join("; ", d.amiSelectorTerms())
                  + "): whether they move depends on that pin (see the EC2NodeClass)")
          .orElse("Karpenter replaces these nodes through drift if their EC2NodeClass resolves to a new AMI after the upgrade");
    };
  }

  /** The kubelet skew once the control plane is at {@code target}. */
  public static Skew skew(KubernetesMinor target, List<Origin> origins) {
    int supported = supportedSkew(target);
    List<String> outside = new ArrayList<>();
    KubernetesMinor oldest = null;
    for (Origin o : origins) {
      for (Kubelet k : o.kubelets()) {
        Optional<KubernetesMinor> minor = KubernetesMinor.parse(k.minor());
        if (minor.isEmpty()) {
          continue;
        }
        if (oldest == null || minor.get().compareTo(oldest) < 0) {
          oldest = minor.get();
        }
        if (target.minorsAhead(minor.get()) > supported) {
          outside.add(count(k.nodes(), "node") + " of " + o.label() + " on kubelet " + k.version());
        }
      }
    }
    return new Skew(target.toString(), supported, outside.isEmpty(), oldest == null ? null : oldest.toString(), outside);
  }

  /**
   * The reasons the nodes give for {@code target}: a node whose kubelet would trail the control
   * plane by more than the supported skew blocks it; nodes already behind the current control
   * plane that fall further behind, self-managed nodes, and (for the next minor) EC2NodeClasses
   * that pin their AMI deserve a look.
   */
  public static void reasons(KubernetesMinor target, KubernetesMinor current, List<Origin> origins, List<NodeClassDrift> nodeClasses,
      List<UpgradeReadiness.Reason> blockers, List<UpgradeReadiness.Reason> warnings) {
    int supported = supportedSkew(target);
    for (Origin o : origins) {
      for (Kubelet k : o.kubelets()) {
        Optional<KubernetesMinor> minor = KubernetesMinor.parse(k.minor());
        if (minor.isEmpty()) {
          continue;
        }
        int after = target.minorsAhead(minor.get());
        int now = current.minorsAhead(minor.get());
        String who = count(k.nodes(), "node") + " of " + o.label() + (k.nodes() == 1 ? " runs" : " run") + " kubelet " + k.version();
        if (after > supported) {
          KubernetesMinor oldestAllowed = new KubernetesMinor(target.major(), target.minor() - supported);
          blockers.add(new UpgradeReadiness.Reason("nodes", o.label(), who + ": " + count(after, "minor") + " behind Kubernetes " + target
              + ", more than the " + supported + " the skew policy supports; move them to " + oldestAllowed + " or later first"));
        } else if (now > 0) {
          warnings.add(new UpgradeReadiness.Reason("nodes", o.label(), who + ", " + count(now, "minor") + " behind the control plane already; "
              + count(after, "minor") + " behind after the upgrade to " + target + " (at most " + supported + " supported)"));
        }
      }
    }
    if (!target.equals(current.next())) {
      return;
    }
    origins.stream().filter(o -> o.kind() == Kind.SELF_MANAGED).forEach(o -> warnings.add(new UpgradeReadiness.Reason("nodes", o.label(),
        count(o.nodes(), "self-managed node") + ": " + o.upgrade())));
    for (NodeClassDrift d : nodeClasses) {
      if (!d.followsLatest() && !d.nodePools().isEmpty()) {
        warnings.add(new UpgradeReadiness.Reason("karpenter", d.name(), "EC2NodeClass " + d.name() + ": " + d.note()));
      }
    }
  }

  /**
   * What the upgrade to {@code next} does to the nodes of each EC2NodeClass, by its
   * {@code amiSelectorTerms}: an alias ending {@code @latest} resolves to the newest AMI for the
   * cluster's Kubernetes version, so the nodes drift and are replaced; a pinned alias resolves to
   * that release built for the new version (which an older release may not have); an id, a name
   * or tags do not follow the Kubernetes version at all.
   */
  public static List<NodeClassDrift> drift(NodeClassAmis.State state, KubernetesMinor next) {
    List<NodeClassDrift> out = new ArrayList<>();
    for (NodeClassAmis.NodeClass c : state.nodeClasses()) {
      List<String> pools = state.pools().stream()
          .filter(p -> c.name().equals(p.nodeClass()) && (p.nodeClassKind() == null || "EC2NodeClass".equals(p.nodeClassKind())))
          .map(NodeClassAmis.Pool::name).sorted().toList();
      List<String> terms = c.amiSelectorTerms().stream().map(NodeClassAmis.AmiTerm::describe).toList();
      Optional<String> latest = c.amiSelectorTerms().stream().map(NodeClassAmis.AmiTerm::alias)
          .filter(a -> a != null && a.endsWith("@latest")).findFirst();
      Optional<String> pinnedAlias = c.amiSelectorTerms().stream().map(NodeClassAmis.AmiTerm::alias)
          .filter(a -> a != null && !a.endsWith("@latest")).findFirst();
      String note;
      if (latest.isPresent()) {
        note = "follows the latest AMI (alias " + latest.get() + "): Karpenter replaces its nodes through drift after the control plane upgrade";
      } else if (pinnedAlias.isPresent()) {
        int at = pinnedAlias.get().indexOf('@');
        String family = at < 0 ? pinnedAlias.get() : pinnedAlias.get().substring(0, at);
        note = "alias " + pinnedAlias.get() + " pins an AMI release, so its nodes move to " + next + " only if that release was built for " + next
            + " (releases older than " + next + "'s first AMIs were not): pin a release published for " + next + ", or use " + family
            + "@latest, when you upgrade";
      } else if (terms.isEmpty()) {
        note = "selects no AMIs (no amiSelectorTerms)";
      } else {
        note = "selects AMIs by " + String.join("; ", terms) + ", which do not follow the Kubernetes version: its nodes keep their kubelet "
            + "after the upgrade; change amiSelectorTerms to AMIs built for " + next + " (or an alias such as al2023@latest)";
      }
      if (pools.isEmpty()) {
        note = note + " (no NodePool uses it)";
      }
      out.add(new NodeClassDrift(c.name(), pools, terms, latest.isPresent(), note));
    }
    out.sort(Comparator.comparing(NodeClassDrift::name));
    return out;
  }

  /** NodePool → the drift verdict of the EC2NodeClass it names. */
  public static Map<String, NodeClassDrift> byPool(List<NodeClassDrift> nodeClasses) {
    Map<String, NodeClassDrift> out = new LinkedHashMap<>();
    nodeClasses.forEach(d -> d.nodePools().forEach(p -> out.put(p, d)));
    return out;
  }

  /** Node group name → how many nodes carry its label. */
  public static Map<String, Integer> nodegroupCounts(List<Origin> origins) {
    Map<String, Integer> out = new LinkedHashMap<>();
    origins.stream().filter(o -> o.kind() == Kind.NODEGROUP).forEach(o -> out.put(o.name(), o.nodes()));
    return out;
  }

  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
