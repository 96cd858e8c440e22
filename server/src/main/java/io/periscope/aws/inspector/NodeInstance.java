package io.periscope.aws.inspector;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's EC2 instance and what manages it: an EKS managed node group, a Karpenter NodeClaim,
 * or nothing Periscope knows (unmanaged). The hydrate classifies it by the instance's EC2 tags
 * ({@link #withTags}); {@link #of} guesses from the node's labels (EKS and Karpenter label their
 * nodes with the same names), which is all there is when {@code ec2:DescribeInstances} is refused.
 */
public record NodeInstance(String node, String instanceId, Owner owner, String ownerName, Optional<String> nodeClaim) {
  static final String NODEGROUP_TAG = "eks:nodegroup-name";
  static final String NODEPOOL_TAG = "karpenter.sh/nodepool";
  static final String NODECLAIM_TAG = "karpenter.sh/nodeclaim";
  private static final Pattern PROVIDER_ID = Pattern.compile("^aws:///[^/]*/(i-[0-9a-f]{8,17})$");

  /** What launched the instance. */
  public enum Owner { MANAGED_NODEGROUP, KARPENTER, UNMANAGED }

  /** The node's instance, or empty when its {@code spec.providerID} names no EC2 instance (kind, on-premises, not set yet). */
  public static Optional<NodeInstance> of(Node node) {
    String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
    Optional<String> id = instanceId(providerId);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    Optional<String> claim = Optional.ofNullable(node.getMetadata().getOwnerReferences()).stream().flatMap(java.util.List::stream)
        .filter(o -> "NodeClaim".equals(o.getKind())).map(OwnerReference::getName).findFirst();
    String name = node.getMetadata().getName();
    if (labels.containsKey("eks.amazonaws.com/nodegroup")) {
      return Optional.of(new NodeInstance(name, id.get(), Owner.MANAGED_NODEGROUP, labels.get("eks.amazonaws.com/nodegroup"), claim));
    }
    if (labels.containsKey("karpenter.sh/nodepool") || claim.isPresent()) {
      return Optional.of(new NodeInstance(name, id.get(), Owner.KARPENTER, labels.getOrDefault("karpenter.sh/nodepool", ""), claim));
    }
    return Optional.of(new NodeInstance(name, id.get(), Owner.UNMANAGED, "", claim));
  }

  /**
   * The instance classified by its EC2 tags, which is what launched it whatever the node's labels
   * say: {@code eks:nodegroup-name} (an EKS managed node group), {@code karpenter.sh/nodepool} (a
   * Karpenter NodeClaim, named by {@code karpenter.sh/nodeclaim} when the node has no owner
   * reference), otherwise unmanaged.
   */
  public NodeInstance withTags(Map<String, String> tags) {
    if (tags.containsKey(NODEGROUP_TAG)) {
      return new NodeInstance(node, instanceId, Owner.MANAGED_NODEGROUP, tags.get(NODEGROUP_TAG), nodeClaim);
    }
    if (tags.containsKey(NODEPOOL_TAG)) {
      return new NodeInstance(node, instanceId, Owner.KARPENTER, tags.get(NODEPOOL_TAG),
          nodeClaim.or(() -> Optional.ofNullable(tags.get(NODECLAIM_TAG))));
    }
    return new NodeInstance(node, instanceId, Owner.UNMANAGED, "", nodeClaim);
  }

  /** {@code i-0abc...} of {@code aws:///eu-west-1a/i-0abc...}. */
  static Optional<String> instanceId(String providerId) {
    if (providerId == null) {
      return Optional.empty();
    }
    Matcher m = PROVIDER_ID.matcher(providerId.trim());
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
