package io.periscope.aws.eks.upgrade;

import io.periscope.aws.AwsCalls;
import io.periscope.aws.SideBySide;
import io.periscope.aws.eks.EksTarget;
import io.periscope.aws.eks.KubernetesMinor;
import io.periscope.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Nodegroup;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The cluster's managed node groups ({@code ListNodegroups}, {@code DescribeNodegroup}): their
 * Kubernetes version against the control plane, and their AMI release against the latest
 * published for their version and AMI type.
 */
public final class NodegroupDrift {
  /**
   * One node group.
   *
   * @param minorsBehind how many minors the group is behind the control plane
   * @param ami the AMI drift, null where it is unknown ({@code amiNote} says why)
   * @param nodes how many of the cluster's nodes carry the group's {@code eks.amazonaws.com/nodegroup} label; null when the
   *     nodes could not be read
   */
  public record Group(String name, String status, String version, String releaseVersion, String amiType, String capacityType,
      int minorsBehind, AmiReleases.Drift ami, String amiNote, Integer nodes) {
    Group withNodes(Integer count) {
      return new Group(name, status, version, releaseVersion, amiType, capacityType, minorsBehind, ami, amiNote, count);
    }
  }

  private NodegroupDrift() {}

  static List<Group> read(EksClient eks, SsmClient ssm, AmiReleases releases, EksTarget target, KubernetesMinor controlPlane) {
    List<String> names = new ArrayList<>();
    AwsCalls.unaudited("eks:ListNodegroups", () -> {
      eks.listNodegroupsPaginator(r -> r.clusterName(target.eksName())).nodegroups().forEach(names::add);
      return null;
    });
    return SideBySide.map(names, name -> group(eks, ssm, releases, target, controlPlane, name));
  }

  private static Group group(EksClient eks, SsmClient ssm, AmiReleases releases, EksTarget target, KubernetesMinor controlPlane, String name) {
    Nodegroup g = AwsCalls.unaudited("eks:DescribeNodegroup",
        () -> eks.describeNodegroup(r -> r.clusterName(target.eksName()).nodegroupName(name)).nodegroup());
    int behind = KubernetesMinor.parse(g.version()).map(controlPlane::minorsAhead).orElse(0);
    AmiReleases.Drift drift = null;
    String note = null;
    String amiType = g.amiTypeAsString();
    if (g.launchTemplate() != null && g.releaseVersion() != null && !g.releaseVersion().matches(".*-\\d{8}$")) {
      note = "custom AMI in the launch template: its release is not one of EKS's";
    } else {
      try {
        Optional<AmiReleases.Line> line = releases.line(ssm, target.region(), g.version(), amiType);
        if (line.isEmpty()) {
          note = "no public AMI release parameters for AMI type " + amiType;
        } else if (line.get().latest() == null) {
          note = "no AMI releases published under " + line.get().path();
        } else {
          drift = AmiReleases.drift(line.get(), g.releaseVersion());
        }
      } catch (Problem p) {
        note = "latest AMI release unknown: " + p.getMessage();
      }
    }
    return new Group(g.nodegroupName(), g.statusAsString(), g.version(), g.releaseVersion(), amiType, g.capacityTypeAsString(),
        behind, drift, note, null);
  }
}
