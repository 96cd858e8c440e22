package io.periscope.aws.inspector.versions;

/**
 * rpm's comparison: {@code [epoch:]version[-release]}, each part by {@code rpmvercmp}: alphanumeric
 * segments (separators ignored), numbers by value and newer than words, {@code ~} sorts before
 * anything (pre-releases), {@code ^} after the bare version but before any further segment.
 */
final class RpmOrder {
  private static final Parsed<String[]> PARSED = new Parsed<>(RpmOrder::parse);

  private RpmOrder() {}

  static int compareVersions(String a, String b) {
    String[] x = PARSED.of(a);
    String[] y = PARSED.of(b);
    int c = Numbers.compare(x[0], y[0]);
    if (c == 0) {
      c = rpmvercmp(x[1], y[1]);
    }
    if (c == 0 && !x[2].isEmpty() && !y[2].isEmpty()) { // a version without release matches any release of it
      c = rpmvercmp(x[2], y[2]);
    }
    return c;
  }

  /** {epoch, version, release}. */
  private static String[] parse(String v) {
    int colon = v.indexOf(':');
    String epoch = "0";
    String rest = v;
    if (colon > 0 && v.substring(0, colon).chars().allMatch(ch -> Numbers.isDigit((char) ch))) {
      epoch = v.substring(0, colon);
      rest = v.substring(colon + 1);
    }
    int dash = rest.lastIndexOf('-');
    return dash < 0 ? new String[] {epoch, rest, ""} : new String[] {epoch, rest.substring(0, dash), rest.substring(dash + 1)};
  }

  private static boolean alnum(char c) {
    return c < 128 && Character.isLetterOrDigit(c);
  }

  static int rpmvercmp(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      while (i < a.length() && !alnum(a.charAt(i)) && a.charAt(i) != '~' && a.charAt(i) != '^') {
        i++;
      }
      while (j < b.length() && !alnum(b.charAt(j)) && b.charAt(j) != '~' && b.charAt(j) != '^') {
        j++;
      }
      boolean aTilde = i < a.length() && a.charAt(i) == '~';
      boolean bTilde = j < b.length() && b.charAt(j) == '~';
      if (aTilde || bTilde) {
        if (!aTilde) {
          return 1;
        }
        if (!bTilde) {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      boolean aCaret = i < a.length() && a.charAt(i) == '^';
      boolean bCaret = j < b.length() && b.charAt(j) == '^';
      if (aCaret || bCaret) {
        if (i >= a.length()) {
          return -1;
        }
        if (j >= b.length()) {
          return 1;
        }
        if (!aCaret) {
          return 1;
        }
        if (!bCaret) {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (i >= a.length() || j >= b.length()) {
        break;
      }
      boolean numeric = Numbers.isDigit(a.charAt(i));
      int ei = numeric ? Numbers.run(a, i) : letters(a, i);
      int ej = numeric ? Numbers.run(b, j) : letters(b, j);
      if (ej == j) {
        return numeric ? 1 : -1; // a number is newer than a word
      }
      int c = numeric ? Numbers.compare(a.substring(i, ei), b.substring(j, ej)) : Integer.signum(a.substring(i, ei).compareTo(b.substring(j, ej)));
      if (c != 0) {
        return c;
      }
      i = ei;
      j = ej;
    }
    if (i >= a.length() && j >= b.length()) {
      return 0;
    }
    return i >= a.length() ? -1 : 1;
  }

  private static int letters(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) < 128 && Character.isLetter(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
