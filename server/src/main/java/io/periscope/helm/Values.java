package io.periscope.helm;

import io.periscope.json.Yaml;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Helm's value coalescing, as {@code helm get values --all} computes it from a stored release: the
 * user's values win, nested maps merge key by key, and a user {@code null} deletes the chart's
 * default. (Subchart defaults are not in the stored release, exactly as for Helm itself.)
 */
public final class Values {
  private Values() {}

  /**
   * The user-supplied values and the computed (defaults merged with user) values of one revision,
   * as data and as the YAML the console shows (rendered here, by the same writer as every YAML).
   */
  public record RevisionValues(int revision, Map<String, Object> config, Map<String, Object> computed, String configYaml,
      String computedYaml) {}

  public static RevisionValues of(HelmRelease r) {
    Map<String, Object> computed = coalesce(r.chartValues(), r.config());
    return new RevisionValues(r.revision(), r.config(), computed, yaml(r.config()), yaml(computed));
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

  /** Stable YAML (keys sorted) so that two revisions diff line by line; "" for no values. */
  public static String yaml(Map<String, Object> values) {
    return values.isEmpty() ? "" : Yaml.write(values);
  }
}
