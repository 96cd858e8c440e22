package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The eviction subresource for the demo cluster, with the disruption controller's arithmetic
 * reduced to what the demo needs: a pod selected by a PodDisruptionBudget whose status allows no
 * disruption is refused with the apiserver's 429 and its words; any other pod is deleted. The
 * showcase cluster seeds one such budget over {@code payments/payments-api}.
 */
final class DemoEviction {
  static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/eviction$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoEviction() {}

  /** A budget of {@code minAvailable} = replicas over payments-api: every eviction there would break it. */
  static void seed(StoreWriter store, Instant now) {
    PodDisruptionBudget pdb = store.create(new PodDisruptionBudgetBuilder()
        .withMetadata(Workloads.meta("payments", "payments-api", Map.of("app.kubernetes.io/name", "payments-api"), now.minusSeconds(86_400 * 20)))
        .withNewSpec().withMinAvailable(new IntOrString(3))
        .withNewSelector().withMatchLabels(Map.of("app.kubernetes.io/name", "payments-api")).endSelector().endSpec().build());
    pdb.setStatus(new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder().withCurrentHealthy(3)
        .withDesiredHealthy(3).withExpectedPods(3).withDisruptionsAllowed(0).withObservedGeneration(1L).build());
    store.updateStatus(pdb, "poddisruptionbudgets");
  }

  static MockResponse answer(Matcher m, Function<RecordedRequest, MockResponse> crud, Instant now) {
    String ns = m.group(1);
    String pod = m.group(2);
    MockResponse found = crud.apply(StoreCalls.request(HttpMethod.GET, "/api/v1/namespaces/" + ns + "/pods/" + pod, null));
    if (found.code() != 200) {
      return DemoPodLogs.status(404, "NotFound", "pods \"" + pod + "\" not found");
    }
    JsonNode evicted;
    try {
      evicted = JSON.readTree(found.getBody().readUtf8());
      JsonNode labels = evicted.path("metadata").path("labels");
      JsonNode budgets = StoreCalls.read(crud, "/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets");
      for (JsonNode pdb : budgets.path("items")) {
        if (LabelMatch.selects(pdb.path("spec").path("selector").path("matchLabels"), labels) && pdb.path("status").path("disruptionsAllowed").asInt() < 1) {
          return refused(pdb);
        }
      }
    } catch (IOException e) {
      return DemoPodLogs.status(500, "InternalError", "reading the pod or its budgets failed: " + e.getMessage());
    }
    crud.apply(StoreCalls.request(HttpMethod.DELETE, "/api/v1/namespaces/" + ns + "/pods/" + pod, null));
    replace(evicted, crud, now);
    return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
        .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"code\":201}");
  }

  /** Its controller's new pod, placed as the scheduler would (see {@link EvictedPodReplacement}). */
  static void replace(JsonNode evicted, Function<RecordedRequest, MockResponse> crud, Instant now) {
    try {
      JsonNode nodes = StoreCalls.read(crud, "/api/v1/nodes");
      JsonNode replacement = EvictedPodReplacement.of(evicted, nodes, now);
      if (replacement != null) {
        PodEvents.create(crud, evicted.path("metadata").path("namespace").asText(), replacement, now);
      }
    } catch (IOException e) {
      // The eviction happened; a demo pod that is not replaced is no reason to fail it.
    }
  }

  /** The kube-apiserver's refusal: 429 TooManyRequests with a DisruptionBudget cause naming the budget. */
  private static MockResponse refused(JsonNode pdb) {
    JsonNode s = pdb.path("status");
    String cause = "The disruption budget " + pdb.path("metadata").path("name").asText() + " needs " + s.path("desiredHealthy").asInt()
        + " healthy pods and has " + s.path("currentHealthy").asInt() + " currently";
    String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"Cannot evict pod as it"
        + " would violate the pod's disruption budget.\",\"reason\":\"TooManyRequests\",\"details\":{\"causes\":[{\"reason\":"
        + "\"DisruptionBudget\",\"message\":\"" + cause + "\"}]},\"code\":429}";
    return new MockResponse().setResponseCode(429).setHeader("Content-Type", "application/json").setBody(body);
  }
}
