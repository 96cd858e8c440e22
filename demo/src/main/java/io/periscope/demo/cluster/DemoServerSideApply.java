package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * Server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}), which the CRUD mock
 * does not implement: the manifest is merged into the stored object (JSON merge-patch semantics,
 * close enough to apply for a demo: maps merge, lists and scalars are replaced) and stored with a
 * {@code PUT}, so watches see a MODIFIED event. {@code dryRun} answers the merged object without
 * storing it. Two refusals answer as a kube-apiserver words them, dry run or not, so the console's
 * answers to both can be seen: a manifest whose {@code metadata.resourceVersion} the object has
 * moved past (409 {@code Conflict}; the CRUD mock's own 409 says {@code Invalid}), and, without
 * {@code force}, a new {@code spec.replicas} for a workload a HorizontalPodAutoscaler scales (its
 * controller owns the field through the scale subresource: 409 with a {@code FieldManagerConflict}
 * cause). Other field ownership is not modelled. A stored apply of a workload is followed by its controller as any
 * other write is ({@link WorkloadControllers}, from the dispatcher).
 */
final class DemoServerSideApply {
  static final String CONTENT_TYPE = "application/apply-patch+yaml";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private DemoServerSideApply() {}

  static boolean handles(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    return "PATCH".equals(request.getMethod()) && type != null && type.startsWith(CONTENT_TYPE);
  }

  /** @param crud the CRUD store's dispatcher, for reading and writing the object */
  static MockResponse apply(RecordedRequest request, Function<RecordedRequest, MockResponse> crud) {
    String[] pathAndQuery = request.getPath().split("\\?", 2);
    boolean dryRun = pathAndQuery.length > 1 && pathAndQuery[1].contains("dryRun=");
    JsonNode manifest;
    try {
      manifest = YAML.readTree(request.getUtf8Body());
    } catch (IOException e) {
      return DemoPodLogs.status(400, "BadRequest", "invalid apply patch: " + e.getMessage());
    }
    MockResponse current = crud.apply(new RecordedRequest("HTTP/1.1", HttpMethod.GET, pathAndQuery[0], headers(request), new Buffer()));
    if (current.code() == 404) {
      if (dryRun) {
        return json(201, manifest);
      }
      String collection = pathAndQuery[0].substring(0, pathAndQuery[0].lastIndexOf('/'));
      return crud.apply(new RecordedRequest("HTTP/1.1", HttpMethod.POST, collection, headers(request), body(manifest)));
    }
    try {
      JsonNode live = JSON.readTree(current.getBody().readUtf8());
      MockResponse refusal = refusal(pathAndQuery, manifest, live, crud);
      if (refusal != null) {
        return refusal;
      }
      JsonNode merged = mergePatch(live, manifest);
      if (dryRun) {
        return json(200, merged);
      }
      return crud.apply(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, pathAndQuery[0], headers(request), body(merged)));
    } catch (IOException e) {
      return DemoPodLogs.status(500, "InternalError", "cannot read the stored object: " + e.getMessage());
    }
  }

  /** The apiserver's 409 for a stale resourceVersion or a field the autoscaler owns, or null when the apply may go ahead. */
  private static MockResponse refusal(String[] pathAndQuery, JsonNode manifest, JsonNode live, Function<RecordedRequest, MockResponse> crud) {
    ApiPath at = ApiPath.of(pathAndQuery[0]).orElse(null);
    if (at == null || at.rest().size() < 2) {
      return null;
    }
    String plural = at.rest().get(at.rest().size() - 2);
    String name = at.rest().getLast();
    String resource = at.group().isEmpty() ? plural : plural + "." + at.group();
    String edited = manifest.path("metadata").path("resourceVersion").asText("");
    if (!edited.isEmpty() && !edited.equals(live.path("metadata").path("resourceVersion").asText())) {
      return conflict(at, plural, name, "Operation cannot be fulfilled on " + resource + " \"" + name
          + "\": the object has been modified; please apply your changes to the latest version and try again", null);
    }
    boolean force = pathAndQuery.length > 1 && pathAndQuery[1].contains("force=true");
    JsonNode replicas = manifest.path("spec").path("replicas");
    String namespace = live.path("metadata").path("namespace").asText("");
    if (force || replicas.isMissingNode() || replicas.equals(live.path("spec").path("replicas")) || namespace.isEmpty()
        || !scaledByAnAutoscaler(namespace, live.path("kind").asText(), name, crud)) {
      return null;
    }
    String owner = "conflict with \"kube-controller-manager\" with subresource \"scale\" using " + live.path("apiVersion").asText();
    ObjectNode cause = JSON.createObjectNode().put("reason", "FieldManagerConflict").put("message", owner).put("field", ".spec.replicas");
    return conflict(at, plural, name, "Apply failed with 1 conflict: " + owner + ": .spec.replicas", cause);
  }

  private static boolean scaledByAnAutoscaler(String namespace, String kind, String name, Function<RecordedRequest, MockResponse> crud) {
    MockResponse list = crud.apply(new RecordedRequest("HTTP/1.1", HttpMethod.GET,
        "/apis/autoscaling/v2/namespaces/" + namespace + "/horizontalpodautoscalers", Headers.builder().build(), new Buffer()));
    if (list.code() != 200) {
      return false;
    }
    try {
      for (JsonNode hpa : JSON.readTree(list.getBody().readUtf8()).path("items")) {
        JsonNode target = hpa.path("spec").path("scaleTargetRef");
        if (target.path("kind").asText().equals(kind) && target.path("name").asText().equals(name)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static MockResponse conflict(ApiPath at, String plural, String name, String message, ObjectNode cause) {
    ObjectNode details = JSON.createObjectNode().put("name", name).put("group", at.group()).put("kind", plural);
    if (cause != null) {
      details.putArray("causes").add(cause);
    }
    ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", "Conflict").put("code", 409).set("details", details);
    return json(409, status);
  }

  /** RFC 7386: objects merge recursively, null removes a key, anything else replaces. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
      }
    }
    return out;
  }

  private static Headers headers(RecordedRequest request) {
    return Headers.builder().setHeaders(request.getHeaders()).set("Content-Type", "application/json").build();
  }

  private static Buffer body(JsonNode node) {
    return new Buffer(node.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static MockResponse json(int code, JsonNode node) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(node.toString());
  }
}
