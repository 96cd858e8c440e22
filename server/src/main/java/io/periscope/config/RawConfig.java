package io.periscope.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.json.Yaml;
import io.periscope.json.YamlProblems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration as untyped text values keyed by dotted path, after merging the YAML file with
 * {@code PERISCOPE_*} environment overrides and explicit overrides (command line). Typed parsing
 * and validation happen in {@link ConfigLoader}.
 */
final class RawConfig {
  private final Map<String, String> scalars = new LinkedHashMap<>();
  private final Map<String, List<String>> lists = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> maps = new LinkedHashMap<>();

  static RawConfig read(Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
    RawConfig raw = new RawConfig();
    file.ifPresent(raw::readYaml);
    for (var key : ConfigKeys.ALL.keySet()) {
      String value = env.get(ConfigKeys.envName(key));
      if (value != null) {
        raw.setFromText(key, value);
      }
    }
    overrides.forEach((key, value) -> {
      if (!ConfigKeys.ALL.containsKey(key)) {
        throw new ConfigException(key, "unknown configuration key");
      }
      raw.setFromText(key, value);
    });
    return raw;
  }

  Optional<String> scalar(String key) {
    return Optional.ofNullable(scalars.get(key)).filter(v -> !v.isEmpty() || key.endsWith("defaultTier"));
  }

  /**
   * Refuses a value given twice, once as text and once by reference (a file, an environment variable's
   * name): taking either one silently would hide a stale secret. Each key also has its own
   * {@code PERISCOPE_*} twin, named so the operator finds the one set outside the file. The values
   * are never quoted.
   */
  void refuseBoth(String key, String otherKey) {
    if (scalar(key).isPresent() && scalar(otherKey).isPresent()) {
      throw new ConfigException(key, "set one of " + key + " (" + ConfigKeys.envName(key) + ") or " + otherKey + " ("
          + ConfigKeys.envName(otherKey) + "), not both");
    }
  }

  boolean isSet(String key) {
    return scalars.containsKey(key);
  }

  Optional<List<String>> list(String key) {
    return Optional.ofNullable(lists.get(key));
  }

  Map<String, String> map(String key) {
    return maps.getOrDefault(key, Map.of());
  }

  private void readYaml(Path file) {
    JsonNode root;
    try {
      if (!Files.isReadable(file)) {
        throw new ConfigException("config file", "cannot read " + file);
      }
      try (var in = Files.newInputStream(file)) {
        root = Yaml.noDuplicateKeys().readTree(in);
      }
    } catch (IOException e) {
      throw new ConfigException("config file", "invalid YAML in " + file + ": " + YamlProblems.describe(e));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return;
    }
    if (!root.isObject()) {
      throw new ConfigException("config file", file + " must contain a YAML mapping at the top level");
    }
    walk("", root);
  }

  private void walk(String prefix, JsonNode node) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var field = it.next();
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      ConfigKeys.Shape shape = ConfigKeys.ALL.get(path);
      JsonNode value = field.getValue();
      if (shape == null) {
        if (ConfigKeys.isPrefixOfKnownKey(path) && value.isObject()) {
          walk(path, value);
          continue;
        }
        throw new ConfigException(path, "unknown configuration key");
      }
      switch (shape) {
        case SCALAR -> {
          if (value.isContainerNode()) {
            throw new ConfigException(path, "expected a single value, not a list or mapping");
          }
          scalars.put(path, value.isNull() ? "" : value.asText());
        }
        case LIST -> {
          if (!value.isArray()) {
            throw new ConfigException(path, "expected a list");
          }
          List<String> items = new ArrayList<>();
          value.forEach(v -> items.add(v.asText()));
          lists.put(path, items);
        }
        case MAP -> {
          if (!value.isObject()) {
            throw new ConfigException(path, "expected a mapping of name: value");
          }
          Map<String, String> entries = new LinkedHashMap<>();
          value.fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
          maps.put(path, entries);
        }
      }
    }
  }

  private void setFromText(String key, String text) {
    switch (ConfigKeys.ALL.get(key)) {
      case SCALAR -> scalars.put(key, text.trim());
      case LIST -> lists.put(key, splitList(text));
      case MAP -> {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String pair : splitList(text)) {
          int eq = pair.lastIndexOf('=');
          if (eq <= 0) {
            throw new ConfigException(key, "expected name=value pairs separated by commas, got '" + pair + "'");
          }
          entries.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        maps.put(key, entries);
      }
    }
  }

  private static List<String> splitList(String text) {
    return java.util.Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
