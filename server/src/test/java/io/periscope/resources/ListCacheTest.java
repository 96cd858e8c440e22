package io.periscope.resources;

import static io.periscope.resources.ResourceFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The opt-in list cache through a real server against the mock apiserver: pages as the apiserver
 * would list them, selectors evaluated as the apiserver does, the server's informer free of any
 * person's identity, each person's list allowed by an impersonated access review first, and
 * everything the cache cannot answer exactly left to the apiserver.
 */
class ListCacheTest {
  private static final String PODS = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/resources/core/v1/pods";
  private static final String SSAR = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
  /** Who may list pods where ("" = every namespace), as the mock's access reviews answer. */
  private static final Map<String, Set<String>> MAY_LIST = Map.of("alice", Set.of("", "shop"), "bob", Set.of("shop"));
  private static final List<String> REVIEWED = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final List<RecordedRequest> POD_CALLS = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static PeriscopeHarness harness;
  private static TestBrowser alice;
  private static TestBrowser bob;
  private static TestBrowser carol;

  @BeforeAll
  static void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw", "listCache.enabled", "true"));
    harness.apiserver.serveDiscovery();
    harness.apiserver.expect().post().withPath(SSAR).andReply(201, ListCacheTest::review).always();
    harness.apiserver.answer("GET", "/api/v1/pods", request -> {
      POD_CALLS.add(request);
      return null; // recorded, then answered by the CRUD apiserver
    });
    var admin = harness.apiserver.client();
    for (String ns : List.of("shop", "shop-2", "tools")) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    pod("shop", "web-2", Map.of("app", "web", "tier", "front"));
    pod("shop", "web-1", Map.of("app", "web", "tier", "front"));
    pod("shop", "db-1", Map.of("app", "db"));
    pod("shop", "batch-1", Map.of());
    pod("shop-2", "web-1", Map.of("app", "web"));
    pod("tools", "debug", Map.of("app", "debug"));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
    bob = harness.browser();
    bob.login("bob", List.of("devs"));
    carol = harness.browser();
    carol.login("carol", List.of("devs"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static void pod(String namespace, String name, Map<String, String> labels) {
    harness.apiserver.client().pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name)
        .withLabels(labels).endMetadata().withNewSpec().withNodeName("node-a").endSpec().build()).create();
  }

  private static Object review(RecordedRequest request) {
    SelfSubjectAccessReview r = Serialization.unmarshal(request.getUtf8Body(), SelfSubjectAccessReview.class);
    var attrs = r.getSpec().getResourceAttributes();
    String who = request.getHeader("Impersonate-User");
    REVIEWED.add(who + " " + attrs.getVerb() + " " + attrs.getResource() + " in '" + attrs.getNamespace() + "'");
    boolean allowed = "list".equals(attrs.getVerb()) && "pods".equals(attrs.getResource())
        && MAY_LIST.getOrDefault(who, Set.of()).contains(attrs.getNamespace() == null ? "" : attrs.getNamespace());
    r.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(allowed).withReason(allowed ? "RBAC: allowed" : "").build());
    return r;
  }

  /** The list as served once the cache answers it (the first lists go to the apiserver while it syncs). */
  private static HttpResponse<String> fromCache(TestBrowser who, String query) {
    var answer = new java.util.concurrent.atomic.AtomicReference<HttpResponse<String>>();
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
      answer.set(who.get(PODS + query));
      return "cache".equals(answer.get().headers().firstValue("X-Periscope-List-Source").orElse(""));
    });
    return answer.get();
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.get("items").forEach(i -> out.add(i.path("metadata").path("namespace").asText() + "/" + i.path("metadata").path("name").asText()));
    return out;
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void servesTheListAsTheApiserverWouldInKeyOrderWithoutManagedFields() {
    // etcd's key order, "/registry/pods/<namespace>/<name>": '-' sorts before '/', so shop-2's pods come before shop's.
    HttpResponse<String> r = fromCache(alice, "");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Periscope-List-Format")).contains("list");
    JsonNode list = json(r.body());
    assertThat(list.get("kind").asText()).isEqualTo("PodList");
    assertThat(list.get("apiVersion").asText()).isEqualTo("v1");
    assertThat(list.path("metadata").path("resourceVersion").asText()).isNotEmpty();
    assertThat(names(list)).containsExactly("shop-2/web-1", "shop/batch-1", "shop/db-1", "shop/web-1", "shop/web-2", "tools/debug");
    list.get("items").forEach(i -> {
      assertThat(i.path("metadata").has("managedFields")).isFalse();
      assertThat(i.path("spec").path("nodeName").asText()).isEqualTo("node-a");
    });
    // The same objects the apiserver lists.
    var direct = harness.apiserver.client().pods().inAnyNamespace().list().getItems();
    assertThat(direct).hasSize(6);
  }

  @Test
  void pagesWithOurOwnContinueTokenAndCountsWhatRemains() {
    fromCache(alice, "?namespace=shop");
    JsonNode first = json(alice.get(PODS + "?namespace=shop&limit=3").body());
    assertThat(names(first)).containsExactly("shop/batch-1", "shop/db-1", "shop/web-1");
    String token = first.path("metadata").path("continue").asText();
    assertThat(token).startsWith("periscope-cache.");
    assertThat(first.path("metadata").path("remainingItemCount").asLong()).isEqualTo(1);

    JsonNode second = json(alice.get(PODS + "?namespace=shop&limit=3&continue=" + q(token)).body());
    assertThat(names(second)).containsExactly("shop/web-2");
    assertThat(second.path("metadata").has("continue")).isFalse();
  }

  @Test
  void evaluatesLabelSelectorsAsTheApiserverDoes() {
    // Expected from the Kubernetes label-selector rules (the CRUD mock itself ignores set-based terms, so it is no oracle here).
    fromCache(alice, "");
    Map<String, List<String>> expected = Map.of(
        "app=web", List.of("shop-2/web-1", "shop/web-1", "shop/web-2"),
        "app in (db,debug)", List.of("shop/db-1", "tools/debug"),
        "app!=web", List.of("shop/batch-1", "shop/db-1", "tools/debug"),
        "app notin (web),tier!=back", List.of("shop/batch-1", "shop/db-1", "tools/debug"),
        "!app", List.of("shop/batch-1"),
        "tier", List.of("shop/web-1", "shop/web-2"),
        "app==web,tier=front", List.of("shop/web-1", "shop/web-2"));
    expected.forEach((selector, names) -> {
      HttpResponse<String> r = alice.get(PODS + "?labelSelector=" + q(selector));
      assertThat(r.headers().firstValue("X-Periscope-List-Source")).as(selector).contains("cache");
      assertThat(names(json(r.body()))).as(selector).containsExactlyElementsOf(names);
    });
  }

  @Test
  void theInformerRunsAsTheServerAndEachListIsReviewedAsThePerson() throws Exception {
    fromCache(alice, "");
    harness.apiserver.drainRequests();
    REVIEWED.clear();

    // A second person: the review is theirs, and only then does the cache answer.
    HttpResponse<String> r = bob.get(PODS + "?namespace=shop");

    assertThat(r.headers().firstValue("X-Periscope-List-Source")).contains("cache");
    assertThat(REVIEWED).containsExactly("bob list pods in 'shop'");
    List<RecordedRequest> calls = harness.apiserver.drainRequests().stream()
        .filter(c -> c.getPath().startsWith(SSAR) || c.getPath().contains("/pods")).toList();
    assertThat(calls).extracting(RecordedRequest::getPath).containsExactly(SSAR);
    assertThat(calls.getFirst().getHeaders().headers("Impersonate-User")).containsExactly("bob");
    assertThat(calls.getFirst().getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
    // The informer's own list (in pages of 500) and watch: as the server, with no person's identity.
    List<RecordedRequest> informer = POD_CALLS.stream().filter(c -> c.getPath().contains("limit=500") || c.getPath().contains("watch=true")).toList();
    assertThat(informer).extracting(c -> c.getPath().contains("watch=true")).contains(true, false);
    assertThat(informer).allSatisfy(c -> {
      assertThat(c.getHeader("Impersonate-User")).isNull();
      assertThat(c.getHeader("Impersonate-Group")).isNull();
    });
  }

  @Test
  void aPersonTheReviewDoesNotAllowGetsTheApiserversOwnAnswer() throws Exception {
    fromCache(alice, "");
    harness.apiserver.drainRequests();

    HttpResponse<String> r = bob.get(PODS); // bob may list pods only in shop

    assertThat(r.headers().firstValue("X-Periscope-List-Source")).contains("apiserver");
    List<RecordedRequest> lists = harness.apiserver.drainRequests().stream().filter(c -> c.getPath().startsWith("/api/v1/pods")).toList();
    assertThat(lists).hasSize(1);
    assertThat(lists.getFirst().getHeaders().headers("Impersonate-User")).containsExactly("bob");
    // A cache token cannot be carried over by someone the review does not allow: the list starts over.
    String token = json(fromCache(alice, "?limit=1").body()).path("metadata").path("continue").asText();
    HttpResponse<String> stolen = carol.get(PODS + "?limit=1&continue=" + q(token));
    assertThat(stolen.statusCode()).isEqualTo(410);
    assertThat(json(stolen.body()).get("code").asText()).isEqualTo("continue_expired");
  }

  @Test
  void whatTheCacheCannotAnswerExactlyGoesToTheApiserver() {
    fromCache(alice, "");
    HttpResponse<String> byField = alice.get(PODS + "?fieldSelector=" + q("spec.nodeName=node-a"));
    assertThat(byField.headers().firstValue("X-Periscope-List-Source")).contains("apiserver");
    HttpResponse<String> configMaps = alice.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/resources/core/v1/configmaps");
    assertThat(configMaps.headers().firstValue("X-Periscope-List-Source")).contains("apiserver");
    HttpResponse<String> badToken = alice.get(PODS + "?namespace=shop&continue=" + q("periscope-cache." + java.util.Base64.getUrlEncoder()
        .encodeToString("tools/debug".getBytes(StandardCharsets.UTF_8))));
    assertThat(badToken.statusCode()).isEqualTo(400);
  }

  @Test
  void followsChangesMadeAfterItsFirstList() {
    String debug = PODS + "?labelSelector=" + q("app=debug");
    fromCache(alice, debug.substring(PODS.length()));
    pod("tools", "added-later", Map.of("app", "debug"));
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> names(json(alice.get(debug).body())).contains("tools/added-later"));
    harness.apiserver.client().pods().inNamespace("tools").withName("added-later").delete();
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> !names(json(alice.get(debug).body())).contains("tools/added-later"));
    HttpResponse<String> r = alice.get(debug);
    assertThat(r.headers().firstValue("X-Periscope-List-Source")).contains("cache");
    assertThat(names(json(r.body()))).containsExactly("tools/debug");
  }

  @Test
  void theFleetCountsPodsFromTheCacheForWhoMayListThemEverywhere() throws Exception {
    fromCache(alice, "");
    int pods = harness.apiserver.client().pods().inAnyNamespace().list().getItems().size();
    harness.apiserver.drainRequests();
    String health = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/health";

    JsonNode line = json(alice.get(health).body());

    assertThat(line.get("pods").asInt()).isEqualTo(pods);
    assertThat(line.get("failingPods").asInt()).isZero();
    List<RecordedRequest> asked = harness.apiserver.drainRequests();
    assertThat(asked).extracting(RecordedRequest::getPath).contains("/api/v1/nodes?resourceVersion=0")
        .noneMatch(path -> path.startsWith("/api/v1/pods"));
    // bob may list pods in shop only: his count is the apiserver's answer to him.
    JsonNode bobs = json(bob.get(health).body());
    assertThat(bobs.get("pods").asInt()).isEqualTo(pods);
    assertThat(harness.apiserver.drainRequests().stream().filter(c -> c.getPath().startsWith("/api/v1/pods")).toList())
        .singleElement().satisfies(c -> {
          assertThat(c.getPath()).isEqualTo("/api/v1/pods?resourceVersion=0");
          assertThat(c.getHeaders().headers("Impersonate-User")).containsExactly("bob");
        });
  }

  @Test
  void theFleetNeverStartsFollowingAClusterByItself() throws Exception {
    try (var fresh = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw", "listCache.enabled", "true"))) {
      fresh.apiserver.serveDiscovery();
      fresh.apiserver.expect().post().withPath(SSAR).andReply(201, ListCacheTest::review).always();
      TestBrowser someone = fresh.browser();
      someone.login("alice", List.of("devs"));
      fresh.apiserver.drainRequests();

      HttpResponse<String> line = someone.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/health");

      assertThat(line.statusCode()).isEqualTo(200);
      List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
      asked.addAll(fresh.apiserver.drainRequests().stream().map(RecordedRequest::getPath).toList());
      assertThat(asked).contains("/api/v1/pods?resourceVersion=0");
      // Nobody listed pods there, so no informer (its pages of 500, its watch) may start: watched for a while, since it would start in the background.
      Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
        asked.addAll(fresh.apiserver.drainRequests().stream().map(RecordedRequest::getPath).toList());
        return asked.stream().noneMatch(path -> path.startsWith("/api/v1/pods?") && (path.contains("limit=500") || path.contains("watch=true")));
      });
    }
  }

  @Test
  void itsSizeAndUseAreMetrics() {
    fromCache(alice, "");
    String scrape = harness.browser().get("/metrics").body();
    assertThat(scrape).containsPattern("periscope_list_cache_objects(\\{[^}]*\\})? [6-9]\\.0");
    assertThat(scrape).containsPattern("periscope_list_cache_bytes(\\{[^}]*\\})? [1-9][0-9]{2,}\\.0");
    assertThat(scrape).containsPattern("periscope_list_cache_served_total(\\{[^}]*\\})? [1-9][0-9]*\\.0");
  }

  @Test
  void aBrowserThatTakesGzipGetsThePageCompressed() throws Exception {
    fromCache(alice, "");
    var request = java.net.http.HttpRequest.newBuilder(harness.url(PODS + "?namespace=shop")).header("Accept-Encoding", "gzip")
        .header("Cookie", alice.cookieHeader()).build();
    HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
    byte[] plain = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body())).readAllBytes();
    assertThat(names(json(new String(plain, StandardCharsets.UTF_8)))).containsExactly("shop/batch-1", "shop/db-1", "shop/web-1", "shop/web-2");
  }
}
