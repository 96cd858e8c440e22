package io.periscope.aws.eks;

import io.periscope.clusters.ClusterSpec;
import io.periscope.problem.Problem;
import software.amazon.awssdk.regions.Region;

/** The EKS cluster behind a Periscope cluster: its entry's {@code eksName} in its {@code region}. */
public record EksTarget(String cluster, String eksName, Region region) {
  /** @throws Problem 404 when the cluster's entry names no EKS cluster and region */
  public static EksTarget of(ClusterSpec spec) {
    if (spec.eksName().isEmpty() || spec.region().isEmpty()) {
      throw new Problem(io.periscope.problem.ErrorCode.NOT_AN_EKS_CLUSTER, "cluster '" + spec.name()
          + "' is not an EKS cluster (its entry names no eksName and region), so it has no EKS upgrade readiness or add-ons");
    }
    return new EksTarget(spec.name(), spec.eksName().get(), Region.of(spec.region().get()));
  }
}
