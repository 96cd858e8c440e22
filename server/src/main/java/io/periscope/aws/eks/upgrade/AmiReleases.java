package io.periscope.aws.eks.upgrade;

import io.periscope.aws.AwsCalls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * The EKS optimized AMI releases of one Kubernetes minor and AMI family, from the SSM public
 * parameters under {@code /aws/service/eks/optimized-ami/<minor>/<family>}: every
 * {@code <image>/release_version} below it is one release ({@code 1.31.3-20250103}), and
 * {@code recommended/release_version} is the latest. Kept for {@code freshness} per region,
 * minor and family (releases come out every week or two).
 */
public final class AmiReleases {
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  private static final Map<String, String> FAMILIES = Map.of(
      "AL2_x86_64", "amazon-linux-2",
      "AL2_x86_64_GPU", "amazon-linux-2-gpu",
      "AL2_ARM_64", "amazon-linux-2-arm64",
      "AL2023_x86_64_STANDARD", "amazon-linux-2023/x86_64/standard",
      "AL2023_ARM_64_STANDARD", "amazon-linux-2023/arm64/standard",
      "AL2023_x86_64_NVIDIA", "amazon-linux-2023/x86_64/nvidia",
      "AL2023_ARM_64_NVIDIA", "amazon-linux-2023/arm64/nvidia",
      "AL2023_x86_64_NEURON", "amazon-linux-2023/x86_64/neuron");

  /** The releases of one minor and family, oldest first; {@code latest} is the recommended one. */
  public record Line(String path, List<String> releases, String latest) {}

  /** How far a node group's release is behind the latest: {@code releasesBehind} newer releases, {@code daysBehind} between their dates. */
  public record Drift(String current, String latest, int releasesBehind, Integer daysBehind) {}

  private record Key(Region region, String minor, String family) {}

  private record Cached(Line line, Instant readAt) {}

  private final Clock clock;
  private final Duration freshness;
  private final Map<Key, Cached> cache = new ConcurrentHashMap<>();

  public AmiReleases(Clock clock, Duration freshness) {
    this.clock = clock;
    this.freshness = freshness;
  }

  /** The SSM path of an AMI type's family, or empty for types without public release parameters (Bottlerocket, Windows, CUSTOM). */
  public static Optional<String> path(String minor, String amiType) {
    return Optional.ofNullable(FAMILIES.get(amiType)).map(f -> "/aws/service/eks/optimized-ami/" + minor + "/" + f);
  }

  /** The release line, read with {@code ssm:GetParametersByPath}; empty when the AMI type has none. */
  public Optional<Line> line(SsmClient ssm, Region region, String minor, String amiType) {
    Optional<String> path = path(minor, amiType);
    if (path.isEmpty()) {
      return Optional.empty();
    }
    Key key = new Key(region, minor, FAMILIES.get(amiType));
    Cached hit = cache.get(key);
    Instant now = clock.instant();
    if (hit != null && hit.readAt().plus(freshness).isAfter(now)) {
      return Optional.of(hit.line());
    }
    Line line = read(ssm, path.get());
    cache.put(key, new Cached(line, now));
    return Optional.of(line);
  }

  private static Line read(SsmClient ssm, String path) {
    TreeSet<String> releases = new TreeSet<>(Comparator.comparing(AmiReleases::day, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Comparator.naturalOrder()));
    String[] recommended = new String[1];
    AwsCalls.unaudited("ssm:GetParametersByPath", () -> {
      for (Parameter p : ssm.getParametersByPathPaginator(r -> r.path(path).recursive(true)).stream()
          .flatMap(page -> page.parameters().stream()).toList()) {
        if (!p.name().endsWith("/release_version")) {
          continue;
        }
        if (p.name().endsWith("/recommended/release_version")) {
          recommended[0] = p.value();
        } else {
          releases.add(p.value());
        }
      }
      return null;
    });
    if (recommended[0] != null) {
      releases.add(recommended[0]);
    }
    String latest = recommended[0] != null ? recommended[0] : releases.isEmpty() ? null : releases.last();
    return new Line(path, new ArrayList<>(releases), latest);
  }

  /** Where {@code current} stands in {@code line}. */
  public static Drift drift(Line line, String current) {
    if (line.latest() == null || current == null) {
      return new Drift(current, line.latest(), 0, null);
    }
    LocalDate mine = day(current);
    LocalDate newest = day(line.latest());
    int behind = (int) line.releases().stream().filter(r -> {
      LocalDate d = day(r);
      return d != null && mine != null && d.isAfter(mine) && !d.isAfter(newest);
    }).count();
    Integer days = mine == null || newest == null ? null : (int) Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(mine, newest));
    return new Drift(current, line.latest(), behind, days);
  }

  /** The date of a release version ({@code 1.31.3-20250103} → 2025-01-03), null when it carries none. */
  static LocalDate day(String release) {
    int dash = release == null ? -1 : release.lastIndexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      return LocalDate.parse(release.substring(dash + 1), DAY);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
