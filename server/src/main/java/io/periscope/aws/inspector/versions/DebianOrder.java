package io.periscope.aws.inspector.versions;

/**
 * dpkg's version comparison (deb-version(7)): {@code [epoch:]upstream[-revision]}; within each
 * part, non-digit runs compare with {@code ~} before everything (even the end), letters before
 * other characters, then digit runs compare by value.
 */
final class DebianOrder {
  private static final Parsed<String[]> PARSED = new Parsed<>(DebianOrder::parse);

  private DebianOrder() {}

  static int compareVersions(String a, String b) {
    String[] x = PARSED.of(a);
    String[] y = PARSED.of(b);
    int c = Numbers.compare(x[0], y[0]);
    if (c == 0) {
      c = verrevcmp(x[1], y[1]);
    }
    if (c == 0) {
      c = verrevcmp(x[2], y[2]);
    }
    return Integer.signum(c);
  }

  /** {epoch, upstream, revision}; a missing epoch is 0, a missing revision empty. */
  private static String[] parse(String v) {
    int colon = v.indexOf(':');
    boolean hasEpoch = colon > 0 && v.substring(0, colon).chars().allMatch(ch -> Numbers.isDigit((char) ch));
    String epoch = hasEpoch ? v.substring(0, colon) : "0";
    String rest = hasEpoch ? v.substring(colon + 1) : v;
    int dash = rest.lastIndexOf('-');
    return dash < 0 ? new String[] {epoch, rest, ""} : new String[] {epoch, rest.substring(0, dash), rest.substring(dash + 1)};
  }

  private static int order(String s, int i) {
    if (i >= s.length()) {
      return 0;
    }
    char c = s.charAt(i);
    if (Numbers.isDigit(c)) {
      return 0;
    }
    if (Character.isLetter(c) && c < 128) {
      return c;
    }
    if (c == '~') {
      return -1;
    }
    return c + 256;
  }

  private static int verrevcmp(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      while (i < a.length() && !Numbers.isDigit(a.charAt(i)) || j < b.length() && !Numbers.isDigit(b.charAt(j))) {
        int ac = order(a, i);
        int bc = order(b, j);
        if (ac != bc) {
          return ac - bc;
        }
        i++;
        j++;
      }
      int ei = Numbers.run(a, Math.min(i, a.length()));
      int ej = Numbers.run(b, Math.min(j, b.length()));
      int c = Numbers.compare(i < a.length() ? a.substring(i, ei) : "0", j < b.length() ? b.substring(j, ej) : "0");
      if (c != 0) {
        return c;
      }
      i = Math.max(ei, i);
      j = Math.max(ej, j);
    }
    return 0;
  }
}
