package io.periscope.aws.inspector.versions;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic versioning 2.0 precedence, lenient about what real package data carries: a {@code v}
 * or {@code go} prefix, fewer or more than three numbers (missing ones count as 0), build
 * metadata (ignored), and Go's toolchain spelling {@code 1.21rc2} (a pre-release). Go
 * pseudo-versions ({@code v0.0.0-20240318-abcdef}) are pre-releases, so they sort as Go sorts them.
 */
final class SemverOrder {
  private static final Pattern GO_PRERELEASE = Pattern.compile("^(\\d+(?:\\.\\d+)*)([a-zA-Z].*)$");

  private SemverOrder() {}

  static int compareVersions(String a, String b) {
    String[] x = split(a);
    String[] y = split(b);
    if (x == null || y == null) {
      return GenericOrder.compareVersions(a, b);
    }
    int c = compareCore(x[0], y[0]);
    if (c != 0) {
      return c;
    }
    if (x[1].isEmpty() || y[1].isEmpty()) {
      return x[1].isEmpty() ? (y[1].isEmpty() ? 0 : 1) : -1; // a pre-release comes before its release
    }
    return comparePrerelease(x[1], y[1]);
  }

  /** {core, prerelease} or null when the core is not numbers. */
  private static String[] split(String v) {
    String s = v.startsWith("go") ? v.substring(2) : v.startsWith("v") || v.startsWith("V") ? v.substring(1) : v;
    int plus = s.indexOf('+');
    if (plus >= 0) {
      s = s.substring(0, plus);
    }
    String core;
    String pre;
    int dash = s.indexOf('-');
    if (dash >= 0) {
      core = s.substring(0, dash);
      pre = s.substring(dash + 1);
    } else {
      Matcher m = GO_PRERELEASE.matcher(s);
      core = m.matches() ? m.group(1) : s;
      pre = m.matches() ? m.group(2) : "";
    }
    return core.matches("\\d+(\\.\\d+)*") ? new String[] {core, pre} : null;
  }

  private static int compareCore(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Numbers.compare(i < x.length ? x[i] : "0", i < y.length ? y[i] : "0");
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Dot-separated identifiers: numbers by value and before words; words naturally; more identifiers after fewer. */
  private static int comparePrerelease(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      boolean xn = x[i].matches("\\d+");
      boolean yn = y[i].matches("\\d+");
      int c = xn && yn ? Numbers.compare(x[i], y[i]) : xn ? -1 : yn ? 1 : Numbers.natural(x[i], y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
