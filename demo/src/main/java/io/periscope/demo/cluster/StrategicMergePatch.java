package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/**
 * A strategic merge patch ({@code kubectl patch}'s default, {@code kubectl set image}) of a workload, which the CRUD
 * mock refuses (415): applied to the stored object and stored with a PUT, so watchers see MODIFIED. Reduced to what
 * the demo's workloads need: maps merge, a null removes a key, a list of objects that each have a {@code name}
 * (containers, env, volumes, ports) merges element by element on it, any other list or scalar replaces, and
 * {@code "$patch": "replace"} on a map replaces it whole; other directives are dropped.
 */
final class StrategicMergePatch {
  static final String CONTENT_TYPE = "application/strategic-merge-patch+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private StrategicMergePatch() {}

  static boolean handles(RecordedRequest request, String path) {
    return "PATCH".equals(request.getMethod()) && String.valueOf(request.getHeader("Content-Type")).startsWith(CONTENT_TYPE)
        && WorkloadControllers.PATH.matcher(path).matches();
  }

  static MockResponse answer(RecordedRequest request, String path, Function<RecordedRequest, MockResponse> crud) {
    JsonNode patch;
    try {
      patch = JSON.readTree(request.getBody() == null ? "" : request.getBody().readUtf8());
    } catch (IOException e) {
      return DemoPodLogs.status(400, "BadRequest", "the patch is no JSON: " + e.getMessage());
    }
    if (patch == null || !patch.isObject()) {
      return DemoPodLogs.status(400, "BadRequest", "a strategic merge patch is a JSON object");
    }
    var live = StoreCalls.get(crud, path);
    if (live.isEmpty()) {
      ApiPath at = ApiPath.of(path).orElseThrow();
      return DemoPodLogs.status(404, "NotFound", at.rest().get(at.rest().size() - 2) + ".apps \"" + at.rest().getLast() + "\" not found");
    }
    return StoreCalls.send(crud, HttpMethod.PUT, path, merge(live.get(), patch));
  }

  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (patch.isArray()) {
      return target != null && target.isArray() && byName(patch) ? mergeByName((ArrayNode) target, (ArrayNode) patch) : withoutDirectives(patch);
    }
    if (!patch.isObject()) {
      return patch;
    }
    boolean replace = patch.path("$patch").asText().equals("replace");
    ObjectNode out = !replace && target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JSON.createObjectNode();
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      if (e.getKey().startsWith("$")) {
        continue;
      }
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
      }
    }
    return out;
  }

  private static boolean byName(JsonNode list) {
    for (JsonNode element : list) {
      if (!element.isObject() || !element.path("name").isTextual()) {
        return false;
      }
    }
    return !list.isEmpty();
  }

  private static ArrayNode mergeByName(ArrayNode target, ArrayNode patch) {
    ArrayNode out = target.deepCopy();
    for (JsonNode element : patch) {
      String name = element.path("name").asText();
      int at = -1;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).path("name").asText().equals(name)) {
          at = i;
        }
      }
      boolean delete = element.path("$patch").asText().equals("delete");
      if (delete && at >= 0) {
        out.remove(at);
      } else if (!delete && at >= 0) {
        out.set(at, merge(out.get(at), element));
      } else if (!delete) {
        out.add(merge(null, element));
      }
    }
    return out;
  }

  /** A list that replaces, its objects' directives dropped. */
  private static ArrayNode withoutDirectives(JsonNode list) {
    ArrayNode out = JSON.createArrayNode();
    list.forEach(element -> out.add(merge(null, element)));
    return out;
  }
}
