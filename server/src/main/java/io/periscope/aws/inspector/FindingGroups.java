package io.periscope.aws.inspector;

import io.periscope.aws.inspector.versions.VersionOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
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

  /**
   * The smallest fix version that closes every fixable finding, or null when none has a fix. The
   * group's distinct fix versions are sorted once and then compared by rank, so a wall of
   * findings costs one sort, not a version comparison per finding and candidate.
   */
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
    TreeSet<String> sorted = new TreeSet<>(order);
    fixSets.forEach(sorted::addAll);
    List<String> candidates = new ArrayList<>(sorted);
    Map<String, Integer> rank = new HashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      rank.put(candidates.get(i), i);
    }
    for (List<String> set : fixSets) { // versions equal to a candidate in order but spelt otherwise share its rank
      for (String v : set) {
        rank.computeIfAbsent(v, k -> rankOf(k, candidates, order));
      }
    }
    String[] lines = candidates.stream().map(VersionOrder::line).toArray(String[]::new);
    List<int[]> fixes = fixSets.stream().map(set -> set.stream().mapToInt(rank::get).sorted().toArray()).toList();
    for (int c = 0; c < candidates.size(); c++) {
      if (closesAll(fixes, c, lines)) {
        return new Upgrade(from, spelledLike(from, candidates.get(c)), fixed.size(), unfixed.size());
      }
    }
    throw new IllegalStateException("the newest fix version closes every finding"); // unreachable: it is >= every finding's newest fix
  }

  /**
   * The fix version written the way the installed one is: Inspector reports a Go module installed at
   * {@code v0.7.0} and fixed in {@code 0.23.0}, and {@code go get golang.org/x/net@0.23.0} fails.
   */
  static String spelledLike(String installed, String fix) {
    boolean vInstalled = installed.length() > 1 && installed.charAt(0) == 'v' && Character.isDigit(installed.charAt(1));
    return vInstalled && !fix.isEmpty() && Character.isDigit(fix.charAt(0)) ? "v" + fix : fix;
  }

  private static boolean closesAll(List<int[]> fixes, int candidate, String[] lines) {
    for (int[] f : fixes) {
      if (!closedBy(f, candidate, lines)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the candidate (a rank) closes a finding fixed in {@code fixes} (ranks, ascending):
   * it is at least the newest fix, or at least a fix on its own release line.
   */
  private static boolean closedBy(int[] fixes, int candidate, String[] lines) {
    if (candidate >= fixes[fixes.length - 1]) {
      return true;
    }
    for (int fix : fixes) {
      if (fix <= candidate && lines[fix].equals(lines[candidate])) {
        return true;
      }
    }
    return false;
  }

  private static int rankOf(String version, List<String> sorted, VersionOrder order) {
    int i = java.util.Collections.binarySearch(sorted, version, order);
    return i >= 0 ? i : -i - 1;
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
