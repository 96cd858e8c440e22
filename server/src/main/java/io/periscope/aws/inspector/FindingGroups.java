package io.periscope.aws.inspector;

import io.periscope.aws.inspector.versions.VersionOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Findings grouped by package (ecosystem + name), each group with the smallest upgrade that
 * closes every fixable finding in it: "go/stdlib 1.16.1 → 1.26.3 closes 116 CVEs". A finding
 * fixed in several release lines ({@code 1.20.12, 1.21.5}) is closed by a version at least as
 * new as one of its fixes on that fix's line, or newer than all of them.
 */
public final class FindingGroups {
  private FindingGroups() {}

  /**
   * The upgrade of a group: from its oldest installed version to {@code to}, which closes
   * {@code closes} distinct vulnerabilities; {@code unfixed} more have no fix yet.
   */
  public record Upgrade(String from, String to, int closes, int unfixed) {}

  /** One package's findings, worst first. {@code upgrade} is null when none of them has a fix. */
  public record Group(String ecosystem, String packageName, List<String> installed, SeverityCounts counts, Severity worst,
      boolean exploitAvailable, Upgrade upgrade, List<Finding> findings) {}

  /** Which findings to keep: severities (empty: all), only with a known exploit, only with a fix. */
  public record Filter(Set<Severity> severities, boolean exploitOnly, boolean fixableOnly) {
    public static final Filter ALL = new Filter(Set.of(), false, false);

    public Filter {
      severities = Set.copyOf(severities);
    }

    public boolean keeps(Finding f) {
      return (severities.isEmpty() || severities.contains(f.severity())) && (!exploitOnly || f.exploitAvailable())
          && (!fixableOnly || f.fixable());
    }
  }

  private static final Comparator<Finding> WORST_FIRST = Comparator.comparing(Finding::severity)
      .thenComparing(Comparator.comparingDouble(Finding::score).reversed()).thenComparing(Finding::vulnerabilityId);

  /** The findings {@code filter} keeps, grouped, the worst groups first. */
  public static List<Group> group(Collection<Finding> findings, Filter filter) {
    Map<String, List<Finding>> byPackage = new LinkedHashMap<>();
    for (Finding f : findings) {
      if (filter.keeps(f)) {
        byPackage.computeIfAbsent(ecosystemLabel(f) + "\u0000" + f.packageName(), k -> new ArrayList<>()).add(f);
      }
    }
    List<Group> groups = new ArrayList<>(byPackage.size());
    for (List<Finding> members : byPackage.values()) {
      groups.add(group(members));
    }
    groups.sort(Comparator.comparing((Group g) -> g.worst())
        .thenComparing(Comparator.comparingInt((Group g) -> g.counts().critical()).reversed())
        .thenComparing(Comparator.comparingInt((Group g) -> g.counts().total()).reversed())
        .thenComparing(Group::ecosystem).thenComparing(Group::packageName));
    return groups;
  }

  private static Group group(List<Finding> members) {
    Finding first = members.getFirst();
    VersionOrder order = VersionOrder.of(first.ecosystem(), first.platform());
    members.sort(WORST_FIRST);
    TreeSet<String> installed = new TreeSet<>(order);
    members.forEach(f -> installed.add(f.installedVersion()));
    SeverityCounts counts = SeverityCounts.of(members);
    boolean exploit = members.stream().anyMatch(Finding::exploitAvailable);
    return new Group(ecosystemLabel(first), first.packageName(), List.copyOf(installed), counts, counts.worst(), exploit,
        upgrade(members, installed.isEmpty() ? "" : installed.first(), order), List.copyOf(members));
  }

  /** The smallest fix version that closes every fixable finding, or null when none has a fix. */
  static Upgrade upgrade(List<Finding> members, String from, VersionOrder order) {
    Set<List<String>> fixSets = new HashSet<>(); // findings share few distinct fix lists: test each once
    Set<String> fixed = new HashSet<>();
    Set<String> unfixed = new HashSet<>();
    for (Finding f : members) {
      if (f.fixable()) {
        fixSets.add(f.fixedIn());
        fixed.add(f.vulnerabilityId());
      } else {
        unfixed.add(f.vulnerabilityId());
      }
    }
    unfixed.removeAll(fixed);
    if (fixSets.isEmpty()) {
      return null;
    }
    List<Fixes> fixes = fixSets.stream().map(s -> new Fixes(s, order)).toList();
    TreeSet<String> candidates = new TreeSet<>(order);
    fixSets.forEach(candidates::addAll);
    for (String candidate : candidates) {
      String line = VersionOrder.line(candidate);
      if (fixes.stream().allMatch(f -> f.closedBy(candidate, line, order))) {
        return new Upgrade(from, candidate, fixed.size(), unfixed.size());
      }
    }
    throw new IllegalStateException("the newest fix version closes every finding"); // unreachable: it is >= every finding's newest fix
  }

  /** One finding's fix versions, sorted, with their release lines. */
  private record Fixes(List<String> sorted, List<String> lines) {
    Fixes(List<String> versions, VersionOrder order) {
      this(versions.stream().sorted(order).toList(), versions.stream().sorted(order).map(VersionOrder::line).toList());
    }

    boolean closedBy(String version, String line, VersionOrder order) {
      if (order.compare(version, sorted.getLast()) >= 0) {
        return true;
      }
      for (int i = 0; i < sorted.size(); i++) {
        if (lines.get(i).equals(line) && order.compare(version, sorted.get(i)) >= 0) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code go}, {@code npm}, {@code maven}, {@code pypi}, or for OS packages the OS ({@code debian-12}). */
  public static String ecosystemLabel(Finding f) {
    String pm = f.ecosystem() == null ? "" : f.ecosystem().toUpperCase(Locale.ROOT);
    return switch (pm) {
      case "GOBINARY", "GOMOD" -> "go";
      case "NPM", "NODEPKG", "YARN" -> "npm";
      case "JAR", "POM" -> "maven";
      case "PIP", "PIPENV", "POETRY", "PYTHONPKG" -> "pypi";
      case "GEMSPEC", "BUNDLER" -> "gem";
      case "NUGET", "DOTNET_CORE" -> "nuget";
      case "CARGO" -> "cargo";
      case "COMPOSER" -> "composer";
      case "OS" -> f.platform() == null || f.platform().isBlank() ? "os" : f.platform().toLowerCase(Locale.ROOT).replace('_', '-');
      default -> pm.toLowerCase(Locale.ROOT);
    };
  }
}
