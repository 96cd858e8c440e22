package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * fabric8's CRUD dispatcher plus {@code /version}, discovery ({@link DemoDiscovery}), tier RBAC
 * ({@link DemoRbac}), pages and Tables ({@link DemoLists}), server-side apply ({@link DemoServerSideApply}), the scale subresource ({@link DemoScale}),
 * the workload controllers after any write (a create too) of a Deployment, StatefulSet, ReplicaSet or DaemonSet and after a deletion or eviction of their pods ({@link WorkloadControllers}), graceful pod deletion ({@link PodDeletion}), pod logs ({@link DemoPodLogs}), the metrics API ({@link DemoMetrics}), exec
 * ({@link DemoShell}), eviction ({@link DemoEviction}) and port-forward ({@link DemoPortForward}). With a custom dispatcher the mock server's own {@code /version} expectation
 * is bypassed and the CRUD store answers the path as a prefix query, returning every stored
 * object; the console's reachability probe calls it every 30 seconds.
 */
final class DemoApiDispatcher extends KubernetesCrudDispatcher {
  private static final String VERSION_JSON = """
      {"major":"1","minor":"%s","gitVersion":"%s","gitCommit":"2d5f260c1b4a8ed3b4d3c2e1f0a9b8c7d6e5f4a3",
       "gitTreeState":"clean","buildDate":"2024-12-10T19:03:42Z","goVersion":"go1.22.9","compiler":"gc",
       "platform":"linux/amd64"}
      """;

  private static final String SSAR_PATH = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final DemoPodLogs logs;
  private final DemoLists lists;
  private final DemoMetrics metrics;
  private final DemoDiscovery discovery = new DemoDiscovery();
  private final String version;
  private volatile AwsIamAuthenticator authenticator;
  private volatile boolean controllersRun;
  private final Clock clock;
  private final String clusterName;
  private final RecentDeletions deletions = new RecentDeletions();
  /** The seed's troubled pods, read once seeding is done ({@link #startControllers}). */
  private volatile SeededTrouble trouble = SeededTrouble.NONE;
  private final PodDeletion podDeletion;
  private final KubeletTimer kubelets;
  /**
   * Held while the controllers run: a request's (after its write) and a kubelet's (after it removed a pod, on the
   * timer's thread) would otherwise both find the same pod missing and start two.
   */
  private final Object controllerTurns = new Object();

  DemoApiDispatcher(List<CustomResourceDefinitionContext> crds, Clock clock, DemoEstate estate, KubeletTimer kubelets) {
    super(crds);
    this.clock = clock;
    this.kubelets = kubelets;
    this.podDeletion = new PodDeletion(super::dispatch, this::storeList, this::storeMarkedForDeletion, this::afterPodRemoved, kubelets, clock);
    this.clusterName = estate.name();
    this.logs = new DemoPodLogs(clock, estate);
    this.lists = new DemoLists(clock);
    this.metrics = new DemoMetrics(clock);
    String git = estate.kubernetesVersion();
    this.version = VERSION_JSON.formatted(git.replaceAll("^v1\\.(\\d+)\\..*$", "$1"), git);
  }

  /**
   * The next line of a followed pod log at {@code path} (see {@link DemoPodLogs#followed}); empty when the log
   * ends. Read straight from the store: the front asks on a timer, not as the person.
   */
  java.util.Optional<String> followedLogLine(String path, String query, long n) {
    Matcher m = DemoPodLogs.PATH.matcher(path);
    return m.matches() ? logs.followed(m, query, n, super::dispatch) : java.util.Optional.empty();
  }

  /**
   * Gives a stored object the creation time its seed chose. The CRUD mock stamps every POST with the
   * wall clock, so without this every seeded object looked created when the demo started (Age "49s"
   * for nodes seeded 14 days back). Seeding only: watchers are not told.
   *
   * @param objectPath the object's own path, e.g. {@code /api/v1/nodes/ip-10-0-1-11.ec2.internal}
   */
  void backdate(String objectPath, String creationTimestamp) {
    Map.Entry<AttributeSet, String> stored = findResource(getKey(objectPath));
    if (stored == null) {
      throw new IllegalStateException("seeding: nothing stored at " + objectPath);
    }
    try {
      ObjectNode object = (ObjectNode) JSON.readTree(stored.getValue());
      ((ObjectNode) object.path("metadata")).put("creationTimestamp", creationTimestamp);
      map.put(stored.getKey(), JSON.writeValueAsString(object));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("seeding: the object stored at " + objectPath + " is not JSON", e);
    }
  }

  /**
   * Stores an object marked for deletion ({@code deletionTimestamp} set) as it is. The CRUD store
   * deletes such an object at once when it has no finalizers, as if its kubelet had confirmed; a pod
   * on a node that is gone must stay (see {@link PodsOnLostNodes}). Watchers see it MODIFIED.
   */
  void storeMarkedForDeletion(String objectPath, ObjectNode object) {
    AttributeSet key = getKey(objectPath);
    Map.Entry<AttributeSet, String> stored = findResource(key);
    if (stored == null) {
      throw new IllegalStateException("nothing stored at " + objectPath);
    }
    ((ObjectNode) object.path("metadata")).put("resourceVersion", Long.toString(requestResourceVersion()));
    String json = object.toString();
    processEvent(objectPath, key, stored.getKey(),
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(json, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class), json);
  }

  /** The object a create on this thread just stored, with the uid {@link #processEvent} gave it, for {@link #handleCreate}'s answer. */
  private final ThreadLocal<String> created = new ThreadLocal<>();

  /**
   * Gives every object the store creates an apiserver-like uid ({@link DemoUids}) in place of the mock's counter: the
   * object is stored, and watchers told, with it. Seeding's are deterministic, later ones random.
   */
  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                           io.fabric8.kubernetes.api.model.GenericKubernetesResource resource, String json) {
    if (json != null && (path.contains("/deployments") || path.contains("/daemonsets") || path.contains("/statefulsets"))) {
      // Every write stores through here, however it came: refused before anything is stored (see validated). The
      // store passes no resource for an update, only the JSON it would keep.
      RollingUpdateValidation.check(json);
    }
    if (json != null && path.contains("/daemonsets")) {
      json = DaemonSetTemplateGeneration.stamp(json, oldAttributes == null ? null : map.get(oldAttributes));
      if (resource != null) {
        resource = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(json, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
      }
    }
    if (json == null && oldAttributes != null) {
      deletedAtANewVersion(oldAttributes);
    }
    if (oldAttributes == null && resource != null && json != null && resource.getMetadata() != null) {
      var meta = resource.getMetadata();
      meta.setUid(controllersRun ? DemoUids.created()
          : DemoUids.seeded(clusterName, resource.getApiVersion(), resource.getKind(), meta.getNamespace(), meta.getName()));
      json = io.fabric8.kubernetes.client.utils.Serialization.asJson(resource);
      created.set(json);
    }
    super.processEvent(path, pathAttributes, oldAttributes, resource, json);
  }

  /**
   * Gives the object about to be deleted a new resourceVersion, as its DELETED watch event carries it: the store sends the
   * JSON it removes. An apiserver's DELETED event carries the revision of the deletion, after every list taken before it;
   * the object's last resourceVersion is older than such a list, and a watcher that skips what its list already showed
   * (the console's stream does: {@code Subscriber}) would skip the deletion, keeping the pod beside its replacement.
   */
  private void deletedAtANewVersion(AttributeSet key) {
    String stored = map.get(key);
    if (stored == null) {
      return;
    }
    try {
      ObjectNode object = (ObjectNode) JSON.readTree(stored);
      if (object.path("metadata") instanceof ObjectNode meta) {
        long version = requestResourceVersion();
        meta.put("resourceVersion", Long.toString(version));
        String json = JSON.writeValueAsString(object);
        map.put(key, json);
        deletions.deleted(key, version, json);
      }
    } catch (java.io.IOException | ClassCastException e) {
      // Not JSON the store could have kept: its event goes out as it is.
    }
  }

  /** A create answers the object as {@link #processEvent} stored it (the mock would answer its own uid). */
  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    created.remove();
    MockResponse answer = super.handleCreate(request);
    String stored = created.get();
    created.remove();
    return stored != null && answer.code() == 201 ? answer.setBody(stored) : answer;
  }

  /**
   * From now on a write of a workload runs its controller ({@link WorkloadControllers}). Seeding writes the estate as
   * it is meant to look (a pending pod, labels a Helm release adds with a PUT) and runs before, without them.
   */
  void startControllers() {
    try {
      this.trouble = SeededTrouble.read(super::dispatch,
          (namespace, name) -> kubelets.after(SeededTrouble.FIRST_CRASH_AFTER, () -> crash(namespace, name)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("reading the seeded pods failed", e);
    }
    this.controllersRun = true;
  }

  /** The first crash of a crash-looping copy's container, as its kubelet reports it ({@link SeededTrouble#firstCrash}). */
  private void crash(String namespace, String name) {
    String path = "/api/v1/namespaces/" + namespace + "/pods/" + name;
    synchronized (controllerTurns) {
      StoreCalls.get(super::dispatch, path).map(pod -> SeededTrouble.firstCrash(pod, clock.instant())).ifPresent(crashed -> {
        ((ObjectNode) crashed.path("metadata")).remove("resourceVersion"); // the kubelet's own update, whatever came between
        StoreCalls.send(super::dispatch, io.fabric8.mockwebserver.dsl.HttpMethod.PUT, path + "/status", crashed);
        for (JsonNode c : crashed.path("status").path("containerStatuses")) {
          if (c.path("restartCount").asInt() == 1 && "CrashLoopBackOff".equals(c.path("state").path("waiting").path("reason").asText())) {
            PodEvents.backOff(super::dispatch, crashed, c.path("name").asText(), clock.instant());
          }
        }
      });
    }
  }

  /** From now on every request needs a bearer token {@code authenticator} accepts (seeding runs before, without one). */
  void requireAuthentication(AwsIamAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath().split("\\?", 2)[0];
    AwsIamAuthenticator auth = authenticator;
    if (auth != null && auth.authenticate(request.getHeader("Authorization")).isEmpty()) {
      return DemoPodLogs.status(401, "Unauthorized", "Unauthorized");
    }
    if (path.equals("/version") && "GET".equals(request.getMethod())) {
      return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json").setBody(version);
    }
    if ("GET".equals(request.getMethod())) {
      MockResponse document = discovery.answer(path);
      if (document != null) {
        return document;
      }
    }
    List<String> groups = request.getHeaders().headers("Impersonate-Group");
    String tier = DemoRbac.tier(groups == null ? List.of() : groups);
    if (path.equals(SSAR_PATH) && "POST".equals(request.getMethod())) {
      return accessReview(request, tier);
    }
    Target target = Target.of(request.getMethod(), path, request.getPath());
    if (target != null) {
      String denied = DemoRbac.deny(tier, target.verb(), target.group(), target.resource(), target.subresource(), target.namespace());
      if (denied != null) {
        return forbidden(target, request.getHeader("Impersonate-User"), denied);
      }
    }
    // New pods keep the trouble the seed gave their controller, whichever path starts them (a scale subresource's too).
    return ScopedValue.where(SeededTrouble.IN_EFFECT, trouble).call(() -> withControllers(request, path));
  }

  /** {@link #validated}, with the controllers of the workload it writes, or of the pods it deletes, run after it. */
  private MockResponse withControllers(RecordedRequest request, String path) {
    String query = request.getPath() == null || !request.getPath().contains("?") ? "" : request.getPath().split("\\?", 2)[1];
    WorkloadControllers.Followed workload = controllersRun ? WorkloadControllers.followed(request, path, query) : null;
    List<WorkloadControllers.Followed> losing = controllersRun && workload == null
        ? WorkloadControllers.losingPods(request, path, query, super::dispatch) : List.of();
    if (workload == null && losing.isEmpty()) {
      return validated(request, path, query);
    }
    // Whichever path below stores the write (a create, apply, any patch, a PUT), the workload's controller follows it here,
    // once; the controllers of deleted or evicted pods (one, or a collection's) follow that deletion likewise.
    synchronized (controllerTurns) {
      MockResponse written = validated(request, path, query);
      if (written.code() / 100 == 2) {
        if (workload != null) {
          WorkloadControllers.afterWrite(workload, written, super::dispatch, clock.instant());
        }
        for (WorkloadControllers.Followed owner : losing) {
          WorkloadControllers.afterWrite(owner.namespace(), owner.plural(), owner.name(), super::dispatch, clock.instant());
        }
      }
      return written;
    }
  }

  /**
   * After a pod is gone (its kubelet confirmed, or it was forced): its controller's turn. A StatefulSet's and a DaemonSet's
   * waited for it; a StatefulSet pod whose set the store does not hold comes back as its copy, under the same name.
   * Runs on the request's thread or the kubelets' timer, with the seed's trouble in effect either way.
   */
  private void afterPodRemoved(JsonNode pod) {
    ScopedValue.where(SeededTrouble.IN_EFFECT, trouble).run(() -> {
      synchronized (controllerTurns) {
        String namespace = pod.path("metadata").path("namespace").asText();
        for (WorkloadControllers.Followed owner : WorkloadControllers.controllersOf(namespace, List.of(pod))) {
          WorkloadControllers.afterWrite(owner.namespace(), owner.plural(), owner.name(), super::dispatch, clock.instant());
        }
        JsonNode owner = EvictedPodReplacement.controllerOf(pod.path("metadata"));
        String path = "/api/v1/namespaces/" + namespace + "/pods/" + pod.path("metadata").path("name").asText();
        if (owner != null && owner.path("kind").asText().equals("StatefulSet") && StoreCalls.get(super::dispatch, path).isEmpty()) {
          DemoEviction.replace(pod, super::dispatch, clock.instant()); // its name is free now
        }
      }
    });
  }

  /** {@link #route}, or the apiserver's 422 when the object it was about to store is invalid ({@link RollingUpdateValidation}). */
  private MockResponse validated(RecordedRequest request, String path, String query) {
    try {
      return route(request, path, query);
    } catch (RollingUpdateValidation.Invalid invalid) {
      return invalid.answer();
    }
  }

  /** The request, past authentication and RBAC, to whatever answers it. */
  private MockResponse route(RecordedRequest request, String path, String query) {
    Matcher m;
    Matcher usage;
    if ("GET".equals(request.getMethod()) && !request.getPath().contains("watch=true") && (usage = DemoMetrics.PATH.matcher(path)).matches()) {
      return metrics.answer(usage, super::dispatch);
    }
    if ((m = DemoScale.PATH.matcher(path)).matches() && !request.getPath().contains("watch=true")) {
      return DemoScale.answer(m, request, super::dispatch, clock.instant());
    }
    if ("DELETE".equals(request.getMethod()) && (m = PodsOnLostNodes.PATH.matcher(path)).matches()) {
      return podDeletion.deleteOne(m.group(1), m.group(2), request, query);
    }
    if ("DELETE".equals(request.getMethod()) && (m = PodDeletion.COLLECTION.matcher(path)).matches()) {
      return podDeletion.deleteCollection(m.group(1), request, query);
    }
    if (DemoServerSideApply.handles(request)) {
      return DemoServerSideApply.apply(request, super::dispatch);
    }
    if (DemoLists.shapes(request.getMethod(), path, DemoLists.query(query), request.getHeader("Accept"))) {
      return lists.answer(request, path, query, this::storeList, super::dispatch);
    }
    var selected = DemoFieldSelectors.termsAsked(request.getMethod(), path, query);
    if (!selected.isEmpty()) {
      return DemoFieldSelectors.answer(request, path, query, selected, super::dispatch);
    }
    if (StrategicMergePatch.handles(request, path)) {
      return StrategicMergePatch.answer(request, path, super::dispatch);
    }
    if ("PATCH".equals(request.getMethod()) && (m = DemoEphemeralContainers.PATH.matcher(path)).matches()) {
      return DemoEphemeralContainers.patch(m, request, super::dispatch, clock.instant());
    }
    if (DemoDryRunCreate.handles(request, path, query)) {
      return DemoDryRunCreate.answer(request, path, super::dispatch, clock.instant());
    }
    if ("POST".equals(request.getMethod()) && (m = DemoEviction.PATH.matcher(path)).matches()) {
      return DemoEviction.answer(m, super::dispatch, clock.instant());
    }
    if ("GET".equals(request.getMethod())) {
      if ((m = DemoPortForward.PATH.matcher(path)).matches()) {
        return DemoPortForward.upgrade(m.group(1), m.group(2), query, super::dispatch);
      }
      if ((m = DemoPodLogs.PATH.matcher(path)).matches()) {
        return logs.answer(m, query, super::dispatch);
      }
      if ((m = DemoShell.PATH.matcher(path)).matches()) {
        return DemoShell.upgrade(m.group(2), DemoLists.query(query).get("container"));
      }
      if (path.equals(KarpenterDemo.METRICS_PROXY_PATH)) {
        return KarpenterDemo.metrics();
      }
      // fabric8 waits for a pod to be ready before exec with a one-object watch; it has its answer
      // from the list already, and the CRUD mock blocks its event loop closing watches. A quiet
      // WebSocket serves that watch; list watches for live updates still go to CRUD.
      if (path.matches("^/api/v1/namespaces/[^/]+/pods$") && query.contains("watch=true") && query.contains("metadata.name")) {
        return new MockResponse().setResponseCode(101).withWebSocketUpgrade(new WebSocketListener() { });
      }
    }
    return super.dispatch(request);
  }

  /**
   * The CRUD mock's watch, closed off its event loop ({@link WatchClosesOffTheEventLoop}), and told at its start of the
   * deletions after the resourceVersion it was asked to start from ({@link RecentDeletions}), which the mock's start
   * (ADDED for what is stored now) leaves out.
   */
  @Override
  public MockResponse handleWatch(String path) {
    MockResponse response = super.handleWatch(path);
    WebSocketListener watch = response.getWebSocketListener();
    if (watch == null) {
      return response;
    }
    long since = WatchStart.resourceVersion(path);
    java.util.function.Supplier<List<String>> missed = since < 0 ? List::of
        : () -> deletions.since(since, attributeExtractor.fromPath(path), map);
    return response.withWebSocketUpgrade(new WatchClosesOffTheEventLoop(watch, missed));
  }

  /** A plain list from the store, with the field selectors it cannot answer applied ({@link DemoFieldSelectors}). */
  private MockResponse storeList(RecordedRequest request) {
    String path = request.getPath().split("\\?", 2)[0];
    String query = request.getPath().contains("?") ? request.getPath().split("\\?", 2)[1] : "";
    var selected = DemoFieldSelectors.termsAsked(request.getMethod(), path, query);
    return selected.isEmpty() ? super.dispatch(request) : DemoFieldSelectors.answer(request, path, query, selected, super::dispatch);
  }

  /** Answers a SelfSubjectAccessReview from {@link DemoRbac} (the CRUD store would just echo it). */
  private static MockResponse accessReview(RecordedRequest request, String tier) {
    try {
      ObjectNode review = (ObjectNode) JSON.readTree(request.getUtf8Body());
      JsonNode a = review.path("spec").path("resourceAttributes");
      String denied = DemoRbac.deny(tier, a.path("verb").asText(), a.path("group").asText(), a.path("resource").asText(),
          a.path("subresource").asText(), a.path("namespace").asText());
      ObjectNode status = review.putObject("status").put("allowed", denied == null);
      if (denied != null) {
        status.put("reason", denied);
      }
      return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(JSON.writeValueAsString(review));
    } catch (java.io.IOException | ClassCastException e) {
      return DemoPodLogs.status(400, "BadRequest", "invalid SelfSubjectAccessReview: " + e.getMessage());
    }
  }

  /** What an apiserver request does, for the RBAC check: {@code /api/v1/...} or {@code /apis/{group}/{version}/...}. */
  /**
   * A refusal worded as the apiserver words it (apierrors.NewForbidden over the authorizer's
   * attributes): {@code pods "web-0" is forbidden: User "u" cannot create resource "pods/exec" in
   * API group "" in the namespace "shop": reason}, with the group, resource and name in {@code details}.
   */
  private static MockResponse forbidden(Target t, String user, String reason) {
    String qualified = t.resource() + (t.group().isEmpty() ? "" : "." + t.group());
    String full = t.subresource().isEmpty() ? t.resource() : t.resource() + "/" + t.subresource();
    String message = qualified + (t.name().isEmpty() ? "" : " \"" + t.name() + "\"") + " is forbidden: User \"" + user + "\" cannot "
        + t.verb() + " resource \"" + full + "\" in API group \"" + t.group() + "\""
        + (t.namespace().isEmpty() ? " at the cluster scope" : " in the namespace \"" + t.namespace() + "\"") + ": " + reason;
    var details = new java.util.LinkedHashMap<String, String>();
    if (!t.name().isEmpty()) {
      details.put("name", t.name());
    }
    details.put("group", t.group());
    details.put("kind", t.resource());
    String json = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
        + io.fabric8.kubernetes.client.utils.Serialization.asJson(message) + ",\"reason\":\"Forbidden\",\"details\":"
        + io.fabric8.kubernetes.client.utils.Serialization.asJson(details) + ",\"code\":403}";
    return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json").setBody(json);
  }

  record Target(String verb, String group, String resource, String subresource, String namespace, String name) {
    static Target of(String method, String path, String rawPath) {
      ApiPath api = ApiPath.of(path).orElse(null);
      if (api == null) {
        return null;
      }
      String group = api.group();
      List<String> seg = api.rest();
      int i = 0;
      String namespace = "";
      if (seg.get(0).equals("namespaces") && seg.size() > 2) {
        namespace = seg.get(1);
        i = 2;
      }
      String resource = seg.get(i);
      String name = seg.size() > i + 1 ? seg.get(i + 1) : "";
      String sub = seg.size() > i + 2 ? seg.get(i + 2) : "";
      String verb = switch (method) {
        case "GET" -> sub.equals("exec") || sub.equals("attach") || sub.equals("portforward") ? "create"
            : rawPath != null && rawPath.contains("watch=true") ? "watch" : name.isEmpty() ? "list" : "get";
        case "POST" -> "create";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
        default -> null;
      };
      return verb == null ? null : new Target(verb, group, resource, sub, namespace, name);
    }
  }
}
