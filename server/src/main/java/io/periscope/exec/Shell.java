package io.periscope.exec;

import io.periscope.problem.Problem;
import java.util.List;
import java.util.Locale;

/**
 * Which shell to start. {@code auto} asks the container's {@code /bin/sh} to replace itself with
 * bash when bash exists, else with sh — one exec, no second round trip.
 */
public enum Shell {
  SH(List.of("/bin/sh")),
  BASH(List.of("/bin/bash")),
  AUTO(List.of("/bin/sh", "-c", "if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi"));

  private final List<String> command;

  Shell(List<String> command) {
    this.command = command;
  }

  public List<String> command() {
    return command;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws Problem 400 for anything but sh, bash, auto (empty means auto) */
  public static Shell parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return AUTO;
    }
    try {
      return valueOf(raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("shell must be sh, bash or auto, got '" + raw + "'");
    }
  }
}
