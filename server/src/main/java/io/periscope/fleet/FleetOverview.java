package io.periscope.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.authz.Principal;
import io.periscope.clusters.ClusterFanOut;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.k8s.Apiserver;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import io.periscope.resources.Discovery;
import io.periscope.resources.ListCache;
import io.periscope.resources.ResourceKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * The fleet page: every cluster's reachability, version, node and pod health and warning count,
 * read as the person: clusters through {@link ClusterFanOut} (up to {@value #MAX_CONCURRENT_CLUSTERS} at
 * once, each with the per-cluster time-out from its own start) and each cluster's four reads at once.
 * A cluster that has not answered by then is reported unreachable and never delays the rest; its
 * reads are interrupted and abandoned. Pods are counted from the opt-in list cache where it already
 * follows them and the person may list them everywhere.
 */
public final class FleetOverview {
  private static final Set<String> FAILING_WAIT_REASONS = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
      "CreateContainerConfigError", "CreateContainerError", "InvalidImageName");
  /** Clusters read at once; the rest wait for a slot (their time-out starts when they get one). */
  private static final int MAX_CONCURRENT_CLUSTERS = 32;
  /** Node readiness and pod failure are read from {@code status} alone. */
  private static final Set<String> STATUS = Set.of("status");

  private final ClusterRegistry registry;
  private final ImpersonatingClients clients;
  private final Apiserver apiserver;
  private final Duration timeout;
  private final Discovery discovery;
  private final ListCache listCache;

  public FleetOverview(ClusterRegistry registry, ImpersonatingClients clients, Apiserver apiserver, Duration timeout,
      Discovery discovery, ListCache listCache) {
    this.registry = registry;
    this.clients = clients;
    this.apiserver = apiserver;
    this.timeout = timeout;
    this.discovery = discovery;
    this.listCache = listCache;
  }

  /** Every registered cluster, in the registry's order. */
  public List<ClusterHealth> overview(Principal who) {
    return overview(who, registry.clusters());
  }

  /** One cluster, as its line of {@link #overview}: a cluster's overview page asks for it alone. */
  public ClusterHealth of(Principal who, String cluster) {
    return overview(who, List.of(registry.spec(cluster))).getFirst();
  }

  private List<ClusterHealth> overview(Principal who, List<ClusterSpec> specs) {
    // Each cluster's own time-out from its own start (plus slack for the reads' own time-outs to fire first).
    var fanOut = new ClusterFanOut(new ClusterFanOut.Settings(timeout.plusMillis(500), MAX_CONCURRENT_CLUSTERS));
    List<ClusterHealth> out = new ArrayList<>();
    for (var outcome : fanOut.ask(specs.stream().map(ClusterSpec::name).toList(), cluster -> health(cluster, who))) {
      out.add(switch (outcome) {
        case ClusterFanOut.Outcome.Answered<ClusterHealth> a -> a.value();
        case ClusterFanOut.Outcome.TimedOut<ClusterHealth> t -> ClusterHealth.unreachable(t.cluster(), "no answer within " + timeout.toMillis() + " ms");
        case ClusterFanOut.Outcome.Failed<ClusterHealth> f when f.cause() instanceof io.periscope.authz.NoIdentityException none ->
            ClusterHealth.noIdentity(f.cluster(), none.getMessage());
        case ClusterFanOut.Outcome.Failed<ClusterHealth> f -> ClusterHealth.unreachable(f.cluster(), describe(f.cause()));
      });
    }
    return out;
  }

  /** The four reads of one cluster at once; interrupted (the fan-out's time-out), they are abandoned with it. */
  private ClusterHealth health(String cluster, Principal who) {
    KubernetesClient client = clients.forUser(cluster, who);
    // Not try-with-resources: close() would wait for a read that ignores its interrupt.
    var pool = Executors.newVirtualThreadPerTaskExecutor();
    try {
      return health(pool, cluster, client, who);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ClusterHealth.unreachable(cluster, "interrupted");
    } finally {
      pool.shutdownNow();
    }
  }

  private ClusterHealth health(java.util.concurrent.ExecutorService pool, String cluster, KubernetesClient client, Principal who)
      throws InterruptedException {
    Future<JsonNode> version = pool.submit(() -> io.periscope.json.Json.mapper().readTree(
        apiserver.text(cluster, client, Apiserver.Call.get("/version", Map.of()))));
    Future<ItemCounter.Counts> nodes = pool.submit(() -> count(cluster, client, "/api/v1/nodes", Map.of(), STATUS, FleetOverview::notReady));
    Future<ItemCounter.Counts> pods = pool.submit(() -> {
      var cached = cachedPods(cluster, who);
      return cached.isPresent() ? ItemCounter.countEach(cached.get(), STATUS, FleetOverview::failing)
          : count(cluster, client, "/api/v1/pods", Map.of(), STATUS, FleetOverview::failing);
    });
    Future<ItemCounter.Counts> warnings = pool.submit(() -> count(cluster, client, "/api/v1/events", Map.of("fieldSelector", "type=Warning"),
        Set.of("type"), e -> e.path("type").asText().equals("Warning")));
    String v;
    try {
      JsonNode info = version.get();
      v = info.hasNonNull("gitVersion") ? info.get("gitVersion").asText()
          : info.hasNonNull("major") ? "v" + info.path("major").asText() + "." + info.path("minor").asText() : null;
    } catch (ExecutionException e) {
      return ClusterHealth.unreachable(cluster, describe(e.getCause()));
    }
    List<String> problems = new ArrayList<>();
    var n = optional(nodes, "nodes", problems);
    var p = optional(pods, "pods", problems);
    var w = optional(warnings, "events", problems);
    return new ClusterHealth(cluster, true, null, null, v, n == null ? null : n.total(), n == null ? null : n.matching(),
        p == null ? null : p.total(), p == null ? null : p.matching(), w == null ? null : w.matching(), problems);
  }

  /**
   * A cluster's pods from the opt-in list cache when it follows them and the person may list them
   * cluster-wide (an impersonated access review): on a very large cluster every open fleet tab would
   * otherwise read every pod from the apiserver each time it polls.
   */
  private java.util.Optional<List<byte[]>> cachedPods(String cluster, Principal who) {
    if (!listCache.enabled()) {
      return java.util.Optional.empty();
    }
    ResourceKind pods;
    try {
      pods = discovery.resolve(cluster, ResourceKind.CORE, "v1", "pods");
    } catch (RuntimeException e) {
      return java.util.Optional.empty(); // discovery unreadable now: the apiserver's list answers, and says what is wrong
    }
    return listCache.everything(who, cluster, pods); // empty unless the cache covers pods, follows them here and the review allows
  }

  private ItemCounter.Counts count(String cluster, KubernetesClient client, String path, Map<String, String> q,
      Set<String> fields, Predicate<? super ObjectNode> matching) throws IOException {
    Map<String, String> query = new java.util.LinkedHashMap<>(q);
    // Any recent state will do for a count: resourceVersion=0 lets the apiserver answer from its watch
    // cache instead of a quorum read of every object from etcd.
    query.put("resourceVersion", "0");
    try (var body = apiserver.stream(cluster, client, Apiserver.Call.get(path, query))) {
      return ItemCounter.count(body.body(), fields, matching::test);
    }
  }

  private static ItemCounter.Counts optional(Future<ItemCounter.Counts> f, String what, List<String> problems) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      problems.add(what + ": " + describe(e.getCause()));
      return null;
    }
  }

  private static String describe(Throwable t) {
    if (t instanceof KubernetesClientException k) {
      return KubernetesErrors.message(k);
    }
    if (t instanceof Problem a) {
      return a.getMessage();
    }
    return t.getMessage() == null ? "the cluster could not be asked" : t.getMessage();
  }

  static boolean notReady(JsonNode node) {
    for (JsonNode c : node.path("status").path("conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        return !c.path("status").asText().equals("True");
      }
    }
    return true;
  }

  static boolean failing(JsonNode pod) {
    String phase = pod.path("status").path("phase").asText("");
    if (phase.equals("Failed") || phase.equals("Unknown")) {
      return true;
    }
    for (JsonNode cs : pod.path("status").path("containerStatuses")) {
      if (FAILING_WAIT_REASONS.contains(cs.path("state").path("waiting").path("reason").asText(""))) {
        return true;
      }
    }
    // A pod no node can take does not run at all: as much trouble as one that crashes.
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (c.path("type").asText().equals("PodScheduled") && c.path("status").asText().equals("False")
          && c.path("reason").asText().equals("Unschedulable")) {
        return true;
      }
    }
    return false;
  }
}
