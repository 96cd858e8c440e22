package io.periscope.aws.eks.addons;

import io.periscope.audit.AuditTrail;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.SideBySide;
import io.periscope.aws.AwsClients;
import io.periscope.aws.eks.EksTarget;
import io.periscope.aws.eks.KubernetesMinor;
import io.periscope.problem.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Addon;
import software.amazon.awssdk.services.eks.model.AddonInfo;
import software.amazon.awssdk.services.eks.model.Compatibility;
import software.amazon.awssdk.services.eks.model.DescribeAddonVersionsRequest;
import software.amazon.awssdk.services.eks.model.Update;

/**
 * The add-on reads, each one audited action for the person who asked (the caller passes the row):
 * installed add-ons with freshness ({@code ListAddons}, {@code DescribeAddon},
 * {@code DescribeAddonVersions} per add-on), the catalog for a Kubernetes minor, one version's
 * configuration schema and the update history ({@code ListUpdates}, {@code DescribeUpdate}).
 */
public final class Addons {
  /** The installed add-ons and the minors they were measured against; {@code problems} names what could not be read. */
  public record Installed(String kubernetesVersion, String nextVersion, List<InstalledAddon> addons, List<String> problems) {}

  private final AwsClients aws;
  private final AwsCalls calls;

  public Addons(AwsClients aws, AwsCalls calls) {
    this.aws = aws;
    this.calls = calls;
  }

  /** The control plane's Kubernetes version ({@code DescribeCluster}), e.g. {@code 1.31}. */
  public static String clusterVersion(EksClient eks, EksTarget target) {
    return AwsCalls.unaudited("eks:DescribeCluster", () -> eks.describeCluster(r -> r.name(target.eksName())).cluster().version());
  }

  public Installed installed(EksTarget target, AuditTrail.Action audit) {
    EksClient eks = aws.eks(target.region());
    return calls.call(audit, "eks:ListAddons", () -> installed(eks, target, clusterVersion(eks, target)));
  }

  /**
   * Unaudited: for a caller that audits the whole read it is part of (upgrade readiness), which has
   * already read the cluster's version {@code current} (one DescribeCluster per page, not two).
   */
  public static Installed installed(EksClient eks, EksTarget target, String current) {
    String next = KubernetesMinor.parse(current).map(m -> m.next().toString()).orElse("");
    List<String> names = new ArrayList<>();
    AwsCalls.unaudited("eks:ListAddons", () -> {
      eks.listAddonsPaginator(r -> r.clusterName(target.eksName())).addons().forEach(names::add);
      return null;
    });
    List<Described> described = SideBySide.map(names, name -> {
      InstalledAddon addon = describe(eks, target, name);
      try {
        return new Described(addon.withFreshness(AddonFreshness.of(addon.version(), current, next, published(eks, name))), null);
      } catch (Problem p) {
        return new Described(addon, p.getMessage());
      }
    });
    return new Installed(current, next, described.stream().map(Described::addon).toList(), versionProblems(described));
  }

  /** An installed add-on, and why its freshness is unknown when it is. */
  private record Described(InstalledAddon addon, String problem) {}

  /**
   * One line per distinct reason, naming every add-on it kept unread: a role refused
   * {@code eks:DescribeAddonVersions} refuses it for each add-on, and the page said so once per add-on.
   */
  private static List<String> versionProblems(List<Described> described) {
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    described.stream().filter(d -> d.problem() != null)
        .forEach(d -> byReason.computeIfAbsent(d.problem(), k -> new ArrayList<>()).add(d.addon().name()));
    return byReason.entrySet().stream()
        .map(e -> "published versions of " + names(e.getValue()) + " unknown: " + e.getKey()).toList();
  }

  /** {@code vpc-cni}, {@code vpc-cni and coredns}, {@code vpc-cni, coredns and kube-proxy}. */
  private static String names(List<String> names) {
    return names.size() == 1 ? names.getFirst()
        : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
  }

  /** One installed add-on with its freshness. */
  public InstalledAddon one(EksTarget target, String name, AuditTrail.Action audit) {
    EksClient eks = aws.eks(target.region());
    return calls.call(audit, "eks:DescribeAddon", () -> {
      InstalledAddon addon = describe(eks, target, name);
      String current = clusterVersion(eks, target);
      String next = KubernetesMinor.parse(current).map(m -> m.next().toString()).orElse("");
      return addon.withFreshness(AddonFreshness.of(addon.version(), current, next, published(eks, name)));
    });
  }

  /** Every add-on published for {@code kubernetesVersion} (the cluster's when empty), optionally of one type and publisher. */
  public List<PublishedAddon> catalog(EksTarget target, Optional<String> kubernetesVersion, Optional<String> type,
      Optional<String> publisher, AuditTrail.Action audit) {
    EksClient eks = aws.eks(target.region());
    return calls.call(audit, "eks:DescribeAddonVersions", () -> {
      String version = kubernetesVersion.orElseGet(() -> clusterVersion(eks, target));
      return describeVersions(eks, r -> {
        r.kubernetesVersion(version);
        type.ifPresent(t -> r.types(List.of(t)));
        publisher.ifPresent(p -> r.publishers(List.of(p)));
      });
    });
  }

  public AddonConfiguration configuration(EksTarget target, String name, String version, AuditTrail.Action audit) {
    EksClient eks = aws.eks(target.region());
    return calls.call(audit, "eks:DescribeAddonConfiguration", () -> configuration(eks, name, version));
  }

  /** Unaudited: {@code DescribeAddonConfiguration} of one add-on version. */
  static AddonConfiguration configuration(EksClient eks, String name, String version) {
    var r = AwsCalls.unaudited("eks:DescribeAddonConfiguration", () -> eks.describeAddonConfiguration(q -> q.addonName(name).addonVersion(version)));
    String schema = r.configurationSchema() == null || r.configurationSchema().isBlank() ? null : r.configurationSchema();
    return new AddonConfiguration(name, version, schema, r.podIdentityConfiguration().stream()
        .map(p -> new AddonConfiguration.PodIdentitySlot(p.serviceAccount(), List.copyOf(p.recommendedManagedPolicies()))).toList());
  }

  /** The add-on's updates, newest first. */
  public List<AddonUpdate> history(EksTarget target, String name, AuditTrail.Action audit) {
    EksClient eks = aws.eks(target.region());
    return calls.call(audit, "eks:ListUpdates", () -> {
      List<String> ids = new ArrayList<>();
      AwsCalls.unaudited("eks:ListUpdates", () -> {
        eks.listUpdatesPaginator(r -> r.name(target.eksName()).addonName(name)).updateIds().forEach(ids::add);
        return null;
      });
      List<AddonUpdate> out = new ArrayList<>();
      for (String id : ids) {
        out.add(update(eks, target, name, id));
      }
      out.sort((a, b) -> b.createdAt() == null || a.createdAt() == null ? 0 : b.createdAt().compareTo(a.createdAt()));
      return out;
    });
  }

  public AddonUpdate update(EksTarget target, String name, String updateId, AuditTrail.Action audit) {
    EksClient eks = aws.eks(target.region());
    return calls.call(audit, "eks:DescribeUpdate", () -> update(eks, target, name, updateId));
  }

  static AddonUpdate update(EksClient eks, EksTarget target, String name, String updateId) {
    Update u = AwsCalls.unaudited("eks:DescribeUpdate",
        () -> eks.describeUpdate(r -> r.name(target.eksName()).addonName(name).updateId(updateId)).update());
    Map<String, String> params = new LinkedHashMap<>();
    u.params().forEach(p -> params.put(p.typeAsString(), p.value()));
    return new AddonUpdate(u.id(), u.statusAsString(), u.typeAsString(), u.createdAt(), params, u.errors().stream()
        .map(e -> new AddonUpdate.Error(e.errorCodeAsString(), e.errorMessage(), List.copyOf(e.resourceIds()))).toList());
  }

  /** Unaudited {@code DescribeAddon}, without freshness. */
  static InstalledAddon describe(EksClient eks, EksTarget target, String name) {
    Addon a = AwsCalls.unaudited("eks:DescribeAddon", () -> eks.describeAddon(r -> r.clusterName(target.eksName()).addonName(name)).addon());
    List<InstalledAddon.HealthIssue> issues = a.health() == null ? List.of() : a.health().issues().stream()
        .map(i -> new InstalledAddon.HealthIssue(i.codeAsString(), i.message(), List.copyOf(i.resourceIds()))).toList();
    return new InstalledAddon(a.addonName(), a.addonVersion(), a.statusAsString(), issues,
        a.configurationValues() == null || a.configurationValues().isBlank() ? null : a.configurationValues(), a.serviceAccountRoleArn(),
        List.copyOf(a.podIdentityAssociations()), a.publisher(), a.owner(), a.createdAt(), a.modifiedAt(), null);
  }

  /** Every published version of one add-on, for every Kubernetes minor. */
  static PublishedAddon published(EksClient eks, String name) {
    List<PublishedAddon> found = describeVersions(eks, r -> r.addonName(name));
    return found.stream().filter(p -> p.name().equals(name)).findFirst()
        .orElse(new PublishedAddon(name, null, null, null, List.of()));
  }

  private static List<PublishedAddon> describeVersions(EksClient eks, Consumer<DescribeAddonVersionsRequest.Builder> request) {
    return AwsCalls.unaudited("eks:DescribeAddonVersions", () -> {
      Map<String, PublishedAddon> byName = new LinkedHashMap<>();
      for (AddonInfo info : eks.describeAddonVersionsPaginator(request).addons()) {
        List<PublishedAddon.Release> releases = new ArrayList<>();
        info.addonVersions().forEach(v -> releases.add(new PublishedAddon.Release(v.addonVersion(),
            v.compatibilities().stream().map(Compatibility::clusterVersion).toList(),
            v.compatibilities().stream().filter(c -> Boolean.TRUE.equals(c.defaultVersion())).map(Compatibility::clusterVersion).toList(),
            Boolean.TRUE.equals(v.requiresConfiguration()), Boolean.TRUE.equals(v.requiresIamPermissions()))));
        // One add-on may span pages: merge its versions.
        PublishedAddon seen = byName.get(info.addonName());
        if (seen != null) {
          releases.addAll(seen.versions());
        }
        byName.put(info.addonName(), new PublishedAddon(info.addonName(), info.type(), info.publisher(), info.owner(), releases));
      }
      return List.copyOf(byName.values());
    });
  }
}
