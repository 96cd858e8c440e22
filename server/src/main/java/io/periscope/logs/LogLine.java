package io.periscope.logs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * One line of a container log as the kubelet stamps it with {@code timestamps=true}: its RFC 3339
 * time, kept as sent (nanoseconds and all) and parsed for ordering, and the text after it.
 *
 * @param time the kubelet's stamp, or null when the line carried none
 * @param at {@code time} parsed, or null
 */
public record LogLine(String time, Instant at, String text) {

  /** Splits the stamp off a line; a line without a parsable one keeps all its text and no time. */
  public static LogLine parse(String raw) {
    int space = raw.indexOf(' ');
    if (space < 20 || space > 40) {
      return new LogLine(null, null, raw);
    }
    String stamp = raw.substring(0, space);
    try {
      return new LogLine(stamp, OffsetDateTime.parse(stamp).toInstant(), raw.substring(space + 1));
    } catch (DateTimeParseException e) {
      return new LogLine(null, null, raw);
    }
  }

  /** The next line a reader returned: the rest of a cut line keeps the time of the piece before it (the kubelet stamped the line once). */
  public static LogLine next(LogLineReader reader, String raw, LogLine previous) {
    return reader.continuesPrevious() && previous != null ? new LogLine(previous.time(), previous.at(), raw) : parse(raw);
  }
}
