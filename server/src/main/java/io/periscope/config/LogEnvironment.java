package io.periscope.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The two logging variables logback.xml reads ({@code PERISCOPE_LOG_FORMAT}, {@code PERISCOPE_LOG_LEVEL}).
 * Logback itself takes any value without a word: an unknown format names no appender, so the server
 * would run and print nothing at all, and an unknown level turns into DEBUG. Checked with the config.
 */
final class LogEnvironment {
  static final String FORMAT = "PERISCOPE_LOG_FORMAT";
  static final String LEVEL = "PERISCOPE_LOG_LEVEL";
  /** The appender names in logback.xml (case matters there). */
  private static final Set<String> FORMATS = Set.of("json", "text");
  /** What logback's Level.toLevel knows; any other text silently becomes DEBUG. */
  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF", "ALL");

  private LogEnvironment() {}

  static void check(Map<String, String> env) {
    String format = env.get(FORMAT);
    if (format != null && !format.isEmpty() && !FORMATS.contains(format)) {
      throw new ConfigException(FORMAT, "expected json or text, got '" + format + "'");
    }
    String level = env.get(LEVEL);
    if (level != null && !level.isEmpty() && !LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
      throw new ConfigException(LEVEL, "expected one of ERROR, WARN, INFO, DEBUG, TRACE, got '" + level + "'");
    }
  }
}
