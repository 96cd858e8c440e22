package io.periscope.http;

import java.util.Locale;

/** Reads a request's {@code Accept-Encoding} (RFC 9110 §12.5.3) for the one coding the server relays: gzip. */
public final class AcceptEncoding {
  private AcceptEncoding() {}

  /**
   * Whether the client takes gzip: it names {@code gzip} (or {@code *}) with a weight above zero.
   * An explicit {@code gzip;q=0} refuses it even when {@code *} is welcome; a weight that is not a
   * number makes its entry count as absent.
   */
  public static boolean allowsGzip(String header) {
    if (header == null || header.isBlank()) {
      return false;
    }
    Boolean gzip = null;
    boolean star = false;
    for (String entry : header.split(",")) {
      String[] parts = entry.split(";");
      String coding = parts[0].trim().toLowerCase(Locale.ROOT);
      if (!coding.equals("gzip") && !coding.equals("*")) {
        continue;
      }
      Double weight = weight(parts);
      if (weight == null) {
        continue;
      }
      if (coding.equals("gzip")) {
        gzip = weight > 0;
      } else {
        star = weight > 0;
      }
    }
    return gzip != null ? gzip : star;
  }

  /** The entry's q-value (1 when it has none), or null when it is malformed. */
  private static Double weight(String[] parts) {
    double q = 1;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.regionMatches(true, 0, "q=", 0, 2)) {
        try {
          q = Double.parseDouble(p.substring(2).trim());
        } catch (NumberFormatException e) {
          return null;
        }
        if (!(q >= 0 && q <= 1)) {
          return null;
        }
      }
    }
    return q;
  }
}
