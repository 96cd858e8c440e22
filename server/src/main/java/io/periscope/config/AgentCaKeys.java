package io.periscope.config;

import io.periscope.storage.EncryptionKey;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code agent.ca.*} keys: where the agent CA is kept and, for the database, the key that
 * encrypts its private key. The key itself is never a config value: the config names a file
 * ({@code keyFile}) or an environment variable ({@code keyEnv}) holding it, so the config file
 * (a ConfigMap) stays free of secrets. Errors name the config key and never quote the key text.
 */
final class AgentCaKeys {
  static final String HOW = "a base64-encoded 256-bit key, e.g. from 'openssl rand -base64 32'";

  private AgentCaKeys() {}

  static PeriscopeConfig.Ca ca(RawConfig raw, Map<String, String> env, boolean tunnelEnabled) {
    String storeText = raw.scalar("agent.ca.store").orElse("database");
    PeriscopeConfig.Ca.Store store = switch (storeText.toLowerCase(Locale.ROOT)) {
      case "database" -> PeriscopeConfig.Ca.Store.DATABASE;
      case "directory" -> PeriscopeConfig.Ca.Store.DIRECTORY;
      default -> throw new ConfigException("agent.ca.store", "unknown store '" + storeText + "'; expected database or directory");
    };
    if (store == PeriscopeConfig.Ca.Store.DIRECTORY) {
      for (String k : List.of("agent.ca.keyFile", "agent.ca.keyEnv", "agent.ca.previousKeyFile", "agent.ca.previousKeyEnv")) {
        if (raw.scalar(k).isPresent()) {
          throw new ConfigException(k, "is only used with agent.ca.store: database (the directory store keeps the CA key unencrypted in agent.caDir)");
        }
      }
    }
    var keys = EncryptionKeys.read(raw, env, "agent.ca");
    Optional<EncryptionKey> key = keys.current();
    if (store == PeriscopeConfig.Ca.Store.DATABASE && tunnelEnabled && key.isEmpty()) {
      throw new ConfigException("agent.ca.keyFile", "required with agent.tunnel.enabled: the agent CA is kept in the database with its"
          + " private key encrypted, so name a file holding " + HOW + " (from a Secret), or set agent.ca.keyEnv to the name of an"
          + " environment variable holding it; agent.ca.store: directory keeps the CA in agent.caDir instead");
    }
    return new PeriscopeConfig.Ca(store, key, keys.previous());
  }
}
