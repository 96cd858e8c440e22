package io.periscope.aws.inspector.versions;

import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How versions of one ecosystem sort. {@link #line} names a version's release line (its first two
 * numbers), so a finding fixed in several lines ({@code "1.20.12, 1.21.5"}) is closed by a later
 * release of one of those lines.
 */
public interface VersionOrder extends Comparator<String> {
  /** Semantic versions, leniently: {@code v}/{@code go} prefixes, missing parts as 0, Go's {@code 1.21rc2}. */
  VersionOrder SEMVER = SemverOrder::compareVersions;
  /** Maven's own ordering ({@code 1.0-alpha-1 < 1.0-rc1 < 1.0 < 1.0-sp1}). */
  VersionOrder MAVEN = MavenOrder::compareVersions;
  /** Python's PEP 440 ({@code 1.0.dev1 < 1.0a1 < 1.0rc1 < 1.0 < 1.0.post1}, epochs). */
  VersionOrder PEP440 = Pep440Order::compareVersions;
  /** dpkg's ordering ({@code [epoch:]upstream[-revision]}, {@code ~} before anything). */
  VersionOrder DEBIAN = DebianOrder::compareVersions;
  /** rpm's ordering ({@code [epoch:]version[-release]}, {@code ~} before and {@code ^} after). */
  VersionOrder RPM = RpmOrder::compareVersions;
  /** Alpine's apk ({@code upstream[-rN]}). */
  VersionOrder APK = GenericOrder::compareApk;
  /** Anything else (RubyGems and unknown ecosystems): numbers by value, a word part before a number. */
  VersionOrder GENERIC = GenericOrder::compareVersions;

  int compareVersions(String a, String b);

  @Override
  default int compare(String a, String b) {
    return compareVersions(a.trim(), b.trim());
  }

  /** The order of an Inspector package: by its {@code packageManager}, OS packages by the resource's {@code platform}. */
  static VersionOrder of(String packageManager, String platform) {
    String pm = packageManager == null ? "" : packageManager.toUpperCase(Locale.ROOT);
    return switch (pm) {
      case "GOBINARY", "GOMOD", "NPM", "NODEPKG", "YARN", "CARGO", "NUGET", "DOTNET_CORE", "COMPOSER" -> SEMVER;
      case "JAR", "POM" -> MAVEN;
      case "PIP", "PIPENV", "POETRY", "PYTHONPKG" -> PEP440;
      case "OS" -> osOrder(platform);
      default -> GENERIC;
    };
  }

  /** The OS package format of an Inspector {@code platform} ({@code DEBIAN_12}, {@code AMAZON_LINUX_2023}, {@code ALPINE_3_19}). */
  static VersionOrder osOrder(String platform) {
    String p = platform == null ? "" : platform.toUpperCase(Locale.ROOT);
    if (p.startsWith("DEBIAN") || p.startsWith("UBUNTU")) {
      return DEBIAN;
    }
    if (p.startsWith("ALPINE")) {
      return APK;
    }
    if (p.startsWith("AMAZON") || p.startsWith("RHEL") || p.startsWith("CENTOS") || p.startsWith("ORACLE") || p.startsWith("SUSE")
        || p.startsWith("OPENSUSE") || p.startsWith("ROCKY") || p.startsWith("ALMA") || p.startsWith("FEDORA") || p.startsWith("BOTTLEROCKET")) {
      return RPM;
    }
    return GENERIC;
  }

  /** {@code 1.21} of {@code go1.21.5}, {@code 2:1.21.3-1}, {@code v1.21.0-rc1}; the whole version when it has no leading number. */
  static String line(String version) {
    Matcher m = LineHolder.LINE.matcher(version.trim());
    if (!m.find()) {
      return version.trim();
    }
    return m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2);
  }

  /** Holds the pattern (interfaces cannot have private static fields). */
  final class LineHolder {
    static final Pattern LINE = Pattern.compile("^(?:\\d+[:!])?(?:v|go)?(\\d+)(?:\\.(\\d+))?");

    private LineHolder() {}
  }
}
