package io.periscope.karpenter;

import io.periscope.resources.Discovery;
import io.periscope.resources.ResourceKind;

/** The Karpenter v1 API names this feature reads, and whether a cluster serves them. */
public final class KarpenterKinds {
  public static final String GROUP = "karpenter.sh";
  public static final String VERSION = "v1";
  public static final String NODEPOOLS = "nodepools";
  public static final String NODECLAIMS = "nodeclaims";
  public static final String NODEPOOL_LABEL = "karpenter.sh/nodepool";
  public static final String CAPACITY_TYPE_LABEL = "karpenter.sh/capacity-type";
  /** The AWS provider's node classes: {@code karpenter.k8s.aws/v1} {@code EC2NodeClass}. */
  public static final String AWS_GROUP = "karpenter.k8s.aws";
  public static final String EC2NODECLASSES = "ec2nodeclasses";

  private KarpenterKinds() {}

  /** Whether the cluster serves {@code karpenter.sh/v1} NodePools (discovery includes CRDs, so this is the CRD probe). */
  public static boolean served(Discovery discovery, String cluster) {
    return discovery.snapshot(cluster).kinds().stream().anyMatch(KarpenterKinds::isNodePools);
  }

  /** Whether the cluster serves {@code karpenter.k8s.aws/v1} EC2NodeClasses. */
  public static boolean ec2NodeClassesServed(Discovery discovery, String cluster) {
    return discovery.snapshot(cluster).kinds().stream()
        .anyMatch(k -> AWS_GROUP.equals(k.group()) && VERSION.equals(k.version()) && EC2NODECLASSES.equals(k.plural()));
  }

  private static boolean isNodePools(ResourceKind k) {
    return GROUP.equals(k.group()) && VERSION.equals(k.version()) && NODEPOOLS.equals(k.plural());
  }

  static String collection(String plural) {
    return collection(GROUP, plural);
  }

  static String collection(String group, String plural) {
    return "/apis/" + group + "/" + VERSION + "/" + plural;
  }
}
