package io.periscope.exec;

import java.time.Duration;

/**
 * Limits of the exec shell.
 *
 * @param maxSessionsPerUser concurrent shells one person may hold (across tabs and clusters)
 * @param idleTimeout a shell with neither input nor output for this long is closed
 * @param maxStdinFrameBytes the largest single stdin message accepted (a paste larger than this is refused)
 */
public record ExecSettings(int maxSessionsPerUser, Duration idleTimeout, int maxStdinFrameBytes) {
  public static final ExecSettings DEFAULTS = new ExecSettings(5, Duration.ofMinutes(15), 64 * 1024);

  public ExecSettings {
    if (maxSessionsPerUser < 1 || idleTimeout.isNegative() || idleTimeout.isZero() || maxStdinFrameBytes < 1) {
      throw new IllegalArgumentException("exec settings must be positive: " + maxSessionsPerUser + ", " + idleTimeout + ", " + maxStdinFrameBytes);
    }
  }
}
