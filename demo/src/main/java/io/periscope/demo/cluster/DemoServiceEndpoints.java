package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.function.Function;

/**
 * The EndpointSlice controller, reduced to what the demo needs after its pods change: each Service
 * that selects pods with {@code podLabels} gets its slices' endpoints rewritten from the pods it
 * selects now (one per pod with an IP; ready as the pod is; a terminating pod is listed as such).
 */
final class DemoServiceEndpoints {
  private DemoServiceEndpoints() {}

  static void follow(String namespace, JsonNode podLabels, Function<RecordedRequest, MockResponse> crud) throws IOException {
    JsonNode pods = StoreCalls.read(crud, "/api/v1/namespaces/" + namespace + "/pods").path("items");
    for (JsonNode service : StoreCalls.read(crud, "/api/v1/namespaces/" + namespace + "/services").path("items")) {
      JsonNode selector = service.path("spec").path("selector");
      if (!LabelMatch.selects(selector, podLabels)) {
        continue;
      }
      String serviceName = service.path("metadata").path("name").asText();
      for (JsonNode s : StoreCalls.read(crud, "/apis/discovery.k8s.io/v1/namespaces/" + namespace + "/endpointslices").path("items")) {
        if (!serviceName.equals(s.path("metadata").path("labels").path("kubernetes.io/service-name").asText())) {
          continue;
        }
        ObjectNode slice = (ObjectNode) s;
        ArrayNode endpoints = slice.putArray("endpoints");
        for (JsonNode pod : pods) {
          String ip = pod.path("status").path("podIP").asText("");
          if (ip.isEmpty() || !LabelMatch.selects(selector, pod.path("metadata").path("labels"))) {
            continue;
          }
          boolean terminating = pod.path("metadata").has("deletionTimestamp");
          boolean ready = DemoReplicaSets.ready(pod) && !terminating;
          ObjectNode e = endpoints.addObject();
          e.putArray("addresses").add(ip);
          e.putObject("conditions").put("ready", ready).put("serving", DemoReplicaSets.ready(pod)).put("terminating", terminating);
          e.put("nodeName", pod.path("spec").path("nodeName").asText());
          e.putObject("targetRef").put("kind", "Pod").put("namespace", namespace).put("name", pod.path("metadata").path("name").asText())
              .put("uid", pod.path("metadata").path("uid").asText());
        }
        StoreCalls.send(crud, HttpMethod.PUT,
            "/apis/discovery.k8s.io/v1/namespaces/" + namespace + "/endpointslices/" + slice.path("metadata").path("name").asText(), slice);
      }
    }
  }
}
