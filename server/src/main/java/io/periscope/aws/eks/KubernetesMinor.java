package io.periscope.aws.eks;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes {@code major.minor} as EKS writes it ({@code 1.31}); orders numerically, so 1.9 comes before 1.10. */
public record KubernetesMinor(int major, int minor) implements Comparable<KubernetesMinor> {
  private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:[.-].*)?$");

  /** Reads {@code 1.31}, {@code 1.31.2}, {@code v1.31} or {@code 1.31.2-20250101}; empty for anything else. */
  public static Optional<KubernetesMinor> parse(String version) {
    if (version == null) {
      return Optional.empty();
    }
    Matcher m = VERSION.matcher(version.trim());
    return m.matches() ? Optional.of(new KubernetesMinor(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))) : Optional.empty();
  }

  public KubernetesMinor next() {
    return new KubernetesMinor(major, minor + 1);
  }

  /** How many minors {@code other} is behind this one (negative when ahead). */
  public int minorsAhead(KubernetesMinor other) {
    return major == other.major ? minor - other.minor : (major - other.major) * 100;
  }

  @Override
  public int compareTo(KubernetesMinor o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
