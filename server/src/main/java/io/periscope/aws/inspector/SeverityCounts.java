package io.periscope.aws.inspector;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** How many distinct vulnerabilities of each severity (a CVE found in two packages counts once per severity). */
public record SeverityCounts(int critical, int high, int medium, int low, int informational, int untriaged) {
  public static final SeverityCounts NONE = new SeverityCounts(0, 0, 0, 0, 0, 0);

  public static SeverityCounts of(Collection<Finding> findings) {
    int[] n = new int[Severity.values().length];
    Set<String> seen = new HashSet<>();
    for (Finding f : findings) {
      if (seen.add(f.severity() + " " + f.vulnerabilityId())) {
        n[f.severity().ordinal()]++;
      }
    }
    return new SeverityCounts(n[0], n[1], n[2], n[3], n[4], n[5]);
  }

  public int total() {
    return critical + high + medium + low + informational + untriaged;
  }

  /** The worst severity present, or null when there is none. */
  public Severity worst() {
    int[] n = {critical, high, medium, low, informational, untriaged};
    for (int i = 0; i < n.length; i++) {
      if (n[i] > 0) {
        return Severity.values()[i];
      }
    }
    return null;
  }
}
