package io.periscope.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.periscope.json.Yaml;
import io.periscope.json.YamlProblems;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a manifest (YAML or JSON, exactly one document) and checks it names what the URL names,
 * so a person cannot apply one object through another object's URL. Everything here runs before
 * any apiserver call.
 */
public final class Manifests {
  public static final int MAX_BYTES = 1024 * 1024;

  private Manifests() {}

  public static ObjectNode parse(String text) {
    if (text == null || text.isBlank()) {
      throw new Problem(ErrorCode.INVALID_MANIFEST, "the request body is empty; send one YAML or JSON object");
    }
    if (text.length() > MAX_BYTES) {
      throw new Problem(ErrorCode.BODY_TOO_LARGE, "manifests are limited to " + MAX_BYTES + " bytes");
    }
    List<JsonNode> docs = new ArrayList<>();
    try (var it = Yaml.mapper().readerFor(JsonNode.class).<JsonNode>readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode d = it.nextValue();
        if (d != null && !d.isNull() && !d.isMissingNode()) {
          docs.add(d);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new Problem(ErrorCode.INVALID_MANIFEST, "the manifest is not valid YAML: " + problem(e));
    }
    if (docs.size() != 1 || !(docs.getFirst() instanceof ObjectNode o)) {
      throw new Problem(ErrorCode.INVALID_MANIFEST, "expected exactly one object, got " + docs.size() + " documents");
    }
    return o;
  }

  /** Checks apiVersion and kind against the URL's kind; fills in or checks the namespace. */
  public static ObjectNode requireKind(ObjectNode m, ResourceKind kind, String namespace) {
    String apiVersion = m.path("apiVersion").asText("");
    String k = m.path("kind").asText("");
    if (!apiVersion.equals(kind.apiVersion()) || !k.equals(kind.kind())) {
      throw new Problem(ErrorCode.MANIFEST_MISMATCH, "the manifest is " + (apiVersion + " " + k).trim()
          + " but the URL names " + kind.apiVersion() + " " + kind.kind());
    }
    ObjectNode meta = m.path("metadata") instanceof ObjectNode mm ? mm : m.putObject("metadata");
    String ns = meta.path("namespace").asText("");
    if (!kind.namespaced()) {
      if (!ns.isEmpty()) {
        throw new Problem(ErrorCode.MANIFEST_MISMATCH, kind.kind() + " is cluster-scoped but the manifest sets namespace '" + ns + "'");
      }
    } else if (namespace.isEmpty() && ns.isEmpty()) {
      throw new Problem(ErrorCode.MANIFEST_MISMATCH, kind.kind() + " is namespaced: set metadata.namespace or ?namespace=");
    } else if (!ns.isEmpty() && !namespace.isEmpty() && !ns.equals(namespace)) {
      throw new Problem(ErrorCode.MANIFEST_MISMATCH, "the manifest's namespace '" + ns + "' disagrees with the URL's '" + namespace + "'");
    } else if (ns.isEmpty()) {
      meta.put("namespace", namespace);
    } else {
      ObjectAddress.requireName("namespace", ns);
    }
    return m;
  }

  /** Checks the manifest names exactly the URL's object (apply). */
  public static ObjectNode requireObject(ObjectNode m, ObjectAddress a) {
    requireKind(m, a.kind(), a.namespace());
    String name = m.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      throw new Problem(ErrorCode.MANIFEST_MISMATCH, "the manifest has no metadata.name; server-side apply needs one");
    }
    if (!name.equals(a.name())) {
      throw new Problem(ErrorCode.MANIFEST_MISMATCH, "the manifest's name '" + name + "' disagrees with the URL's '" + a.name() + "'");
    }
    return m;
  }

  public static String namespaceOf(ObjectNode m) {
    return m.path("metadata").path("namespace").asText("");
  }

  /** The parser's problem in words for people; a failure that is not a parse problem says no more than that. */
  private static String problem(Exception e) {
    return e instanceof IOException io ? YamlProblems.describe(io) : "unreadable";
  }
}
