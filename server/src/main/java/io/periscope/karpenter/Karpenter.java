package io.periscope.karpenter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.authz.Principal;
import io.periscope.cache.CallCache;
import io.periscope.k8s.Apiserver;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.Futures;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import io.periscope.resources.Discovery;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Reads a cluster's Karpenter state as the person: NodePools with their NodeClaims, limits against
 * usage and cost, and the pods Karpenter could not place with its reasons per pool. Every apiserver
 * call (lists and the controller metrics scrape through the service proxy) carries the person's
 * impersonation. NodePools are required (the person's 403 on them is the answer's error); claims,
 * pods, events and metrics degrade into {@code problems} so one missing grant blanks one panel only.
 */
public final class Karpenter {
  private static final ObjectMapper JSON = io.periscope.json.Json.mapper();
  static final String PRICE_SOURCE = "the Karpenter controller's " + PriceBook.METRIC + " gauge";

  private final ImpersonatingClients clients;
  private final Discovery discovery;
  private final Apiserver apiserver;
  private final ControllerMetrics metrics;
  private final Clock clock;
  /**
   * The controller's metrics page is large (a price series per instance type, capacity type and
   * zone) and the page re-reads the overview every few seconds: one scrape per person and cluster
   * serves for {@link #SCRAPE_TTL}. Keyed by the impersonated identity, never shared between people.
   */
  private final CallCache<ScrapeKey, ControllerMetrics.Scrape> scrapes;
  static final Duration SCRAPE_TTL = Duration.ofSeconds(60);

  private record ScrapeKey(String cluster, String user, List<String> groups) {}

  public Karpenter(ImpersonatingClients clients, Discovery discovery, Apiserver apiserver, Clock clock) {
    this.clients = clients;
    this.discovery = discovery;
    this.apiserver = apiserver;
    this.metrics = new ControllerMetrics(apiserver);
    this.clock = clock;
    this.scrapes = new CallCache<>(SCRAPE_TTL, 10_000, () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
  }

  /** Whether the cluster serves {@code karpenter.sh/v1} NodePools. */
  public boolean served(String cluster) {
    return KarpenterKinds.served(discovery, cluster);
  }

  public KarpenterOverview overview(Principal who, String cluster) {
    if (!served(cluster)) {
      return KarpenterOverview.notServed();
    }
    KubernetesClient client = clients.forUser(cluster, who);
    // Shared mode on the server's identity impersonates nobody: everyone reads as the server, one scrape.
    var scrapeKey = clients.identity(who).map(i -> new ScrapeKey(cluster, i.user(), List.copyOf(i.groups())))
        .orElse(new ScrapeKey(cluster, "", List.of()));
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<JsonNode> pools = pool.submit(() -> list(cluster, client, KarpenterKinds.collection(KarpenterKinds.NODEPOOLS), Map.of()));
      Future<JsonNode> claims = pool.submit(() -> list(cluster, client, KarpenterKinds.collection(KarpenterKinds.NODECLAIMS), Map.of()));
      Future<JsonNode> pods = pool.submit(() -> list(cluster, client, "/api/v1/pods", Map.of("fieldSelector", "status.phase=Pending")));
      Future<JsonNode> events = pool.submit(() -> list(cluster, client, "/api/v1/events", Map.of("fieldSelector", "reason=FailedScheduling")));
      Future<ControllerMetrics.Scrape> scrape = pool.submit(() -> scrapes.get(scrapeKey, k -> metrics.scrape(cluster, client), "the Karpenter controller's metrics scrape"));
      List<String> problems = new ArrayList<>();
      JsonNode poolList = await(pools);
      JsonNode claimList = orProblem(claims, "NodeClaims", problems);
      JsonNode podList = orProblem(pods, "pending pods", problems);
      JsonNode eventList = orProblem(events, "scheduling events", problems);
      ControllerMetrics.Scrape scraped = await(scrape);
      return assemble(poolList, claimList, podList, eventList, scraped, problems);
    }
  }

  private KarpenterOverview assemble(JsonNode poolList, JsonNode claimList, JsonNode podList, JsonNode eventList,
      ControllerMetrics.Scrape scraped, List<String> problems) {
    Map<String, List<NodeClaimSummary>> byPool = new LinkedHashMap<>();
    List<NodeClaimSummary> unpooled = new ArrayList<>();
    if (claimList != null) {
      for (JsonNode c : claimList.path("items")) {
        NodeClaimSummary s = NodeClaimSummary.of(c);
        if (s.nodePool().isEmpty()) {
          unpooled.add(s);
        } else {
          byPool.computeIfAbsent(s.nodePool(), k -> new ArrayList<>()).add(s);
        }
      }
    }
    PriceBook prices = new PriceBook(scraped.samples());
    String why = !scraped.available() ? scraped.reason()
        : prices.isEmpty() ? "the controller's metrics carry no " + PriceBook.METRIC + " (a provider without price estimates)" : null;
    List<NodePoolSummary> summaries = new ArrayList<>();
    for (JsonNode p : poolList.path("items")) {
      String name = p.path("metadata").path("name").asText();
      List<NodeClaimSummary> claims = byPool.getOrDefault(name, List.of()).stream()
          .sorted(Comparator.comparing(NodeClaimSummary::name)).toList();
      PoolCost cost = why != null ? PoolCost.unavailable(why) : PoolCost.of(claims, prices);
      try {
        summaries.add(NodePoolSummary.of(p, claims, claimList == null ? PoolCost.unavailable("NodeClaims could not be read") : cost));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    summaries.sort(Comparator.comparing(NodePoolSummary::name));
    boolean pendingAvailable = podList != null && eventList != null;
    List<PendingPod> pending = pendingAvailable ? PendingPods.join(podList, eventList, clock) : List.of();
    var m = new KarpenterOverview.Metrics(scraped.available(), scraped.source(), scraped.reason(),
        scraped.available() && !prices.isEmpty() ? PRICE_SOURCE : null, scraped.problems());
    return new KarpenterOverview(true, summaries, unpooled, pending, pendingAvailable, m, problems);
  }

  private JsonNode list(String cluster, KubernetesClient client, String path, Map<String, String> query) {
    return list(apiserver, cluster, client, path, query);
  }

  /** A Karpenter collection as JSON; an answer that is not JSON is the apiserver's failure. */
  static JsonNode list(Apiserver apiserver, String cluster, KubernetesClient client, String path, Map<String, String> query) {
    try {
      return JSON.readTree(apiserver.text(cluster, client, Apiserver.Call.get(path, query)));
    } catch (IOException e) {
      throw new KubernetesClientException("the apiserver answered " + path + " with something that is not JSON");
    }
  }

  /** The value, rethrowing what the call threw (so the error mapper sees the apiserver's own status). */
  private static <T> T await(Future<T> f) {
    return Futures.await(f, "reading Karpenter state");
  }

  private static JsonNode orProblem(Future<JsonNode> f, String what, List<String> problems) {
    try {
      return await(f);
    } catch (KubernetesClientException e) {
      problems.add(what + ": " + KubernetesErrors.message(e));
      return null;
    } catch (io.periscope.clusters.ClusterUnavailableException e) {
      problems.add(what + ": " + e.getMessage());
      return null;
    }
  }
}
