package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A pod's deletion as an apiserver and its kubelet do it. The apiserver only marks the pod ({@code deletionTimestamp}
 * = now + the grace period, {@code deletionGracePeriodSeconds}) and answers 200 with it; watchers see it MODIFIED, the
 * console and kubectl show "Terminating". The pod's kubelet stops its containers and confirms, and only then is it gone
 * (DELETED). The demo's kubelets confirm after {@link #KUBELET_STOPS_IN} (or the grace period, when shorter), on the
 * injected {@link KubeletTimer}; on a NotReady node, or one that is gone, none answers and the pod stays terminating
 * until someone deletes it with a grace period of 0 ({@code kubectl delete --force}). As the apiserver does, a pod goes
 * at once when forced, when no node took it, or when its containers have already ended (Succeeded, Failed). Deleting a
 * terminating pod again changes nothing unless it asks for a shorter grace period. A DELETE on the collection ({@code
 * kubectl delete pods -l ...} through a client that sends one) deletes every pod it selects the same way.
 *
 * <p>The controllers follow in {@link DemoApiDispatcher}: a ReplicaSet replaces a pod as soon as it is marked (a
 * terminating pod no longer counts), a StatefulSet and a DaemonSet once it is gone ({@code onRemoved}).
 */
final class PodDeletion {
  /** How long a demo kubelet takes to stop a deleted pod's containers: long enough to see "Terminating", short for a demo. */
  static final Duration KUBELET_STOPS_IN = Duration.ofSeconds(2);
  /** The pod spec's default {@code terminationGracePeriodSeconds}. */
  static final int DEFAULT_GRACE = 30;
  static final Pattern COLLECTION = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Function<RecordedRequest, MockResponse> store;
  private final Function<RecordedRequest, MockResponse> list;
  private final BiConsumer<String, ObjectNode> keepMarked;
  private final Consumer<JsonNode> onRemoved;
  private final KubeletTimer kubelets;
  private final Clock clock;

  /**
   * @param store the CRUD store (a DELETE there removes at once)
   * @param list answers a pod list with the field selectors the store cannot
   * @param keepMarked stores a pod marked for deletion as it is (watchers see MODIFIED)
   * @param onRemoved runs after a pod is gone, with the pod as it was: its controller's turn
   */
  PodDeletion(Function<RecordedRequest, MockResponse> store, Function<RecordedRequest, MockResponse> list,
      BiConsumer<String, ObjectNode> keepMarked, Consumer<JsonNode> onRemoved, KubeletTimer kubelets, Clock clock) {
    this.store = store;
    this.list = list;
    this.keepMarked = keepMarked;
    this.onRemoved = onRemoved;
    this.kubelets = kubelets;
    this.clock = clock;
  }

  /** What a DELETE asked: a grace period (null: the pod's own), and whether it is a dry run. */
  record Options(Integer grace, boolean dryRun) {
    /** From the DeleteOptions body ({@code gracePeriodSeconds}) or the query ({@code ?gracePeriodSeconds=}); the body wins. */
    static Options of(RecordedRequest request, String query) throws IOException {
      String body = request.getBody() == null ? "" : request.getBody().readUtf8();
      JsonNode options = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
      Map<String, String> q = DemoLists.query(query);
      Integer grace = options.path("gracePeriodSeconds").canConvertToInt() && !options.path("gracePeriodSeconds").isNull()
          ? Integer.valueOf(options.path("gracePeriodSeconds").asInt()) : q.containsKey("gracePeriodSeconds") ? parse(q.get("gracePeriodSeconds")) : null;
      boolean dryRun = options.path("dryRun").size() > 0 || q.containsKey("dryRun");
      return new Options(grace == null ? null : Math.max(0, grace), dryRun);
    }

    private static Integer parse(String value) throws IOException {
      try {
        return Integer.valueOf(value);
      } catch (NumberFormatException e) {
        throw new IOException("gracePeriodSeconds is no number: " + value);
      }
    }
  }

  /** A DELETE of one pod. */
  MockResponse deleteOne(String namespace, String name, RecordedRequest request, String query) {
    Options options;
    try {
      options = Options.of(request, query);
    } catch (IOException e) {
      return DemoPodLogs.status(400, "BadRequest", "the delete options are no JSON object: " + e.getMessage());
    }
    var found = StoreCalls.get(store, podPath(namespace, name));
    if (found.isEmpty()) {
      return DemoPodLogs.status(404, "NotFound", "pods \"" + name + "\" not found");
    }
    return delete((ObjectNode) found.get(), options);
  }

  /** A DELETE on a namespace's pods: each pod its label and field selectors take, as {@link #deleteOne}; answers the list of them. */
  MockResponse deleteCollection(String namespace, RecordedRequest request, String query) {
    Options options;
    try {
      options = Options.of(request, query);
    } catch (IOException e) {
      return DemoPodLogs.status(400, "BadRequest", "the delete options are no JSON object: " + e.getMessage());
    }
    Map<String, String> q = DemoLists.query(query);
    StringBuilder selectors = new StringBuilder();
    for (String key : new String[] {"labelSelector", "fieldSelector"}) {
      if (q.get(key) != null && !q.get(key).isEmpty()) {
        selectors.append(selectors.isEmpty() ? "?" : "&").append(key).append('=')
            .append(java.net.URLEncoder.encode(q.get(key), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    MockResponse listed = list.apply(StoreCalls.request(HttpMethod.GET, "/api/v1/namespaces/" + namespace + "/pods" + selectors, null));
    if (listed.code() != 200) {
      return listed;
    }
    ObjectNode answer = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "PodList");
    ArrayNode items = JSON.createArrayNode();
    try {
      JsonNode pods = JSON.readTree(listed.getBody().readUtf8());
      answer.set("metadata", pods.path("metadata").deepCopy());
      for (JsonNode pod : pods.path("items")) {
        MockResponse one = delete((ObjectNode) pod, options);
        if (one.code() / 100 == 2) {
          items.add(JSON.readTree(one.getBody().readUtf8()));
        }
      }
    } catch (IOException | ClassCastException e) {
      return DemoPodLogs.status(500, "InternalError", "the demo store's pod list is no JSON: " + e.getMessage());
    }
    answer.set("items", items);
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(answer.toString());
  }

  private MockResponse delete(ObjectNode pod, Options options) {
    ObjectNode meta = (ObjectNode) pod.path("metadata");
    String path = podPath(meta.path("namespace").asText(), meta.path("name").asText());
    int own = pod.path("spec").path("terminationGracePeriodSeconds").asInt(DEFAULT_GRACE);
    int grace = options.grace() != null ? options.grace() : own;
    String phase = pod.path("status").path("phase").asText("");
    // The apiserver's own shortcut (the pod strategy's CheckGracefulDelete): nothing runs that could stop gracefully.
    if (pod.path("spec").path("nodeName").asText("").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
      grace = 0;
    }
    if (options.dryRun()) {
      return grace == 0 ? ok(pod) : ok(marked(pod.deepCopy(), grace));
    }
    if (grace == 0) {
      return removeNow(path, pod);
    }
    if (meta.has("deletionTimestamp") && meta.path("deletionGracePeriodSeconds").asInt(Integer.MAX_VALUE) <= grace) {
      return ok(pod); // already terminating, no sooner than asked: the apiserver changes nothing
    }
    keepMarked.accept(path, marked(pod, grace));
    if (kubeletAnswers(pod)) {
      String uid = meta.path("uid").asText();
      Duration delay = KUBELET_STOPS_IN.compareTo(Duration.ofSeconds(grace)) < 0 ? KUBELET_STOPS_IN : Duration.ofSeconds(grace);
      kubelets.after(delay, () -> confirm(path, uid));
    }
    return ok(pod);
  }

  /**
   * Marks {@code pod} for deletion in {@code grace} seconds; a terminating pod's deadline only moves sooner, as the
   * apiserver's does.
   */
  private ObjectNode marked(ObjectNode pod, int grace) {
    ObjectNode meta = (ObjectNode) pod.path("metadata");
    Instant deadline = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(grace);
    if (meta.has("deletionTimestamp")) {
      Instant before = Instant.parse(meta.path("deletionTimestamp").asText());
      deadline = before.isBefore(deadline) ? before : deadline;
    }
    meta.put("deletionTimestamp", deadline.toString()).put("deletionGracePeriodSeconds", grace);
    return pod;
  }

  /** Whether a kubelet will confirm: the pod's node is in the store and Ready. */
  private boolean kubeletAnswers(JsonNode pod) {
    String node = pod.path("spec").path("nodeName").asText("");
    return StoreCalls.get(store, "/api/v1/nodes/" + node).map(EvictedPodReplacement::ready).orElse(false);
  }

  /** The kubelet's confirmation: the pod is removed, unless it went meanwhile (forced) or a new one took its name. */
  private void confirm(String path, String uid) {
    StoreCalls.get(store, path)
        .filter(p -> p.path("metadata").path("uid").asText().equals(uid) && p.path("metadata").has("deletionTimestamp"))
        .ifPresent(p -> removeNow(path, (ObjectNode) p));
  }

  private MockResponse removeNow(String path, ObjectNode pod) {
    MockResponse removed = store.apply(StoreCalls.request(HttpMethod.DELETE, path, null));
    if (removed.code() / 100 == 2) {
      onRemoved.accept(pod);
    }
    return removed;
  }

  private static MockResponse ok(JsonNode pod) {
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(pod.toString());
  }

  private static String podPath(String namespace, String name) {
    return "/api/v1/namespaces/" + namespace + "/pods/" + name;
  }
}
