package io.periscope.drain;

import io.periscope.authz.Principal;
import io.periscope.k8s.NodeWithPods;
import io.periscope.resources.ObjectAddress;

/** Reads a node and its pods as the person and plans their drain ({@link DrainPlan}). */
public final class NodeDrainPlans {
  private final NodeWithPods nodes;

  public NodeDrainPlans(NodeWithPods nodes) {
    this.nodes = nodes;
  }

  public DrainPlan of(Principal who, String cluster, String node) {
    ObjectAddress.requireName("node name", node);
    return nodes.read(who, cluster, node, (nodeObject, pods) -> DrainPlan.of(node, nodeObject, pods));
  }
}
