package io.periscope.aws.inspector.versions;

import org.semver4j.Semver;

/**
 * Semantic versioning 2.0 precedence by semver4j, after making what real package data carries a
 * strict version: a {@code v} or {@code go} prefix dropped, fewer than three numbers padded with
 * 0, leading zeros dropped, and Go's toolchain spelling {@code 1.21rc2} written {@code 1.21.0-rc2}
 * (a pre-release). Go pseudo-versions ({@code v0.0.0-20240318-abcdef}) are pre-releases, so they
 * sort as Go sorts them. A version with more than three numbers or no leading number is not
 * semver: those compare by {@link GenericOrder}.
 */
final class SemverOrder {
  private static final Parsed<Semver> PARSED = new Parsed<>(SemverOrder::strict);

  private SemverOrder() {}

  static int compareVersions(String a, String b) {
    Semver x = PARSED.of(a);
    Semver y = PARSED.of(b);
    if (x == null || y == null) {
      return GenericOrder.compareVersions(a, b);
    }
    return x.compareTo(y);
  }

  /** The version as strict semver, or null when it cannot be one. */
  private static Semver strict(String v) {
    String s = v.startsWith("go") ? v.substring(2) : v.startsWith("v") || v.startsWith("V") ? v.substring(1) : v;
    int plus = s.indexOf('+');
    if (plus >= 0) {
      s = s.substring(0, plus); // build metadata never counts
    }
    int end = 0;
    while (end < s.length() && (Numbers.isDigit(s.charAt(end)) || s.charAt(end) == '.')) {
      end++;
    }
    String[] numbers = s.substring(0, end).split("\\.", -1);
    if (end == 0 || numbers.length > 3) {
      return null;
    }
    StringBuilder core = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      String n = i < numbers.length ? numbers[i] : "0";
      if (n.isEmpty()) {
        return null; // "1..2" or a trailing dot
      }
      core.append(i == 0 ? "" : ".").append(n.replaceFirst("^0+(?=\\d)", ""));
    }
    String rest = s.substring(end);
    if (!rest.isEmpty() && rest.charAt(0) != '-') {
      if (!Character.isLetter(rest.charAt(0)) || s.indexOf('-') >= 0) {
        return null;
      }
      rest = "-" + rest; // Go's toolchain spells pre-releases without a dash: 1.21rc2
    }
    return Semver.parse(core + rest);
  }
}
