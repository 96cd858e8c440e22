package io.periscope.clusters;

import java.util.Arrays;
import java.util.Optional;

/** How Periscope reaches a cluster's apiserver. */
public enum Backend {
  /** Endpoint and CA from eks:DescribeCluster; bearer token is a presigned STS GetCallerIdentity. */
  EKS("eks"),
  /** A context of a kubeconfig file. */
  KUBECONFIG("kubeconfig"),
  /** The mounted ServiceAccount of the pod Periscope runs in. */
  IN_CLUSTER("in-cluster"),
  /** Through an outbound tunnel opened by periscope-agent inside the cluster. */
  AGENT("agent");

  private final String wireName;

  Backend(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Backend> parse(String text) {
    return Arrays.stream(values()).filter(b -> b.wireName.equals(text)).findFirst();
  }
}
