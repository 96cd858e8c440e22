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
 * storing it. Field ownership and conflicts are not modelled.
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
      JsonNode merged = mergePatch(JSON.readTree(current.getBody().readUtf8()), manifest);
      if (dryRun) {
        return json(200, merged);
      }
      return crud.apply(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, pathAndQuery[0], headers(request), body(merged)));
    } catch (IOException e) {
      return DemoPodLogs.status(500, "InternalError", "cannot read the stored object: " + e.getMessage());
    }
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
