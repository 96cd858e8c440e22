package io.periscope.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.k8s.Quantities;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a live object no longer says what its chart rendered: every field the manifest sets is
 * compared with the live object's, and fields the manifest does not set (defaults, what
 * controllers and webhooks add, Helm's own labels) are not differences. Lists of named items
 * (containers, env, ports, volumes) are matched by name, others item by item; quantities compare
 * by amount ({@code 1000m} is {@code 1}), as the apiserver rewrites them.
 */
public final class ChartFields {
  /** The most differences named per object; an object rewritten wholesale needs no more to be seen. */
  static final int MAX_DIFFERENCES = 50;
  /** Maps whose values are resource quantities: a pod's requests and limits, a quota's hard amounts, a LimitRange's bounds. */
  private static final Set<String> QUANTITY_MAPS = Set.of("requests", "limits", "hard", "capacity", "overhead", "default", "defaultRequest",
      "max", "min");

  /**
   * Switches the apiserver stores even when false (pointers) and that mean true when absent: a chart's
   * false that is gone live was removed by hand, and these are the ones that matter for security.
   */
  private static final Set<String> TRUE_WHEN_ABSENT = Set.of("allowPrivilegeEscalation", "automountServiceAccountToken", "hostUsers",
      "enableServiceLinks");

  private ChartFields() {}

  /**
   * A field the chart sets that reads otherwise live.
   *
   * @param path kubectl-style ({@code spec.template.spec.containers[name=app].image})
   * @param live null when the live object lacks the field
   */
  public record Difference(String path, JsonNode chart, JsonNode live) {}

  /** The first {@link #MAX_DIFFERENCES} differences of {@code live} from what {@code chart} sets, in the chart's field order. */
  public static List<Difference> differences(JsonNode chart, JsonNode live) {
    List<Difference> out = new ArrayList<>();
    compare("", chart, live, null, null, out);
    return out;
  }

  /** @param key the field's name in its map (null for list items); @param parentKey that map's own name */
  private static void compare(String path, JsonNode chart, JsonNode live, String key, String parentKey, List<Difference> out) {
    if (out.size() >= MAX_DIFFERENCES || chart.isNull() || isEmpty(chart) && isEmpty(live)) {
      return; // null in a template (an unset value) leaves the field to the apiserver; an empty map or list is what absent means
    }
    boolean absent = live == null || live.isMissingNode() || live.isNull();
    if (absent && zeroValue(chart) && !(chart.isBoolean() && TRUE_WHEN_ABSENT.contains(key))) {
      return; // the apiserver does not store "", false or 0 for most fields (omitempty): absent is what the chart said
    }
    if (absent && !chart.isObject()) {
      out.add(new Difference(path, chart, null));
    } else if (chart.isObject()) {
      // A map the live object lacks is named field by field: the annotation that went, not "annotations".
      if (!absent && !live.isObject()) {
        out.add(new Difference(path, chart, live));
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = chart.fields(); it.hasNext();) {
        var field = it.next();
        compare(join(path, field.getKey()), field.getValue(), absent ? null : live.get(field.getKey()), field.getKey(), key, out);
      }
    } else if (chart.isArray()) {
      compareLists(path, chart, live, out);
    } else if (!sameScalar(chart, live, key, parentKey)) {
      out.add(new Difference(path, chart, live));
    }
  }

  private static void compareLists(String path, JsonNode chart, JsonNode live, List<Difference> out) {
    if (!live.isArray()) {
      out.add(new Difference(path, chart, live));
      return;
    }
    Optional<Map<String, JsonNode>> liveByName = byName(live);
    if (byName(chart).isPresent() && liveByName.isPresent()) {
      for (JsonNode item : chart) {
        String name = item.get("name").asText();
        JsonNode match = liveByName.get().get(name);
        if (match == null) {
          out.add(new Difference(path + "[name=" + name + "]", item, null)); // the whole item went: a container, a port
        } else {
          compare(path + "[name=" + name + "]", item, match, null, null, out);
        }
      }
      return;
    }
    if (chart.size() != live.size()) {
      out.add(new Difference(path, chart, live));
      return;
    }
    for (int i = 0; i < chart.size(); i++) {
      compare(path + "[" + i + "]", chart.get(i), live.get(i), null, null, out);
    }
  }

  /** A list whose items are all objects with distinct string names, by name; empty otherwise. */
  private static Optional<Map<String, JsonNode>> byName(JsonNode list) {
    Map<String, JsonNode> named = new HashMap<>();
    for (JsonNode item : list) {
      JsonNode name = item.get("name");
      if (!item.isObject() || name == null || !name.isTextual() || named.put(name.asText(), item) != null) {
        return Optional.empty();
      }
    }
    return named.isEmpty() ? Optional.empty() : Optional.of(named);
  }

  /**
   * Equal as text (a template's {@code "80"} is the apiserver's {@code 80}), or, inside requests,
   * limits and the like, as the same amount ({@code 1024Mi} and {@code 1Gi}).
   */
  private static boolean sameScalar(JsonNode chart, JsonNode live, String key, String parentKey) {
    if (live.isContainerNode()) {
      return false;
    }
    if (chart.asText().equals(live.asText())) {
      return true;
    }
    if (parentKey != null && QUANTITY_MAPS.contains(parentKey) || "sizeLimit".equals(key)) {
      var a = Quantities.parse(chart.asText());
      var b = Quantities.parse(live.asText());
      return a.isPresent() && b.isPresent() && a.get().compareTo(b.get()) == 0;
    }
    return false;
  }

  private static boolean zeroValue(JsonNode n) {
    return n.isTextual() && n.asText().isEmpty() || n.isBoolean() && !n.asBoolean() || n.isNumber() && n.asDouble() == 0;
  }

  private static boolean isEmpty(JsonNode n) {
    return n == null || n.isMissingNode() || n.isNull() || n.isContainerNode() && n.isEmpty();
  }

  private static String join(String path, String key) {
    String k = key.matches("[A-Za-z0-9_-]+") ? key : "'" + key + "'";
    return path.isEmpty() ? k : path + "." + k;
  }
}
