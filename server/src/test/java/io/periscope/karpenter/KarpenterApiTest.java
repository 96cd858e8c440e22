package io.periscope.karpenter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import io.periscope.testkit.TestEpoch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/clusters/{cluster}/karpenter} through a real server against the mock apiserver
 * serving the Karpenter v1 CRDs (NodePools, NodeClaims), pending pods with FailedScheduling events,
 * and the controller's {@code /metrics} behind the service proxy.
 */
@Tag(TestEpoch.TAG)
class KarpenterApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/karpenter";
  private static final String METRICS_PROXY = "/api/v1/namespaces/kube-system/services/karpenter:http-metrics/proxy/metrics";
  private static final String KARPENTER_NS_METRICS_PROXY = "/api/v1/namespaces/karpenter/services/karpenter:http-metrics/proxy/metrics";
  private static final Instant NOW = TestEpoch.instant();
  private static final MutableClock CLOCK = new MutableClock(NOW);
  private static PeriscopeHarness harness;
  private static TestBrowser alice;

  static ResourceDefinitionContext kind(String plural, String kind) {
    return new ResourceDefinitionContext.Builder().withGroup("karpenter.sh").withVersion("v1").withPlural(plural)
        .withKind(kind).withNamespaced(false).build();
  }

  static String resource(String path) {
    try (InputStream in = KarpenterApiTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Creates the CRDs, then every object of {@code karpenter/cluster.yaml} with its status (the status subresource drops it on create). */
  static void seedKarpenter(NamespacedKubernetesClient admin) {
    for (String crd : List.of("karpenter.sh_nodepools.yaml", "karpenter.sh_nodeclaims.yaml")) {
      admin.apiextensions().v1().customResourceDefinitions()
          .load(new java.io.ByteArrayInputStream(resource("/karpenter/crds/" + crd).getBytes(StandardCharsets.UTF_8))).create();
    }
    for (HasMetadata o : admin.load(new java.io.ByteArrayInputStream(resource("/karpenter/cluster.yaml").getBytes(StandardCharsets.UTF_8))).items()) {
      var g = (GenericKubernetesResource) o;
      var ctx = g.getKind().equals("NodePool") ? kind("nodepools", "NodePool") : kind("nodeclaims", "NodeClaim");
      Object status = g.getAdditionalProperties().get("status");
      GenericKubernetesResource created = admin.genericKubernetesResources(ctx).resource(g).create();
      if (status != null) {
        created.setAdditionalProperty("status", status);
        admin.genericKubernetesResources(ctx).resource(created).updateStatus();
      }
    }
  }

  /**
   * Answers a list selected by a field the CRUD mock cannot select on (it knows metadata fields
   * only), as an apiserver does: the objects the test created that match. The mock serves requests
   * one at a time, so the answer cannot come from asking the mock itself.
   */
  static void selectByField(PeriscopeHarness h, String path, String selector, List<? extends HasMetadata> created, Predicate<JsonNode> keep) {
    String prefix = path + "?fieldSelector=" + java.net.URLEncoder.encode(selector, StandardCharsets.UTF_8);
    h.apiserver.answer("GET", prefix, request -> {
      if (request.getPath().contains("watch=true")) {
        return null;
      }
      var list = JSON.createObjectNode().put("kind", path.endsWith("/pods") ? "PodList" : "EventList").put("apiVersion", "v1");
      list.putObject("metadata").put("resourceVersion", "1");
      var items = list.putArray("items");
      created.stream().map(o -> (JsonNode) JSON.valueToTree(o)).filter(keep).forEach(items::add);
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(list.toString());
    });
  }

  /** The apiserver's 403 with its RBAC message (quotes in {@code message} escaped for JSON). */
  static MockResponse forbidden(String message) {
    return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json").setBody(
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,\"message\":\"" + message + "\"}");
  }

  private static String message(String id) {
    for (String line : resource("/karpenter/failed-scheduling-messages.txt").split("\n")) {
      if (line.startsWith(id + "|")) {
        return line.substring(id.length() + 1);
      }
    }
    throw new IllegalArgumentException(id);
  }

  private static Pod pending(NamespacedKubernetesClient admin, String name, Instant since) {
    return admin.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("shop/app:1").endContainer().endSpec()
        .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
        .withMessage("0/3 nodes are available: 3 Insufficient cpu.").withLastTransitionTime(since.toString()).endCondition().endStatus()
        .build()).create();
  }

  private static io.fabric8.kubernetes.api.model.Event event(NamespacedKubernetesClient admin, Pod pod, String name, String component, String message, Instant at) {
    return admin.v1().events().inNamespace("shop").resource(new EventBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewInvolvedObject().withKind("Pod").withNamespace("shop").withName(pod.getMetadata().getName())
        .withUid(pod.getMetadata().getUid()).endInvolvedObject().withReason("FailedScheduling").withType("Warning")
        .withNewSource().withComponent(component).endSource().withMessage(message).withLastTimestamp(at.toString()).build()).create();
  }

  @BeforeAll
  static void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), CLOCK);
    harness.apiserver.serveDiscovery();
    var admin = harness.apiserver.client();
    seedKarpenter(admin);
    Pod big = pending(admin, "web-big", NOW.minusSeconds(120));
    Pod young = pending(admin, "just-created", NOW.minusSeconds(2));
    Pod running = admin.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("running").endMetadata()
        .withNewStatus().withPhase("Running").endStatus().build()).create();
    var events = List.of(
        event(admin, big, "web-big.1", "default-scheduler", "0/3 nodes are available: 3 Insufficient cpu.", NOW.minusSeconds(100)),
        event(admin, big, "web-big.2", "karpenter", message("three-pools-with-limits"), NOW.minusSeconds(90)),
        event(admin, big, "web-big.3", "karpenter", message("taint-and-label"), NOW.minusSeconds(30)));
    selectByField(harness, "/api/v1/pods", "status.phase=Pending", List.of(big, young, running),
        p -> p.path("status").path("phase").asText().equals("Pending"));
    selectByField(harness, "/api/v1/events", "reason=FailedScheduling", events, e -> e.path("reason").asText().equals("FailedScheduling"));
    String metrics = resource("/karpenter/controller-metrics.txt");
    // bob may proxy nowhere; gail only in the "karpenter" namespace, where her cluster's install serves the metrics
    harness.apiserver.answer("GET", METRICS_PROXY, request -> List.of("bob", "gail").contains(request.getHeader("Impersonate-User"))
        ? forbidden("services \\\"karpenter:http-metrics\\\" is forbidden: User \\\"" + request.getHeader("Impersonate-User")
            + "\\\" cannot get resource \\\"services/proxy\\\" in API group \\\"\\\" in the namespace \\\"kube-system\\\"")
        : new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").setBody(metrics));
    harness.apiserver.answer("GET", KARPENTER_NS_METRICS_PROXY, request -> "gail".equals(request.getHeader("Impersonate-User"))
        ? new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").setBody(metrics)
        : forbidden("services \\\"karpenter:http-metrics\\\" is forbidden: User \\\"" + request.getHeader("Impersonate-User")
            + "\\\" cannot get resource \\\"services/proxy\\\" in API group \\\"\\\" in the namespace \\\"karpenter\\\""));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static JsonNode overview(TestBrowser who) throws IOException {
    var r = who.get(PATH);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode pool(JsonNode overview, String name) {
    for (JsonNode p : overview.path("nodePools")) {
      if (p.path("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no pool " + name + " in " + overview);
  }

  private static JsonNode line(JsonNode pool, String resource) {
    for (JsonNode l : pool.path("usage")) {
      if (l.path("resource").asText().equals(resource)) {
        return l;
      }
    }
    throw new AssertionError("no " + resource + " line in " + pool);
  }

  @Test
  void poolsCarryLimitsAgainstTheSumOfTheirClaimsCapacity() throws IOException {
    JsonNode o = overview(alice);
    assertThat(o.path("served").asBoolean()).isTrue();
    assertThat(o.path("problems")).isEmpty();
    assertThat(o.path("nodePools")).extracting(p -> p.path("name").asText()).containsExactly("on-demand-critical", "spot-general");

    JsonNode spot = pool(o, "spot-general");
    assertThat(line(spot, "cpu").path("used").asText()).isEqualTo("5.92");
    assertThat(line(spot, "cpu").path("limit").asText()).isEqualTo("16");
    assertThat(line(spot, "cpu").path("fraction").asDouble()).isEqualTo(0.37);
    assertThat(line(spot, "memory").path("used").asText()).isEqualTo("15.7Gi"); // 7910Mi + 8Gi
    assertThat(line(spot, "memory").path("fraction").asDouble()).isEqualTo(0.2457);
    assertThat(line(spot, "nodes").path("used").asText()).isEqualTo("2");
    assertThat(line(spot, "nodes").path("limit").isNull()).isTrue();
    JsonNode critical = pool(o, "on-demand-critical");
    assertThat(line(critical, "cpu").path("fraction").asDouble()).isEqualTo(1.0);
    assertThat(line(critical, "memory").path("limit").isNull()).isTrue();
  }

  @Test
  void poolsCarryWeightDisruptionBudgetsRequirementsAndTheNodeClass() throws IOException {
    JsonNode critical = pool(overview(alice), "on-demand-critical");
    assertThat(critical.path("weight").asInt()).isEqualTo(50);
    assertThat(critical.path("nodeClass").toString()).isEqualTo("{\"group\":\"karpenter.k8s.aws\",\"kind\":\"EC2NodeClass\",\"name\":\"critical\"}");
    assertThat(critical.path("disruption").path("consolidationPolicy").asText()).isEqualTo("WhenEmpty");
    assertThat(critical.path("disruption").path("budgets")).hasSize(2);
    assertThat(critical.path("disruption").path("budgets").get(0).toString())
        .isEqualTo("{\"nodes\":\"0\",\"schedule\":\"0 9 * * mon-fri\",\"duration\":\"8h\",\"reasons\":[\"Drifted\"]}");
    assertThat(critical.path("taints").get(0).asText()).isEqualTo("dedicated=critical:NoSchedule");
    JsonNode spot = pool(overview(alice), "spot-general");
    assertThat(spot.path("requirements").get(1).toString())
        .isEqualTo("{\"key\":\"karpenter.k8s.aws/instance-category\",\"operator\":\"In\",\"values\":[\"c\",\"m\",\"r\"],\"minValues\":2}");
    assertThat(spot.path("ready").asText()).isEqualTo("True");
  }

  @Test
  void claimsAreGroupedByPoolWithTheirConditionsAsBadgesAndDriftMarksThePool() throws IOException {
    JsonNode o = overview(alice);
    JsonNode spot = pool(o, "spot-general");
    assertThat(spot.path("hasDrifted").asBoolean()).isTrue();
    assertThat(pool(o, "on-demand-critical").path("hasDrifted").asBoolean()).isFalse();
    assertThat(spot.path("nodeClaims")).extracting(c -> c.path("name").asText()).containsExactly("spot-general-a1b2c", "spot-general-d4e5f");
    JsonNode drifted = spot.path("nodeClaims").get(1);
    assertThat(drifted.path("instanceType").asText()).isEqualTo("c6g.xlarge");
    assertThat(drifted.path("capacityType").asText()).isEqualTo("spot");
    assertThat(drifted.path("zone").asText()).isEqualTo("us-east-1b");
    assertThat(drifted.path("nodeName").asText()).isEqualTo("ip-10-0-2-41.ec2.internal");
    assertThat(drifted.path("createdAt").asText()).isNotEmpty();
    assertThat(drifted.path("conditions")).extracting(b -> b.path("type").asText() + "=" + b.path("status").asText(null))
        .containsExactly("Launched=True", "Registered=True", "Initialized=True", "Drifted=True", "Empty=null", "Consolidatable=null");
    assertThat(drifted.path("conditions").get(3).path("reason").asText()).isEqualTo("NodeClassDrifted");
    JsonNode notInitialized = pool(o, "on-demand-critical").path("nodeClaims").get(0);
    assertThat(notInitialized.path("conditions").get(2).path("status").asText()).isEqualTo("False");
    assertThat(notInitialized.path("conditions").get(2).path("message").asText()).isEqualTo("Resources [nvidia.com/gpu] not registered");
  }

  @Test
  void costAndSpotSavingsComeFromTheControllersPriceEstimatesScrapedAsThePerson() throws Exception {
    TestBrowser carl = harness.browser();
    carl.login("carl", List.of("devs"));
    harness.apiserver.drainRequests();
    JsonNode o = overview(carl);
    assertThat(o.path("metrics").path("available").asBoolean()).isTrue();
    assertThat(o.path("metrics").path("source").asText()).isEqualTo("kube-system/karpenter:http-metrics");
    assertThat(o.path("metrics").path("priceSource").asText()).contains(PriceBook.METRIC);
    JsonNode spot = pool(o, "spot-general").path("cost");
    assertThat(spot.path("hourly").asDouble()).isEqualTo(0.0915); // 0.0353 + 0.0562
    assertThat(spot.path("spotSavingsHourly").asDouble()).isEqualTo(0.1405); // (0.096 - 0.0353) + (0.136 - 0.0562)
    JsonNode critical = pool(o, "on-demand-critical").path("cost");
    assertThat(critical.path("hourly").asDouble()).isEqualTo(0.384);
    assertThat(critical.path("spotSavingsHourly").asDouble()).isEqualTo(0.0);

    List<RecordedRequest> scrapes = harness.apiserver.drainRequests().stream().filter(r -> r.getPath().startsWith(METRICS_PROXY)).toList();
    assertThat(scrapes).singleElement().satisfies(r -> {
      assertThat(r.getHeader("Impersonate-User")).isEqualTo("carl");
      assertThat(r.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
    });
  }

  @Test
  void oneScrapePerPersonServesForAMinuteAndIsNeverSharedWithSomeoneElse() throws Exception {
    TestBrowser dana = harness.browser();
    dana.login("dana", List.of("devs"));
    TestBrowser erin = harness.browser();
    erin.login("erin", List.of("devs"));
    harness.apiserver.drainRequests();
    overview(dana);
    overview(dana);
    overview(erin);
    assertThat(harness.apiserver.drainRequests().stream().filter(r -> r.getPath().startsWith(METRICS_PROXY)))
        .extracting(r -> r.getHeader("Impersonate-User")).containsExactly("dana", "erin");
    CLOCK.advance(Karpenter.SCRAPE_TTL.plusSeconds(1));
    try {
      overview(dana);
      assertThat(harness.apiserver.drainRequests().stream().filter(r -> r.getPath().startsWith(METRICS_PROXY)))
          .extracting(r -> r.getHeader("Impersonate-User")).containsExactly("dana");
    } finally {
      CLOCK.advance(Karpenter.SCRAPE_TTL.plusSeconds(1).negated()); // the other tests' pods are timed from NOW
    }
  }

  @Test
  void everyReadIsMadeAsThePerson() throws Exception {
    TestBrowser fay = harness.browser(); // a person of her own, so the metrics scrape is not served from another test's
    fay.login("fay", List.of("devs"));
    harness.apiserver.drainRequests();
    overview(fay);
    List<RecordedRequest> reads = harness.apiserver.drainRequests().stream()
        .filter(r -> r.getPath().startsWith("/apis/karpenter.sh/") || r.getPath().startsWith("/api/v1/pods")
            || r.getPath().startsWith("/api/v1/events") || r.getPath().startsWith(METRICS_PROXY)).toList();
    assertThat(reads).extracting(r -> r.getPath().split("\\?")[0]).contains("/apis/karpenter.sh/v1/nodepools",
        "/apis/karpenter.sh/v1/nodeclaims", "/api/v1/pods", "/api/v1/events", METRICS_PROXY);
    assertThat(reads).allSatisfy(r -> assertThat(r.getHeader("Impersonate-User")).isEqualTo("fay"));
  }

  @Test
  void aPendingPodCarriesKarpentersLatestVerdictPerPool() throws IOException {
    JsonNode o = overview(alice);
    assertThat(o.path("pendingAvailable").asBoolean()).isTrue();
    assertThat(o.path("pendingPods")).extracting(p -> p.path("name").asText()).containsExactly("web-big"); // just-created is in its grace period
    JsonNode pod = o.path("pendingPods").get(0);
    assertThat(pod.path("schedulerMessage").asText()).isEqualTo("0/3 nodes are available: 3 Insufficient cpu.");
    assertThat(pod.path("karpenterMessage").asText()).isEqualTo(message("taint-and-label")); // the later of Karpenter's two
    assertThat(pod.path("verdicts")).extracting(v -> v.path("nodePool").asText() + ":" + v.path("reason").asText())
        .containsExactly("gpu:TAINT_NOT_TOLERATED", "app:INCOMPATIBLE_REQUIREMENTS");
    assertThat(Instant.parse(pod.path("unschedulableSince").asText())).isEqualTo(NOW.minusSeconds(120));
  }

  @Test
  void aPersonWhoMayNotReadTheMetricsSeesTheFiguresAsUnavailableNotAFailure() throws IOException {
    TestBrowser bob = harness.browser();
    bob.login("bob", List.of("devs"));
    JsonNode o = overview(bob);
    assertThat(o.path("metrics").path("available").asBoolean()).isFalse();
    assertThat(o.path("metrics").path("reason").asText()).contains("may not read").contains("services/proxy");
    assertThat(o.path("metrics").path("problems")).as("a refusal is the reason, not unreadable metrics lines").isEmpty();
    JsonNode cost = pool(o, "spot-general").path("cost");
    assertThat(cost.path("hourly").isNull()).isTrue();
    assertThat(cost.path("spotSavingsHourly").isNull()).isTrue();
    assertThat(cost.path("notes").get(0).asText()).contains("may not read");
    assertThat(o.path("nodePools")).hasSize(2);
    assertThat(o.path("problems")).isEmpty();
  }

  @Test
  void aRefusalInOneNamespaceDoesNotHideTheMetricsTheNextOneServesToThePerson() throws Exception {
    TestBrowser gail = harness.browser();
    gail.login("gail", List.of("devs"));
    harness.apiserver.drainRequests();
    JsonNode o = overview(gail);
    assertThat(o.path("metrics").path("available").asBoolean()).as(o.toString()).isTrue();
    assertThat(o.path("metrics").path("source").asText()).isEqualTo("karpenter/karpenter:http-metrics");
    assertThat(o.path("metrics").path("problems")).isEmpty();
    assertThat(pool(o, "spot-general").path("cost").path("hourly").asDouble()).isEqualTo(0.0915);
    assertThat(harness.apiserver.drainRequests().stream().filter(r -> r.getPath().contains("/proxy/metrics")))
        .extracting(r -> r.getPath() + " as " + r.getHeader("Impersonate-User"))
        .containsExactly(METRICS_PROXY + " as gail", KARPENTER_NS_METRICS_PROXY + " as gail");
  }
}
