package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ephemeralcontainers} subresource for the demo cluster ({@code kubectl debug}): a
 * strategic merge patch adds its containers to the pod by name (an existing one cannot be changed,
 * as the apiserver refuses), and the demo's kubelet starts each at once: a running status, not
 * ready (ephemeral containers never are). A shell in it is the demo's shell, like any exec.
 */
final class DemoEphemeralContainers {
  static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/ephemeralcontainers$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoEphemeralContainers() {}

  static MockResponse patch(Matcher m, RecordedRequest request, Function<RecordedRequest, MockResponse> crud, Instant now) {
    String podPath = "/api/v1/namespaces/" + m.group(1) + "/pods/" + m.group(2);
    var found = StoreCalls.get(crud, podPath);
    if (found.isEmpty()) {
      return DemoPodLogs.status(404, "NotFound", "pods \"" + m.group(2) + "\" not found");
    }
    try {
      ObjectNode pod = (ObjectNode) found.get();
      JsonNode added = JSON.readTree(request.getBody() == null ? "" : request.getBody().readUtf8()).path("spec").path("ephemeralContainers");
      ObjectNode spec = (ObjectNode) pod.path("spec");
      ArrayNode containers = spec.has("ephemeralContainers") ? (ArrayNode) spec.get("ephemeralContainers") : spec.putArray("ephemeralContainers");
      ObjectNode status = pod.has("status") ? (ObjectNode) pod.get("status") : pod.putObject("status");
      ArrayNode statuses = status.has("ephemeralContainerStatuses") ? (ArrayNode) status.get("ephemeralContainerStatuses")
          : status.putArray("ephemeralContainerStatuses");
      for (JsonNode c : added) {
        String name = c.path("name").asText("");
        if (name.isEmpty() || c.path("image").asText("").isEmpty()) {
          return DemoPodLogs.status(422, "Invalid", "Pod \"" + m.group(2) + "\" is invalid: spec.ephemeralContainers: name and image are required");
        }
        for (JsonNode existing : containers) {
          if (existing.path("name").asText().equals(name)) {
            return DemoPodLogs.status(422, "Invalid", "Pod \"" + m.group(2) + "\" is invalid: spec.ephemeralContainers[" + name
                + "]: Forbidden: existing ephemeral containers may not be changed");
          }
        }
        containers.add(c.deepCopy());
        ObjectNode s = statuses.addObject().put("name", name).put("image", c.path("image").asText()).put("imageID", "")
            .put("ready", false).put("restartCount", 0);
        s.putObject("state").putObject("running").put("startedAt", now.toString());
      }
      MockResponse put = StoreCalls.send(crud, HttpMethod.PUT, podPath, pod);
      if (put.code() / 100 != 2) {
        return put;
      }
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(put.getBody().readUtf8());
    } catch (IOException | ClassCastException e) {
      return DemoPodLogs.status(400, "BadRequest", "the patch is no strategic merge patch of spec.ephemeralContainers: " + e.getMessage());
    }
  }
}
