package io.periscope.config;

import io.periscope.storage.EncryptionKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An at-rest encryption key and the one it replaces, as {@code <prefix>.keyFile} / {@code keyEnv}
 * and {@code <prefix>.previousKeyFile} / {@code previousKeyEnv}. The key itself is never a config
 * value: the config names a file (a mounted Secret) or an environment variable holding it, so the
 * config file (a ConfigMap) stays free of secrets. Errors name the config key and never quote the
 * key text.
 */
final class EncryptionKeys {
  /** The current key (empty when not configured) and the previous one during a rotation. */
  record Pair(Optional<EncryptionKey> current, List<EncryptionKey> previous) {}

  private EncryptionKeys() {}

  static Pair read(RawConfig raw, Map<String, String> env, String prefix) {
    Optional<EncryptionKey> key = key(raw, env, prefix + ".keyFile", prefix + ".keyEnv");
    Optional<EncryptionKey> previous = key(raw, env, prefix + ".previousKeyFile", prefix + ".previousKeyEnv");
    if (previous.isPresent()) {
      String previousKey = raw.scalar(prefix + ".previousKeyFile").isPresent() ? prefix + ".previousKeyFile" : prefix + ".previousKeyEnv";
      if (key.isEmpty()) {
        throw new ConfigException(previousKey, "needs the new key too (" + prefix + ".keyFile or " + prefix + ".keyEnv)");
      }
      if (previous.get().id().equals(key.get().id())) {
        throw new ConfigException(previousKey, "is the same key as the current one (id " + key.get().id() + ")");
      }
    }
    return new Pair(key, previous.stream().toList());
  }

  private static Optional<EncryptionKey> key(RawConfig raw, Map<String, String> env, String fileKey, String envKey) {
    raw.refuseBoth(fileKey, envKey);
    Optional<String> file = raw.scalar(fileKey);
    Optional<String> variable = raw.scalar(envKey);
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
        // Not quoted back: the usual slip is the key itself written here instead of its variable's name.
        throw new ConfigException(envKey, "expected the name of an environment variable (letters, digits and '_'), which holds"
            + " the key; the value given is not a name and is not repeated here");
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
