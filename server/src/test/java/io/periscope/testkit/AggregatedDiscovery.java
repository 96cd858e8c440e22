package io.periscope.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The aggregated discovery answer ({@code apidiscovery.k8s.io/v2 APIGroupDiscoveryList}) an
 * apiserver gives for {@code /api} or {@code /apis}, built from its older-format documents: one
 * item per group (the core group named {@code ""}), versions in preference order, each resource with
 * its {@code responseKind}, {@code scope}, verbs, short names and subresources (the older format's
 * {@code plural/sub} entries).
 */
final class AggregatedDiscovery {
  static final String CONTENT_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
  private static final ObjectMapper JSON = new ObjectMapper();

  private AggregatedDiscovery() {}

  /** {@code root} is {@code /api} or {@code /apis}; {@code documents} answers an older-format path (null when absent). */
  static ObjectNode of(String root, Function<String, String> documents) {
    ObjectNode list = JSON.createObjectNode().put("kind", "APIGroupDiscoveryList").put("apiVersion", "apidiscovery.k8s.io/v2");
    list.putObject("metadata");
    ArrayNode items = list.putArray("items");
    JsonNode rootDoc = parse(documents.apply(root));
    if (root.equals("/api")) {
      List<String> versions = new ArrayList<>();
      rootDoc.path("versions").forEach(v -> versions.add(v.asText()));
      addGroup(items, "", versions, v -> documents.apply("/api/" + v));
    } else {
      for (JsonNode g : rootDoc.path("groups")) {
        String name = g.path("name").asText();
        List<String> versions = new ArrayList<>();
        versions.add(g.path("preferredVersion").path("version").asText());
        g.path("versions").forEach(v -> {
          if (!versions.contains(v.path("version").asText())) {
            versions.add(v.path("version").asText());
          }
        });
        addGroup(items, name, versions, v -> documents.apply("/apis/" + name + "/" + v));
      }
    }
    return list;
  }

  private static void addGroup(ArrayNode items, String group, List<String> versions, Function<String, String> resourceList) {
    ObjectNode item = items.addObject();
    item.putObject("metadata").put("name", group);
    ArrayNode out = item.putArray("versions");
    for (String version : versions) {
      String doc = resourceList.apply(version);
      if (doc == null) {
        continue;
      }
      ObjectNode v = out.addObject().put("version", version).put("freshness", "Current");
      Map<String, ObjectNode> byPlural = new LinkedHashMap<>();
      ArrayNode resources = v.putArray("resources");
      List<JsonNode> subresources = new ArrayList<>();
      for (JsonNode r : parse(doc).path("resources")) {
        String name = r.path("name").asText();
        if (name.contains("/")) {
          subresources.add(r);
          continue;
        }
        ObjectNode res = resources.addObject().put("resource", name);
        res.putObject("responseKind").put("group", group).put("version", version).put("kind", r.path("kind").asText());
        res.put("scope", r.path("namespaced").asBoolean() ? "Namespaced" : "Cluster").put("singularResource", r.path("singularName").asText());
        res.set("verbs", r.path("verbs").deepCopy());
        if (r.has("shortNames")) {
          res.set("shortNames", r.path("shortNames").deepCopy());
        }
        byPlural.put(name, res);
      }
      for (JsonNode sub : subresources) {
        String name = sub.path("name").asText();
        ObjectNode parent = byPlural.get(name.substring(0, name.indexOf('/')));
        if (parent != null) {
          ArrayNode list = parent.has("subresources") ? (ArrayNode) parent.get("subresources") : parent.putArray("subresources");
          ObjectNode s = list.addObject().put("subresource", name.substring(name.indexOf('/') + 1));
          s.putObject("responseKind").put("group", group).put("version", version).put("kind", sub.path("kind").asText());
          s.set("verbs", sub.path("verbs").deepCopy());
        }
      }
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
