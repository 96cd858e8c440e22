package io.periscope.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Helm's value coalescing, as {@code helm get values --all} computes it from a stored release: the
 * user's values win, nested maps merge key by key, and a user {@code null} deletes the chart's
 * default. (Subchart defaults are not in the stored release, exactly as for Helm itself.)
 */
public final class Values {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private Values() {}

  /** The user-supplied values and the computed (defaults merged with user) values of one revision. */
  public record RevisionValues(int revision, Map<String, Object> config, Map<String, Object> computed) {}

  public static RevisionValues of(HelmRelease r) {
    return new RevisionValues(r.revision(), r.config(), coalesce(r.chartValues(), r.config()));
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> coalesce(Map<String, Object> defaults, Map<String, Object> user) {
    Map<String, Object> out = new LinkedHashMap<>(defaults);
    for (var e : user.entrySet()) {
      Object mine = e.getValue();
      Object theirs = out.get(e.getKey());
      if (mine == null) {
        out.remove(e.getKey());
      } else if (mine instanceof Map<?, ?> m && theirs instanceof Map<?, ?> t) {
        out.put(e.getKey(), coalesce((Map<String, Object>) t, (Map<String, Object>) m));
      } else {
        out.put(e.getKey(), mine);
      }
    }
    return out;
  }

  /** Stable YAML (keys sorted) so that two revisions diff line by line. */
  public static String yaml(Map<String, Object> values) {
    if (values.isEmpty()) {
      return "";
    }
    try {
      return YAML.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("values cannot be rendered as YAML", e);
    }
  }
}
