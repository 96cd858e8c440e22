package io.periscope.aws.inspector.versions;

import java.util.ArrayList;
import java.util.List;

/**
 * The fallback ordering (RubyGems' rule, which suits most unknown schemes): a version is a list
 * of number and word segments (separators ignored); numbers compare by value, words by
 * character, and a word sorts before a number ({@code 1.0.pre1 < 1.0.0}); missing trailing
 * numbers count as 0.
 */
final class GenericOrder {
  private GenericOrder() {}

  static int compareVersions(String a, String b) {
    List<String> x = segments(a);
    List<String> y = segments(b);
    for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
      String s = i < x.size() ? x.get(i) : null;
      String t = i < y.size() ? y.get(i) : null;
      if (s == null || t == null) {
        String other = s == null ? t : s;
        int sign = s == null ? -1 : 1; // the longer one is newer when its next segment is a number
        if (isNumber(other)) {
          if (Numbers.compare(other, "0") != 0) {
            return sign;
          }
          continue;
        }
        return -sign;
      }
      boolean sn = isNumber(s);
      boolean tn = isNumber(t);
      int c = sn && tn ? Numbers.compare(s, t) : sn ? 1 : tn ? -1 : Integer.signum(s.compareTo(t));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Alpine: {@code upstream[-rN]}, the upstream by the generic rule, then the package revision. */
  static int compareApk(String a, String b) {
    String[] x = apk(a);
    String[] y = apk(b);
    int c = compareVersions(x[0], y[0]);
    return c != 0 ? c : Numbers.compare(x[1], y[1]);
  }

  private static String[] apk(String v) {
    int r = v.lastIndexOf("-r");
    return r > 0 && v.substring(r + 2).matches("\\d+") ? new String[] {v.substring(0, r), v.substring(r + 2)} : new String[] {v, "0"};
  }

  private static boolean isNumber(String s) {
    return Numbers.isDigit(s.charAt(0));
  }

  private static List<String> segments(String v) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < v.length()) {
      char c = v.charAt(i);
      if (Numbers.isDigit(c)) {
        int e = Numbers.run(v, i);
        out.add(v.substring(i, e));
        i = e;
      } else if (Character.isLetter(c)) {
        int e = i;
        while (e < v.length() && Character.isLetter(v.charAt(e))) {
          e++;
        }
        out.add(v.substring(i, e));
        i = e;
      } else {
        i++;
      }
    }
    return out;
  }
}
