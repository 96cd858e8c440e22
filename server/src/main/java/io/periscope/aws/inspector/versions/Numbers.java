package io.periscope.aws.inspector.versions;

/** Digit strings compared by value whatever their length (no overflow), and natural word order. */
final class Numbers {
  private Numbers() {}

  /** Two runs of ASCII digits by value. */
  static int compare(String a, String b) {
    String x = stripZeros(a);
    String y = stripZeros(b);
    return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : Integer.signum(x.compareTo(y));
  }

  /** Digit runs by value, everything else by character: {@code rc2 < rc10}. */
  static int natural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (isDigit(ca) && isDigit(cb)) {
        int ei = run(a, i);
        int ej = run(b, j);
        int c = compare(a.substring(i, ei), b.substring(j, ej));
        if (c != 0) {
          return c;
        }
        i = ei;
        j = ej;
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The end of the digit run starting at {@code from}. */
  static int run(String s, int from) {
    int i = from;
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String stripZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }
}
