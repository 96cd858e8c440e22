package io.periscope.aws.inspector.versions;

import java.util.Comparator;
import java.util.Locale;

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
    return a.equals(b) ? 0 : compareVersions(a.trim(), b.trim());
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
    String v = version.trim();
    int i = 0;
    int epoch = Numbers.run(v, 0);
    if (epoch > 0 && epoch < v.length() && (v.charAt(epoch) == ':' || v.charAt(epoch) == '!')) {
      i = epoch + 1;
    }
    if (v.startsWith("go", i)) {
      i += 2;
    } else if (v.startsWith("v", i)) {
      i += 1;
    }
    int major = Numbers.run(v, i);
    if (major == i) {
      return v;
    }
    if (major + 1 < v.length() && v.charAt(major) == '.' && Numbers.isDigit(v.charAt(major + 1))) {
      return v.substring(i, Numbers.run(v, major + 1));
    }
    return v.substring(i, major);
  }
}
