package io.periscope.aws.eks.upgrade;

import io.periscope.audit.AuditTrail;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.aws.eks.EksTarget;
import io.periscope.aws.eks.KubernetesMinor;
import io.periscope.aws.eks.addons.Addons;
import io.periscope.aws.eks.addons.InstalledAddon;
import io.periscope.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * One cluster's upgrade readiness: insights, node groups and add-ons read in one audited action,
 * and a verdict for each target minor (the next one, and any later one an insight names). A
 * target is blocked by an insight in {@code ERROR}, a managed node group behind the control plane
 * (EKS refuses to update the control plane then) or, for the next minor, an add-on whose installed
 * version is not compatible with it. Insights in {@code WARNING} or {@code UNKNOWN} and AMI drift
 * are warnings. A part that cannot be read is named in {@code problems}; the rest still answers.
 */
public final class UpgradeReadiness {
  /** Why a target is blocked or deserves a look: which part said so, about what. */
  public record Reason(String source, String subject, String message) {}

  /** The verdict for one target minor. */
  public record Verdict(String targetVersion, boolean ready, List<Reason> blockers, List<Reason> warnings) {}

  /** The whole page. */
  public record Readiness(String cluster, String eksName, String kubernetesVersion, String nextVersion, List<Verdict> verdicts,
      List<UpgradeInsight> insights, List<NodegroupDrift.Group> nodegroups, Addons.Installed addons, List<String> problems) {}

  private final AwsClients aws;
  private final AwsCalls calls;
  private final AmiReleases releases;

  public UpgradeReadiness(AwsClients aws, AwsCalls calls, AmiReleases releases) {
    this.aws = aws;
    this.calls = calls;
    this.releases = releases;
  }

  public Readiness of(EksTarget target, AuditTrail.Action audit) {
    EksClient eks = aws.eks(target.region());
    return calls.call(audit, "eks:DescribeCluster", () -> {
      String version = Addons.clusterVersion(eks, target);
      KubernetesMinor current = KubernetesMinor.parse(version)
          .orElseThrow(() -> Problem.badRequest("EKS reports Kubernetes version '" + version + "', which is not major.minor"));
      List<String> problems = new ArrayList<>();
      List<UpgradeInsight> insights = part(problems, "upgrade insights", List.of(), () -> UpgradeInsights.read(eks, target));
      List<NodegroupDrift.Group> groups = part(problems, "managed node groups", List.of(),
          () -> NodegroupDrift.read(eks, aws.ssm(target.region()), releases, target, current));
      Addons.Installed addons = part(problems, "add-ons", null, () -> Addons.installed(eks, target));
      if (addons != null) {
        problems.addAll(addons.problems());
      }
      TreeSet<KubernetesMinor> targets = new TreeSet<>();
      targets.add(current.next());
      insights.forEach(i -> KubernetesMinor.parse(i.kubernetesVersion()).filter(m -> m.compareTo(current) > 0).ifPresent(targets::add));
      List<Verdict> verdicts = targets.stream().map(t -> verdict(t, current, insights, groups, addons)).toList();
      return new Readiness(target.cluster(), target.eksName(), version, current.next().toString(), verdicts, insights, groups, addons,
          problems);
    });
  }

  static Verdict verdict(KubernetesMinor target, KubernetesMinor current, List<UpgradeInsight> insights, List<NodegroupDrift.Group> groups,
      Addons.Installed addons) {
    List<Reason> blockers = new ArrayList<>();
    List<Reason> warnings = new ArrayList<>();
    for (UpgradeInsight i : insights) {
      if (!KubernetesMinor.parse(i.kubernetesVersion()).map(target::equals).orElse(false)) {
        continue;
      }
      String said = i.name() + (i.reason() == null ? "" : ": " + i.reason());
      switch (i.status()) {
        case "ERROR" -> blockers.add(new Reason("insight", i.name(), said));
        case "WARNING" -> warnings.add(new Reason("insight", i.name(), said));
        case "UNKNOWN" -> warnings.add(new Reason("insight", i.name(), i.name() + ": not evaluated yet"));
        default -> { }
      }
    }
    for (NodegroupDrift.Group g : groups) {
      if (g.minorsBehind() > 0) {
        blockers.add(new Reason("nodegroup", g.name(), "node group " + g.name() + " runs Kubernetes " + g.version() + ", the control plane "
            + current + ": update the group to " + current + " first (EKS updates the control plane only when managed node groups match it)"));
      }
      if (g.ami() != null && g.ami().releasesBehind() > 0) {
        warnings.add(new Reason("nodegroup", g.name(), "node group " + g.name() + " is " + count(g.ami().releasesBehind(), "AMI release")
            + (g.ami().daysBehind() == null ? "" : " / " + count(g.ami().daysBehind(), "day")) + " behind (" + g.ami().current() + " → " + g.ami().latest() + ")"));
      }
    }
    if (addons != null && target.equals(current.next())) {
      for (InstalledAddon a : addons.addons()) {
        if (a.freshness() != null && a.freshness().blocksNextMinor()) {
          blockers.add(new Reason("addon", a.name(), "add-on " + a.name() + " " + a.version() + " is not compatible with Kubernetes " + target
              + ": update it to " + a.freshness().minimumForNext() + " or later first"));
        }
        if (!"ACTIVE".equals(a.status())) {
          warnings.add(new Reason("addon", a.name(), "add-on " + a.name() + " is " + a.status()));
        }
      }
    }
    return new Verdict(target.toString(), blockers.isEmpty(), blockers, warnings);
  }

  private static <T> T part(List<String> problems, String what, T fallback, Supplier<T> read) {
    try {
      return read.get();
    } catch (Problem p) {
      problems.add(what + " unknown: " + p.getMessage());
      return fallback;
    }
  }

  /** {@code 1 AMI release}, {@code 3 AMI releases}. */
  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
