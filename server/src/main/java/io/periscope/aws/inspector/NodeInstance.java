package io.periscope.aws.inspector;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's EC2 instance and what manages it: an EKS managed node group, a Karpenter NodeClaim,
 * or nothing Periscope knows (unmanaged). EKS and Karpenter put the same names on the node's
 * labels as on the instance's tags ({@code eks:nodegroup-name} / {@code eks.amazonaws.com/nodegroup},
 * {@code karpenter.sh/nodepool}), so the node says it without an EC2 call.
 */
public record NodeInstance(String node, String instanceId, Owner owner, String ownerName, Optional<String> nodeClaim) {
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

  /** {@code i-0abc...} of {@code aws:///eu-west-1a/i-0abc...}. */
  static Optional<String> instanceId(String providerId) {
    if (providerId == null) {
      return Optional.empty();
    }
    Matcher m = PROVIDER_ID.matcher(providerId.trim());
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
