package io.periscope.config;

import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;

/** A configuration value that cannot be used; names the offending key so start-up errors are actionable. */
public final class ConfigException extends Problem {
  private final String key;

  public ConfigException(String key, String reason) {
    super(ErrorCode.INVALID_INPUT, key + ": " + reason);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
