package io.periscope.aws.eks.upgrade;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.audit.AuditTrail;
import io.periscope.authz.Principal;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.aws.SideBySide;
import io.periscope.aws.eks.EksTarget;
import io.periscope.aws.eks.KubernetesMinor;
import io.periscope.aws.eks.addons.Addons;
import io.periscope.aws.eks.addons.InstalledAddon;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.karpenter.NodeClassAmis;
import io.periscope.problem.Futures;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * One cluster's upgrade readiness: insights, node groups and add-ons read in one audited action
 * with the server's AWS identity, the cluster's nodes and Karpenter's NodePools and EC2NodeClasses
 * read as the person, and a verdict for each target minor (the next one, and any later one an
 * insight names). A target is blocked by an insight in {@code ERROR}, a managed node group behind
 * the control plane (EKS refuses to update the control plane then), a node whose kubelet would
 * fall outside the supported skew or, for the next minor, an add-on whose installed version is not
 * compatible with it. Insights in {@code WARNING} or {@code UNKNOWN}, AMI drift, nodes falling
 * further behind, self-managed nodes and EC2NodeClasses that pin their AMI are warnings. An
 * add-on insight in {@code ERROR} whose add-ons have since been updated to versions compatible with
 * the next minor is a warning too, saying so: EKS refreshes insights about daily. A part that cannot
 * be read is named in {@code problems}; the rest still answers, but a target whose checks could not all
 * be made is not called ready: its verdict names what is {@code unknown} (insights, node groups, nodes
 * or an add-on's compatibility), since nothing found there only means nothing was read.
 */
public final class UpgradeReadiness {
  /** Why a target is blocked or deserves a look: which part said so, about what. */
  public record Reason(String source, String subject, String message) {}

  /**
   * The verdict for one target minor: ready when nothing blocks it and every check could be made.
   *
   * @param unknown what could not be checked for this target ({@code upgrade insights}, {@code managed node groups},
   *     {@code nodes}, {@code add-ons} or {@code compatibility of add-on vpc-cni}); {@code problems} says why
   */
  public record Verdict(String targetVersion, boolean ready, List<Reason> blockers, List<Reason> warnings, List<String> unknown) {}

  /**
   * An insight older than an add-on update that answers it.
   *
   * @param updated what was updated since the insight's last refresh, {@code vpc-cni to v1.19.0-eksbuild.1}
   */
  public record StaleInsight(String id, String name, Instant lastRefreshTime, List<String> updated) {}

  /** The whole page; {@code insights} and {@code nodegroups} are null when they could not be read ({@code problems} says why). */
  public record Readiness(String cluster, String eksName, String kubernetesVersion, String nextVersion, List<Verdict> verdicts,
      List<UpgradeInsight> insights, List<StaleInsight> staleInsights, List<NodegroupDrift.Group> nodegroups, NodeUpgrade.Section nodes,
      Addons.Installed addons, List<String> problems) {}

  private final AwsClients aws;
  private final AwsCalls calls;
  private final AmiReleases releases;
  private final ClusterNodes nodes;
  private final NodeClassAmis karpenter;

  public UpgradeReadiness(AwsClients aws, AwsCalls calls, AmiReleases releases, ClusterNodes nodes, NodeClassAmis karpenter) {
    this.aws = aws;
    this.calls = calls;
    this.releases = releases;
    this.nodes = nodes;
    this.karpenter = karpenter;
  }

  /** What the person may read of the cluster's nodes and Karpenter; null where it could not be read (a problem says why). */
  private record KubernetesParts(List<NodeUpgrade.Node> nodes, Boolean karpenterServed, NodeClassAmis.State karpenter, List<String> problems) {}

  private KubernetesParts kubernetes(EksTarget target, Principal who) {
    List<String> problems = new ArrayList<>();
    List<NodeUpgrade.Node> list = kubePart(problems, "nodes", () -> nodes.list(who, target.cluster()));
    Optional<NodeClassAmis.State> state = kubePart(problems, "Karpenter NodePools and EC2NodeClasses",
        () -> karpenter.read(who, target.cluster()));
    return new KubernetesParts(list, state == null ? null : state.isPresent(), state == null ? null : state.orElse(null), problems);
  }

  /**
   * The readiness answer. The person's Kubernetes reads run beside the AWS reads, and the three AWS
   * parts that only need the control plane's version (insights, node groups, add-ons) beside each
   * other: each is several round trips, and one after the other they added up to seconds.
   */
  public Readiness of(EksTarget target, Principal who, AuditTrail.Action audit) {
    EksClient eks = aws.eks(target.region());
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<KubernetesParts> kubeRead = SideBySide.submit(threads, () -> kubernetes(target, who));
      try {
        return calls.call(audit, "eks:DescribeCluster", () -> {
          String version = Addons.clusterVersion(eks, target);
          KubernetesMinor current = KubernetesMinor.parse(version)
              .orElseThrow(() -> Problem.badRequest("EKS reports Kubernetes version '" + version + "', which is not major.minor"));
          Future<Part<List<UpgradeInsight>>> insightsRead = SideBySide.submit(threads,
              () -> part("upgrade insights", null, () -> UpgradeInsights.read(eks, target)));
          Future<Part<List<NodegroupDrift.Group>>> groupsRead = SideBySide.submit(threads, () -> part("managed node groups",
              null, () -> NodegroupDrift.read(eks, aws.ssm(target.region()), releases, target, current)));
          Future<Part<Addons.Installed>> addonsRead = SideBySide.submit(threads,
              () -> part("add-ons", null, () -> Addons.installed(eks, target, version)));
          KubernetesParts kube = Futures.await(kubeRead, "reading the cluster's nodes");
          List<String> problems = new ArrayList<>(kube.problems());
          List<UpgradeInsight> insights = Futures.await(insightsRead, "reading upgrade insights").value(problems);
          List<NodegroupDrift.Group> groups = Futures.await(groupsRead, "reading managed node groups").value(problems);
          Addons.Installed addons = Futures.await(addonsRead, "reading add-ons").value(problems);
          if (addons != null) {
            problems.addAll(addons.problems());
          }
          return assemble(target, version, current, kube, insights, groups, addons, problems);
        });
      } finally {
        // A failed DescribeCluster interrupts the reads beside it; closing the executor waits only for them to stop.
        threads.shutdownNow();
      }
    }
  }

  private Readiness assemble(EksTarget target, String version, KubernetesMinor current, KubernetesParts kube, List<UpgradeInsight> insights,
      List<NodegroupDrift.Group> groups, Addons.Installed addons, List<String> problems) {
    TreeSet<KubernetesMinor> targets = new TreeSet<>();
    targets.add(current.next());
    List<UpgradeInsight> read = insights == null ? List.of() : insights;
    read.forEach(i -> KubernetesMinor.parse(i.kubernetesVersion()).filter(m -> m.compareTo(current) > 0).ifPresent(targets::add));
    NodeUpgrade.Section section = section(kube, current, targets);
    Map<String, Integer> counts = NodeUpgrade.nodegroupCounts(section.origins());
    List<NodegroupDrift.Group> counted = groups == null ? null : groups.stream()
        .map(g -> g.withNodes(section.available() ? counts.getOrDefault(g.name(), 0) : null)).toList();
    Map<UpgradeInsight, List<String>> overtaken = overtaken(read, current, addons);
    List<Verdict> verdicts = targets.stream().map(t -> verdict(t, current, insights, overtaken, counted, section, addons)).toList();
    List<StaleInsight> stale = read.stream().filter(overtaken::containsKey)
        .map(i -> new StaleInsight(i.id(), i.name(), i.lastRefreshTime(), overtaken.get(i))).toList();
    return new Readiness(target.cluster(), target.eksName(), version, current.next().toString(), verdicts, insights, stale, counted,
        section, addons, problems);
  }

  private static NodeUpgrade.Section section(KubernetesParts kube, KubernetesMinor current, TreeSet<KubernetesMinor> targets) {
    List<NodeUpgrade.NodeClassDrift> classes = kube.karpenter() == null ? List.of() : NodeUpgrade.drift(kube.karpenter(), current.next());
    if (kube.nodes() == null) {
      return NodeUpgrade.Section.unavailable(kube.karpenterServed(), classes);
    }
    List<NodeUpgrade.Origin> origins = NodeUpgrade.origins(kube.nodes(), NodeUpgrade.byPool(classes), current.next());
    List<NodeUpgrade.Skew> skew = targets.stream().map(t -> NodeUpgrade.skew(t, origins)).toList();
    return new NodeUpgrade.Section(true, kube.nodes().size(), origins, skew, kube.karpenterServed(), classes);
  }

  /**
   * For an add-on insight ({@code ERROR} or {@code WARNING}, for the next minor) whose every named
   * add-on is now installed at a version compatible with the next minor, updated after the
   * insight's last refresh: what was updated ({@code vpc-cni to v1.19.0-eksbuild.1}).
   */
  /** Each insight that add-on updates have overtaken ({@link #stale}), with what was updated; read once per page. */
  static Map<UpgradeInsight, List<String>> overtaken(List<UpgradeInsight> insights, KubernetesMinor current, Addons.Installed addons) {
    Map<UpgradeInsight, List<String>> overtaken = new HashMap<>();
    insights.forEach(i -> stale(i, current, addons).ifPresent(updated -> overtaken.put(i, updated)));
    return overtaken;
  }

  static Optional<List<String>> stale(UpgradeInsight i, KubernetesMinor current, Addons.Installed addons) {
    if (addons == null || i.addons() == null || i.addons().isEmpty() || !List.of("ERROR", "WARNING").contains(i.status())
        || !KubernetesMinor.parse(i.kubernetesVersion()).map(current.next()::equals).orElse(false)) {
      return Optional.empty();
    }
    List<String> updated = new ArrayList<>();
    for (String name : i.addons()) {
      Optional<InstalledAddon> a = addons.addons().stream().filter(x -> x.name().equals(name)).findFirst();
      // Only an update known to come after the insight's refresh overtakes it: an unknown time keeps the blocker.
      if (a.isEmpty() || a.get().freshness() == null || !a.get().freshness().compatibleWithNext()
          || a.get().modifiedAt() == null || i.lastRefreshTime() == null || !a.get().modifiedAt().isAfter(i.lastRefreshTime())) {
        return Optional.empty();
      }
      updated.add(name + " to " + a.get().version());
    }
    return Optional.of(updated);
  }

  /**
   * The verdict for {@code target}; {@code insights}, {@code groups} or {@code addons} null, or {@code nodes}
   * not available, is a part that could not be read: {@code unknown}, and the target not ready.
   */
  static Verdict verdict(KubernetesMinor target, KubernetesMinor current, List<UpgradeInsight> insights,
      Map<UpgradeInsight, List<String>> overtaken, List<NodegroupDrift.Group> groups, NodeUpgrade.Section nodes, Addons.Installed addons) {
    List<Reason> blockers = new ArrayList<>();
    List<Reason> warnings = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    if (insights == null) {
      unknown.add("upgrade insights");
    }
    if (groups == null) {
      unknown.add("managed node groups");
    }
    if (nodes != null && !nodes.available()) {
      unknown.add("nodes");
    }
    for (UpgradeInsight i : insights == null ? List.<UpgradeInsight>of() : insights) {
      if (!KubernetesMinor.parse(i.kubernetesVersion()).map(target::equals).orElse(false)) {
        continue;
      }
      String said = i.name() + (i.reason() == null ? "" : ": " + i.reason());
      List<String> updated = overtaken.get(i);
      if (updated != null) {
        warnings.add(new Reason("insight", i.name(), said + " (the insight predates the update of " + String.join(", ", updated)
            + "; EKS refreshes insights about daily)"));
        continue;
      }
      switch (i.status()) {
        case "ERROR" -> blockers.add(new Reason("insight", i.name(), said));
        case "WARNING" -> warnings.add(new Reason("insight", i.name(), said));
        case "UNKNOWN" -> warnings.add(new Reason("insight", i.name(), i.name() + ": not evaluated yet"));
        default -> { }
      }
    }
    for (NodegroupDrift.Group g : groups == null ? List.<NodegroupDrift.Group>of() : groups) {
      if (g.minorsBehind() > 0) {
        blockers.add(new Reason("nodegroup", g.name(), "node group " + g.name() + " runs Kubernetes " + g.version() + ", the control plane "
            + current + ": update the group to " + current + " first (EKS updates the control plane only when managed node groups match it)"));
      }
      // A group with no node runs no old AMI now: no warning. The table still shows its release behind, since a
      // node it starts later runs that release until the group is updated.
      if (g.ami() != null && g.ami().releasesBehind() > 0 && !Integer.valueOf(0).equals(g.nodes())) {
        warnings.add(new Reason("nodegroup", g.name(), "node group " + g.name() + " is " + count(g.ami().releasesBehind(), "AMI release")
            + (g.ami().daysBehind() == null ? "" : " / " + count(g.ami().daysBehind(), "day")) + " behind (" + g.ami().current() + " → " + g.ami().latest() + ")"));
      }
    }
    if (nodes != null) {
      NodeUpgrade.reasons(target, current, nodes.origins(), nodes.nodeClasses(), blockers, warnings);
    }
    if (addons == null && target.equals(current.next())) {
      unknown.add("add-ons");
    }
    if (addons != null && target.equals(current.next())) {
      for (InstalledAddon a : addons.addons()) {
        if (a.freshness() == null) {
          unknown.add("compatibility of add-on " + a.name());
        }
        if (a.freshness() != null && a.freshness().blocksNextMinor()) {
          blockers.add(new Reason("addon", a.name(), "add-on " + a.name() + " " + a.version() + " is not compatible with Kubernetes " + target
              + ": update it to " + a.freshness().minimumForNext() + " or later first"));
        }
        if (!"ACTIVE".equals(a.status())) {
          warnings.add(new Reason("addon", a.name(), "add-on " + a.name() + " is " + a.status()));
        }
      }
    }
    return new Verdict(target.toString(), blockers.isEmpty() && unknown.isEmpty(), blockers, warnings, List.copyOf(unknown));
  }

  /** One AWS part of the answer: its value, or the fallback and the problem that says why. */
  private record Part<T>(T value, String problem) {
    T value(List<String> problems) {
      if (problem != null) {
        problems.add(problem);
      }
      return value;
    }
  }

  private static <T> Part<T> part(String what, T fallback, Supplier<T> read) {
    try {
      return new Part<>(read.get(), null);
    } catch (Problem p) {
      return new Part<>(fallback, what + " unknown: " + p.getMessage());
    }
  }

  private static <T> T kubePart(List<String> problems, String what, Supplier<T> read) {
    try {
      return read.get();
    } catch (KubernetesClientException e) {
      problems.add(what + " unknown: " + KubernetesErrors.message(e));
      return null;
    } catch (ClusterUnavailableException | io.periscope.authz.NoIdentityException e) {
      problems.add(what + " unknown: " + e.getMessage());
      return null;
    }
  }

  /** {@code 1 AMI release}, {@code 3 AMI releases}. */
  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
