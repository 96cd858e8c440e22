package io.periscope.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.json.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded revision of a release: the fields of Helm's {@code release.Release} JSON the browser
 * shows. {@code chartValues} are the chart's defaults, {@code config} the user-supplied values.
 */
public record HelmRelease(
    String name,
    String namespace,
    int revision,
    String status,
    String chart,
    String chartVersion,
    String appVersion,
    Instant firstDeployed,
    Instant updated,
    String description,
    String notes,
    String manifest,
    Map<String, Object> config,
    Map<String, Object> chartValues,
    List<Dependency> dependencies,
    StorageDriver driver) {

  private static final ObjectMapper MAPPER = Json.mapper();

  /** A chart dependency as declared in Chart.yaml (name, version constraint, repository...). */
  public record Dependency(String name, String version, String repository, String alias, String condition) {}

  static HelmRelease from(JsonNode rel, StoredRelease stored) {
    JsonNode info = rel.path("info");
    JsonNode meta = rel.path("chart").path("metadata");
    List<Dependency> deps = new ArrayList<>();
    for (JsonNode d : meta.path("dependencies")) {
      deps.add(new Dependency(text(d, "name"), text(d, "version"), text(d, "repository"), text(d, "alias"), text(d, "condition")));
    }
    int revision = rel.path("version").asInt(stored.revision());
    String status = info.path("status").asText(stored.statusLabel());
    return new HelmRelease(
        rel.path("name").asText(stored.name()),
        rel.path("namespace").asText(stored.namespace()),
        revision,
        status,
        text(meta, "name"),
        text(meta, "version"),
        text(meta, "appVersion"),
        time(info.path("first_deployed")),
        time(info.path("last_deployed")),
        text(info, "description"),
        text(info, "notes"),
        text(rel, "manifest"),
        map(rel.path("config")),
        map(rel.path("chart").path("values")),
        List.copyOf(deps),
        stored.driver());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isMissingNode() || v.isNull() ? "" : v.asText();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(JsonNode n) {
    if (!n.isObject()) {
      return Map.of();
    }
    return MAPPER.convertValue(n, LinkedHashMap.class);
  }

  /** Go marshals {@code time.Time} as RFC 3339 with nanoseconds and an offset; the zero time means unset. */
  private static Instant time(JsonNode n) {
    if (!n.isTextual() || n.asText().startsWith("0001-01-01")) {
      return null;
    }
    try {
      return OffsetDateTime.parse(n.asText()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
