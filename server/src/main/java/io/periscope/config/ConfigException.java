package io.periscope.config;

/** A configuration value that cannot be used; names the offending key so start-up errors are actionable. */
public final class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String reason) {
    super(key + ": " + reason);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
