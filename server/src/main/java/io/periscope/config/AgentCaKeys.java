package io.periscope.config;

import io.periscope.storage.EncryptionKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private static final String HOW = "a base64-encoded 256-bit key, e.g. from 'openssl rand -base64 32'";

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
    Optional<EncryptionKey> key = key(raw, env, "agent.ca.keyFile", "agent.ca.keyEnv");
    Optional<EncryptionKey> previous = key(raw, env, "agent.ca.previousKeyFile", "agent.ca.previousKeyEnv");
    if (previous.isPresent()) {
      String previousKey = raw.scalar("agent.ca.previousKeyFile").isPresent() ? "agent.ca.previousKeyFile" : "agent.ca.previousKeyEnv";
      if (key.isEmpty()) {
        throw new ConfigException(previousKey, "needs the new key too (agent.ca.keyFile or agent.ca.keyEnv)");
      }
      if (previous.get().id().equals(key.get().id())) {
        throw new ConfigException(previousKey, "is the same key as the current one (id " + key.get().id() + ")");
      }
    }
    if (store == PeriscopeConfig.Ca.Store.DATABASE && tunnelEnabled && key.isEmpty()) {
      throw new ConfigException("agent.ca.keyFile", "required with agent.tunnel.enabled: the agent CA is kept in the database with its"
          + " private key encrypted, so name a file holding " + HOW + " (from a Secret), or set agent.ca.keyEnv to the name of an"
          + " environment variable holding it; agent.ca.store: directory keeps the CA in agent.caDir instead");
    }
    return new PeriscopeConfig.Ca(store, key, previous.stream().toList());
  }

  private static Optional<EncryptionKey> key(RawConfig raw, Map<String, String> env, String fileKey, String envKey) {
    Optional<String> file = raw.scalar(fileKey);
    Optional<String> variable = raw.scalar(envKey);
    if (file.isPresent() && variable.isPresent()) {
      throw new ConfigException(fileKey, "set either " + fileKey + " or " + envKey + ", not both");
    }
    if (file.isPresent()) {
      String text;
      try {
        text = Files.readString(Path.of(file.get()));
      } catch (IOException | RuntimeException e) {
        throw new ConfigException(fileKey, "cannot read " + file.get());
      }
      return Optional.of(parse(fileKey, "the key in " + file.get(), text, fileKey));
    }
    if (variable.isPresent()) {
      String name = variable.get();
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new ConfigException(envKey, "expected the name of an environment variable, got '" + name + "'");
      }
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        throw new ConfigException(envKey, "names the environment variable " + name + ", which is not set or empty");
      }
      return Optional.of(parse(envKey, "the key in environment variable " + name, value, envKey + " (" + name + ")"));
    }
    return Optional.empty();
  }

  private static EncryptionKey parse(String configKey, String subject, String text, String source) {
    try {
      return EncryptionKey.parse(text, source);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(configKey, subject + " " + e.getMessage());
    }
  }
}
