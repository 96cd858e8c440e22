package io.periscope.stream;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each subscription of a stream stands: {@code id=resourceVersion} pairs joined by
 * {@code ,}. Every change event carries the whole position as its SSE {@code id}, so the
 * {@code Last-Event-ID} a reconnecting browser sends resumes every subscription at once.
 */
public final class StreamPosition {
  private StreamPosition() {}

  public static String format(Map<String, String> positions) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(positions).forEach((id, rv) -> {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(id).append('=').append(URLEncoder.encode(rv, StandardCharsets.UTF_8));
    });
    return sb.toString();
  }

  /** Lenient: a malformed header resumes nothing rather than failing the reconnect. */
  public static Map<String, String> parse(String header) {
    Map<String, String> out = new LinkedHashMap<>();
    if (header == null || header.isBlank() || header.length() > 8192) {
      return out;
    }
    for (String pair : header.split(",")) {
      int eq = pair.indexOf('=');
      String id = eq < 0 ? "" : pair.substring(0, eq).trim();
      String version = eq < 0 ? "" : pair.substring(eq + 1).trim();
      if (id.isEmpty() || version.isEmpty()) {
        continue; // an id or a version that is only blanks names nothing
      }
      try {
        out.put(id, URLDecoder.decode(version, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException malformedEscape) {
        // that subscription starts afresh, like one the position does not name
      }
    }
    return out;
  }
}
