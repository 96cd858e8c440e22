package io.periscope.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * The one YAML reader and writer: configuration, {@code clusters.yaml}, manifests the person sends,
 * and the YAML the console shows (objects, Helm values). Written YAML has no document marker,
 * quotes only where needed, and keeps numeric-looking strings quoted, so YAML edited in the
 * browser and applied back keeps each value's type; map keys are written sorted, so two versions
 * of the same object diff line by line.
 */
public final class Yaml {
  private static final ObjectMapper SHARED = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /**
   * Refuses a key written twice in one mapping. For files an operator edits (the config file,
   * {@code clusters.yaml}): the lenient reader keeps the last one, so a second {@code server:}
   * section would silently drop every key of the first.
   */
  private static final ObjectReader NO_DUPLICATE_KEYS = SHARED.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private Yaml() {}

  /** A reader that fails on a key written twice in the same mapping ({@link YamlProblems} says which). */
  public static ObjectReader noDuplicateKeys() {
    return NO_DUPLICATE_KEYS;
  }

  /** The shared mapper (thread-safe); never reconfigure it. */
  public static ObjectMapper mapper() {
    return SHARED;
  }

  /** {@code value} (a tree, a map or a record) as YAML. */
  public static String write(Object value) {
    try {
      return SHARED.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot be rendered as YAML: " + e.getOriginalMessage(), e);
    }
  }
}
