package io.periscope.aws.inspector.versions;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 ordering: epoch, release numbers (trailing zeros ignored), then a development release
 * of a version before its pre-releases ({@code a < b < rc}), before the release, before its
 * post-releases. Local labels ({@code +ubuntu1}) are ignored. A string that is not PEP 440 falls
 * back to {@link GenericOrder}.
 */
final class Pep440Order {
  private static final Pattern PEP440 = Pattern.compile(
      "v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
          + "(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\\d*))?"
          + "(?:-(\\d+)|[-_.]?(?:post|rev|r)[-_.]?(\\d*))?"
          + "(?:[-_.]?(dev)[-_.]?(\\d*))?"
          + "(?:\\+[a-z0-9.]*)?");

  private static final Parsed<Key> PARSED = new Parsed<>(Pep440Order::parseOrNull);

  private Pep440Order() {}

  private record Key(long epoch, String release, int prePhase, long preNumber, long post, long dev) {}

  static int compareVersions(String a, String b) {
    Key x = PARSED.of(a);
    Key y = PARSED.of(b);
    if (x == null || y == null) {
      return GenericOrder.compareVersions(a, b);
    }
    int c = Long.compare(x.epoch, y.epoch);
    if (c == 0) {
      c = releaseCompare(x.release, y.release);
    }
    if (c == 0) {
      c = Integer.compare(x.prePhase, y.prePhase);
    }
    if (c == 0) {
      c = Long.compare(x.preNumber, y.preNumber);
    }
    if (c == 0) {
      c = Long.compare(x.post, y.post);
    }
    if (c == 0) {
      c = Long.compare(x.dev, y.dev);
    }
    return Integer.signum(c);
  }

  private static Key parseOrNull(String v) {
    try {
      return parse(v);
    } catch (NumberFormatException tooLong) {
      return null;
    }
  }

  private static Key parse(String v) {
    Matcher m = PEP440.matcher(v.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    long epoch = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    boolean pre = m.group(3) != null;
    boolean post = m.group(5) != null || m.group(6) != null;
    boolean dev = m.group(7) != null;
    int phase;
    if (pre) {
      phase = switch (m.group(3)) {
        case "a", "alpha" -> 1;
        case "b", "beta" -> 2;
        default -> 3;
      };
    } else {
      phase = dev && !post ? 0 : 4; // 1.0.dev1 before 1.0a1; a post-release's dev after the release
    }
    long preNumber = pre && !m.group(4).isEmpty() ? Long.parseLong(m.group(4)) : 0;
    long postNumber = m.group(5) != null ? Long.parseLong(m.group(5))
        : m.group(6) != null ? (m.group(6).isEmpty() ? 0 : Long.parseLong(m.group(6))) : -1;
    long devNumber = dev ? (m.group(8).isEmpty() ? 0 : Long.parseLong(m.group(8))) : Long.MAX_VALUE;
    return new Key(epoch, m.group(2), phase, preNumber, postNumber, devNumber);
  }

  private static int releaseCompare(String a, String b) {
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
}
