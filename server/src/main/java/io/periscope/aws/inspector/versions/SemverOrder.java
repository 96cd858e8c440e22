package io.periscope.aws.inspector.versions;

/**
 * Semantic versioning 2.0 precedence, lenient about what real package data carries: a {@code v}
 * or {@code go} prefix, fewer or more than three numbers (missing ones count as 0), build
 * metadata (ignored), and Go's toolchain spelling {@code 1.21rc2} (a pre-release). Go
 * pseudo-versions ({@code v0.0.0-20240318-abcdef}) are pre-releases, so they sort as Go sorts them.
 */
final class SemverOrder {
  private static final Parsed<String[]> PARSED = new Parsed<>(SemverOrder::split);

  private SemverOrder() {}

  static int compareVersions(String a, String b) {
    String[] x = PARSED.of(a);
    String[] y = PARSED.of(b);
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

  /** {core, prerelease} or null when the core is not numbers (scanned by hand: this runs for every comparison). */
  private static String[] split(String v) {
    String s = v.startsWith("go") ? v.substring(2) : v.startsWith("v") || v.startsWith("V") ? v.substring(1) : v;
    int plus = s.indexOf('+');
    if (plus >= 0) {
      s = s.substring(0, plus);
    }
    int end = 0;
    boolean digitLast = false;
    while (end < s.length()) {
      char c = s.charAt(end);
      if (Numbers.isDigit(c)) {
        digitLast = true;
      } else if (c == '.' && digitLast) {
        digitLast = false;
      } else {
        break;
      }
      end++;
    }
    if (end == 0 || !digitLast) {
      return null; // no leading number, or a trailing dot
    }
    if (end == s.length()) {
      return new String[] {s, ""};
    }
    char next = s.charAt(end);
    if (next == '-') {
      return new String[] {s.substring(0, end), s.substring(end + 1)};
    }
    // Go's toolchain spells pre-releases without a dash: 1.21rc2.
    return Character.isLetter(next) && s.indexOf('-') < 0 ? new String[] {s.substring(0, end), s.substring(end)} : null;
  }

  /** Dot-separated numbers by value, a missing one as 0 (walked in place: this runs for every comparison). */
  private static int compareCore(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int ei = i < a.length() ? Numbers.run(a, i) : i;
      int ej = j < b.length() ? Numbers.run(b, j) : j;
      int c = Numbers.compare(ei > i ? a.substring(i, ei) : "0", ej > j ? b.substring(j, ej) : "0");
      if (c != 0) {
        return c;
      }
      i = ei + 1; // past the dot
      j = ej + 1;
    }
    return 0;
  }

  /** Dot-separated identifiers: numbers by value and before words; words naturally; more identifiers after fewer. */
  private static int comparePrerelease(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      boolean xn = allDigits(x[i]);
      boolean yn = allDigits(y[i]);
      int c = xn && yn ? Numbers.compare(x[i], y[i]) : xn ? -1 : yn ? 1 : Numbers.natural(x[i], y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  private static boolean allDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Numbers.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
