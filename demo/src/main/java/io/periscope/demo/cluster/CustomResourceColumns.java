package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A custom resource's Table columns as the apiserver prints them: Name, then the version's
 * {@code additionalPrinterColumns} (or, when it declares none, an Age column on
 * {@code .metadata.creationTimestamp}). Cells follow the column's type: a string column prints the
 * first JSONPath result, {@code integer}/{@code number}/{@code boolean} keep it typed, {@code date}
 * prints its age; no result is {@code null}. JSONPath: the simple paths CRDs use ({@code .a.b}, {@code .a\\.b},
 * {@code [n]}, {@code [*]}, {@code [?(@.f=="v")]}).
 */
final class CustomResourceColumns {
  private static final Pattern STEP = Pattern.compile("\\.((?:\\\\\\.|[^.\\[\\\\])+)|\\[(\\d+|\\*)]|\\[\\?\\(@\\.([\\w.]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)]");

  private CustomResourceColumns() {}

  static List<KubectlPrinters.Column> of(JsonNode crd, String version) {
    List<KubectlPrinters.Column> out = new ArrayList<>(List.of(KubectlPrinters.name()));
    JsonNode declared = null;
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (version.equals(v.path("name").asText())) {
        declared = v.path("additionalPrinterColumns");
      }
    }
    if (declared == null || declared.isEmpty()) {
      out.add(new KubectlPrinters.Column("Age", "date", "", KubectlPrinters.CREATED_DOC, 0,
          (o, now) -> cell("date", first(o, ".metadata.creationTimestamp"), now)));
      return out;
    }
    for (JsonNode c : declared) {
      String type = c.path("type").asText("string");
      String path = c.path("jsonPath").asText();
      out.add(new KubectlPrinters.Column(c.path("name").asText(), type, c.path("format").asText(""), c.path("description").asText(""),
          c.path("priority").asInt(0), (o, now) -> cell(type, first(o, path), now)));
    }
    return out;
  }

  private static Object cell(String type, JsonNode value, Instant now) {
    if (value == null || value.isNull()) {
      return null;
    }
    return switch (type) {
      case "integer" -> value.isNumber() ? value.asLong() : null;
      case "number" -> value.isNumber() ? value.asDouble() : null;
      case "boolean" -> value.isBoolean() ? value.asBoolean() : null;
      case "date" -> value.isTextual()
          ? KubectlPrinters.instant(value.asText()).map(t -> KubectlPrinters.humanDuration(java.time.Duration.between(t, now))).orElse("<invalid>")
          : null;
      default -> value.isValueNode() ? value.asText() : value.toString();
    };
  }

  /** The first result of {@code path} on {@code object}, or null. */
  static JsonNode first(JsonNode object, String path) {
    List<JsonNode> results = evaluate(object, path);
    return results.isEmpty() ? null : results.getFirst();
  }

  static List<JsonNode> evaluate(JsonNode object, String path) {
    String p = path.strip();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1);
    }
    if (p.startsWith("$")) {
      p = p.substring(1);
    }
    List<JsonNode> current = List.of(object);
    Matcher m = STEP.matcher(p);
    int at = 0;
    while (at < p.length()) {
      if (!m.find(at) || m.start() != at) {
        return List.of();
      }
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) {
        if (m.group(1) != null) {
          addIfPresent(next, n.get(m.group(1).replace("\\.", ".")));
        } else if (m.group(2) != null && m.group(2).equals("*")) {
          n.forEach(next::add);
        } else if (m.group(2) != null) {
          addIfPresent(next, n.get(Integer.parseInt(m.group(2))));
        } else {
          for (JsonNode element : n) {
            JsonNode field = element;
            for (String step : m.group(3).split("\\.")) {
              field = field.path(step);
            }
            if (field.isValueNode() && field.asText().equals(m.group(4))) {
              next.add(element);
            }
          }
        }
      }
      current = next;
      at = m.end();
    }
    return current;
  }

  private static void addIfPresent(List<JsonNode> to, JsonNode n) {
    if (n != null && !n.isMissingNode()) {
      to.add(n);
    }
  }
}
