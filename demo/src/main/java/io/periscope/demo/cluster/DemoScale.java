package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code scale} subresource of Deployments, StatefulSets and ReplicaSets ({@code kubectl scale}, the
 * console's Scale), which the CRUD mock would serve as the object itself: a GET answers an
 * {@code autoscaling/v1} Scale; a PATCH (merge or strategic merge: the same for a Scale) or a PUT of one
 * sets the object's {@code spec.replicas}, stored with a PUT so watchers see MODIFIED, and the demo's
 * controllers follow as after any write of the object ({@link WorkloadControllers}). Refusals answer as the apiserver words them: a PUT whose resourceVersion the object has moved past
 * (409), a count that is not a whole number from 0 (422).
 */
final class DemoScale {
  static final Pattern PATH = Pattern.compile("^/apis/apps/v1/namespaces/([^/]+)/(deployments|statefulsets|replicasets)/([^/]+)/scale$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoScale() {}

  static MockResponse answer(Matcher m, RecordedRequest request, Function<RecordedRequest, MockResponse> crud, Instant now) {
    String namespace = m.group(1);
    String plural = m.group(2);
    String name = m.group(3);
    String objectPath = "/apis/apps/v1/namespaces/" + namespace + "/" + plural + "/" + name;
    var found = StoreCalls.get(crud, objectPath);
    if (found.isEmpty()) {
      return DemoPodLogs.status(404, "NotFound", plural + ".apps \"" + name + "\" not found");
    }
    ObjectNode object = (ObjectNode) found.get();
    String method = request.getMethod();
    if ("GET".equals(method)) {
      return json(scaleOf(object));
    }
    if (!"PATCH".equals(method) && !"PUT".equals(method)) {
      return DemoPodLogs.status(405, "MethodNotAllowed", method + " is not supported on the scale subresource");
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.getBody() == null ? "" : request.getBody().readUtf8());
    } catch (IOException e) {
      return DemoPodLogs.status(400, "BadRequest", "the body is no JSON: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      return DemoPodLogs.status(400, "BadRequest", "the body is no JSON object");
    }
    JsonNode wanted;
    if ("PUT".equals(method)) {
      String sent = body.path("metadata").path("resourceVersion").asText("");
      if (!sent.isEmpty() && !sent.equals(object.path("metadata").path("resourceVersion").asText())) {
        return DemoPodLogs.status(409, "Conflict", "Operation cannot be fulfilled on " + plural + ".apps \"" + name
            + "\": the object has been modified; please apply your changes to the latest version and try again");
      }
      wanted = body;
    } else {
      String type = String.valueOf(request.getHeader("Content-Type"));
      if (!type.startsWith("application/merge-patch+json") && !type.startsWith("application/strategic-merge-patch+json")) {
        return DemoPodLogs.status(415, "UnsupportedMediaType", "the demo's scale subresource takes a merge patch or a strategic"
            + " merge patch, not " + type);
      }
      wanted = DemoServerSideApply.mergePatch(scaleOf(object), body);
    }
    JsonNode replicas = wanted.path("spec").path("replicas");
    if (!replicas.canConvertToInt() || !replicas.isIntegralNumber() || replicas.asInt() < 0) {
      return DemoPodLogs.status(422, "Invalid", "Scale.autoscaling \"" + name + "\" is invalid: spec.replicas: Invalid value: "
          + replicas + ": must be greater than or equal to 0");
    }
    DemoRollouts.object(object, "spec").put("replicas", replicas.asInt());
    MockResponse stored = StoreCalls.send(crud, HttpMethod.PUT, objectPath, object);
    if (stored.code() / 100 != 2) {
      return stored;
    }
    WorkloadControllers.afterWrite(namespace, plural, name, crud, now);
    return StoreCalls.get(crud, objectPath).map(o -> json(scaleOf((ObjectNode) o)))
        .orElseGet(() -> DemoPodLogs.status(404, "NotFound", plural + ".apps \"" + name + "\" not found"));
  }

  /** The object's Scale as the apiserver derives it: its identity, desired count, current count and selector. */
  static ObjectNode scaleOf(JsonNode object) {
    ObjectNode scale = JSON.createObjectNode().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
    ObjectNode meta = scale.putObject("metadata");
    for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      if (object.path("metadata").hasNonNull(field)) {
        meta.set(field, object.path("metadata").get(field));
      }
    }
    scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
    scale.putObject("status").put("replicas", object.path("status").path("replicas").asInt(0))
        .put("selector", selector(object.path("spec").path("selector")));
    return scale;
  }

  /** A label selector as the apiserver prints it: requirements sorted by key, {@code k=v}, {@code k in (a,b)}, {@code k}, {@code !k}. */
  static String selector(JsonNode selector) {
    Map<String, List<String>> byKey = new TreeMap<>();
    selector.path("matchLabels").properties().forEach(e -> byKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
        .add(e.getKey() + "=" + e.getValue().asText()));
    for (JsonNode x : selector.path("matchExpressions")) {
      List<String> values = new ArrayList<>();
      x.path("values").forEach(v -> values.add(v.asText()));
      values.sort(null);
      byKey.computeIfAbsent(x.path("key").asText(), k -> new ArrayList<>()).add(LabelMatch.requirement(x, values));
    }
    return String.join(",", byKey.values().stream().flatMap(List::stream).toList());
  }

  private static MockResponse json(JsonNode body) {
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body.toString());
  }
}
