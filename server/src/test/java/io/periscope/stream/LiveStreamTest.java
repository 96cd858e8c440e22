package io.periscope.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.SseEvents;
import io.periscope.testkit.TestBrowser;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SSE live updates against the CRUD mock's real watches (410 Gone is scripted: the mock never expires versions). */
class LiveStreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);
  private PeriscopeHarness harness;
  private TestBrowser alice;

  @BeforeEach
  void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw", "streams.heartbeatInterval", "200ms",
        "streams.maxPerUser", "2"));
    harness.apiserver.serveDiscovery();
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static String subs(String json) {
    return "/api/stream?subscriptions=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
  }

  private static final String CMS = "[{\"id\":\"cms\",\"cluster\":\"test\",\"group\":\"core\",\"version\":\"v1\",\"plural\":\"configmaps\",\"namespace\":\"shop\"}]";

  private SseEvents open(String path, Map<String, String> headers) {
    var h = new java.util.HashMap<>(headers);
    h.put("Accept", "text/event-stream");
    return new SseEvents(alice.stream(path, h));
  }

  private static JsonNode data(SseEvents.Event e) throws Exception {
    return JSON.readTree(e.data());
  }

  private static boolean change(SseEvents.Event e, String type, String name) {
    if (!e.event().equals("change")) {
      return false;
    }
    try {
      JsonNode d = data(e).get("data");
      return d.get("type").asText().equals(type) && d.get("object").get("metadata").get("name").asText().equals(name);
    } catch (Exception ex) {
      return false;
    }
  }

  @Test
  void smallAndLargeObjectsArriveWhole() throws Exception {
    // The stream copies a small event into its buffer and writes a large one's shared bytes straight out.
    try (SseEvents sse = open(subs(CMS), Map.of())) {
      sse.next(e -> e.event().equals("ready"), WAIT);
      var cms = harness.apiserver.client().configMaps().inNamespace("shop");
      String large = "y".repeat(64 * 1024) + "é";
      cms.resource(new ConfigMapBuilder().withNewMetadata().withName("small").endMetadata().addToData("v", "é").build()).create();
      cms.resource(new ConfigMapBuilder().withNewMetadata().withName("large").endMetadata().addToData("v", large).build()).create();
      cms.resource(new ConfigMapBuilder().withNewMetadata().withName("after").endMetadata().addToData("v", "1").build()).create();

      assertThat(data(sse.next(e -> change(e, "ADDED", "small"), WAIT)).at("/data/object/data/v").asText()).isEqualTo("é");
      assertThat(data(sse.next(e -> change(e, "ADDED", "large"), WAIT)).at("/data/object/data/v").asText()).isEqualTo(large);
      SseEvents.Event after = sse.next(e -> change(e, "ADDED", "after"), WAIT);
      assertThat(data(after).get("subscription").asText()).isEqualTo("cms");
    }
  }

  @Test
  void deliversCreateUpdateDeleteAsThePersonWithHeartbeats() throws Exception {
    try (SseEvents sse = open(subs(CMS), Map.of())) {
      assertThat(sse.status()).isEqualTo(200);
      sse.next(e -> e.event().equals("ready"), WAIT);
      var cms = harness.apiserver.client().configMaps().inNamespace("shop");

      cms.resource(new ConfigMapBuilder().withNewMetadata().withName("live").endMetadata().addToData("v", "1").build()).create();
      SseEvents.Event added = sse.next(e -> change(e, "ADDED", "live"), WAIT);
      cms.withName("live").edit(c -> new ConfigMapBuilder(c).addToData("v", "2").build());
      sse.next(e -> change(e, "MODIFIED", "live"), WAIT);
      cms.withName("live").delete();
      sse.next(e -> change(e, "DELETED", "live"), WAIT);

      assertThat(added.id()).startsWith("cms=");
      assertThat(data(added).get("subscription").asText()).isEqualTo("cms");
      await().atMost(WAIT).until(() -> sse.comments() >= 3);
      List<RecordedRequest> watches = harness.apiserver.drainRequests().stream().filter(r -> r.getPath().contains("watch=true")).toList();
      assertThat(watches).isNotEmpty().allSatisfy(r -> {
        assertThat(r.getPath()).startsWith("/api/v1/namespaces/shop/configmaps?");
        assertThat(r.getHeaders().headers("Impersonate-User")).containsExactly("alice");
        assertThat(r.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
      });
    }
  }

  @Test
  void aFieldSelectorReachesTheWatchAndIsPartOfWhatMakesTwoWatchesTheSame() throws Exception {
    // The pods of one node are watched with spec.nodeName=…; the mock evaluates metadata fields, so name one here.
    String byName = "[{\"id\":\"one\",\"cluster\":\"test\",\"group\":\"core\",\"version\":\"v1\",\"plural\":\"configmaps\","
        + "\"namespace\":\"shop\",\"fieldSelector\":\"metadata.name=picked\"}]";
    harness.apiserver.drainRequests();
    try (SseEvents one = open(subs(byName), Map.of()); SseEvents all = open(subs(CMS), Map.of())) {
      one.next(e -> e.event().equals("ready"), WAIT);
      all.next(e -> e.event().equals("ready"), WAIT);
      assertThat(harness.app.liveStreams().watches()).as("a field selector makes a different watch").isEqualTo(2);
      var cms = harness.apiserver.client().configMaps().inNamespace("shop");
      cms.resource(new ConfigMapBuilder().withNewMetadata().withName("other").endMetadata().build()).create();
      cms.resource(new ConfigMapBuilder().withNewMetadata().withName("picked").endMetadata().build()).create();

      all.next(e -> change(e, "ADDED", "other"), WAIT);
      SseEvents.Event picked = one.next(e -> e.event().equals("change"), WAIT);
      assertThat(data(picked).at("/data/object/metadata/name").asText()).as("the first change the filtered tab sees").isEqualTo("picked");
      List<String> watches = harness.apiserver.drainRequests().stream().map(RecordedRequest::getPath).filter(p -> p.contains("watch=true")).toList();
      assertThat(watches).hasSize(2).filteredOn(p -> p.contains("fieldSelector=metadata.name%3Dpicked")).hasSize(1);
    }
    assertThat(alice.send("GET", subs(byName.replace("metadata.name=picked", "metadata.name=!!")), null, Map.of("Accept", "text/event-stream"))
        .statusCode()).as("a malformed field selector").isEqualTo(400);
  }

  @Test
  void tabsOfOnePersonShareOneApiserverWatchAndTheLastToLeaveClosesIt() throws Exception {
    harness.apiserver.drainRequests();
    try (SseEvents first = open(subs(CMS), Map.of()); SseEvents second = open(subs(CMS), Map.of())) {
      first.next(e -> e.event().equals("ready"), WAIT);
      second.next(e -> e.event().equals("ready"), WAIT);
      assertThat(harness.app.liveStreams().watches()).isEqualTo(1);

      harness.apiserver.client().configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("both")
          .endMetadata().build()).create();

      first.next(e -> change(e, "ADDED", "both"), WAIT);
      second.next(e -> change(e, "ADDED", "both"), WAIT);
      assertThat(harness.apiserver.drainRequests().stream().filter(r -> r.getPath().contains("watch=true"))).hasSize(1);
      first.close();
      harness.apiserver.client().configMaps().inNamespace("shop").withName("both").edit(c -> new ConfigMapBuilder(c).addToData("k", "v").build());
      second.next(e -> change(e, "MODIFIED", "both"), WAIT);
    }
    await().atMost(WAIT).until(() -> harness.app.liveStreams().watches() == 0);
  }

  @Test
  void aTabJoiningARunningWatchWithItsOwnVersionIsCheckedByTheApiserverFirst() throws Exception {
    try (SseEvents first = open(subs(CMS), Map.of())) {
      first.next(e -> e.event().equals("ready"), WAIT);
      // alice loses read access to the namespace's ConfigMaps after her first tab's watch opened
      harness.apiserver.answer("GET", "/api/v1/namespaces/shop/configmaps?limit=1", r ->
          r.getHeaders().headers("Impersonate-User").contains("alice")
              ? io.periscope.testkit.MockApiServer.forbidden("configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\"")
              : null);
      harness.apiserver.drainRequests();

      try (SseEvents resumed = open(subs(CMS), Map.of("Last-Event-ID", "cms=1"))) {
        SseEvents.Event error = resumed.next(e -> e.event().equals("error"), WAIT);

        assertThat(data(error).get("data").get("status").asInt()).isEqualTo(403);
        assertThat(data(error).get("data").get("message").asText()).contains("cannot list resource");
        assertThat(harness.app.liveStreams().watches()).isEqualTo(1);
        harness.apiserver.client().configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata()
            .withName("after-revocation").endMetadata().build()).create();
        first.next(e -> change(e, "ADDED", "after-revocation"), WAIT);
        // the shared watch delivered it to the first tab; the refused tab must not get it
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> resumed.next(e -> change(e, "ADDED", "after-revocation"), Duration.ofSeconds(1)))
            .isInstanceOf(AssertionError.class).hasMessageContaining("no matching event");
      }
    }
  }

  @Test
  void differentPeopleNeverShareAWatch() throws Exception {
    TestBrowser bob = harness.browser();
    bob.login("bob", List.of("ops"));
    harness.apiserver.drainRequests();
    var h = Map.of("Accept", "text/event-stream");
    try (SseEvents a = open(subs(CMS), Map.of()); SseEvents b = new SseEvents(bob.stream(subs(CMS), h))) {
      a.next(e -> e.event().equals("ready"), WAIT);
      b.next(e -> e.event().equals("ready"), WAIT);

      List<RecordedRequest> watches = harness.apiserver.drainRequests().stream().filter(r -> r.getPath().contains("watch=true")).toList();

      assertThat(harness.app.liveStreams().watches()).isEqualTo(2);
      assertThat(watches).extracting(r -> r.getHeaders().headers("Impersonate-User")).containsExactlyInAnyOrder(List.of("alice"), List.of("bob"));
    }
  }

  @Test
  void resumesFromLastEventId() throws Exception {
    harness.apiserver.drainRequests();

    try (SseEvents sse = open(subs(CMS), Map.of("Last-Event-ID", "cms=4242"))) {
      SseEvents.Event ready = sse.next(e -> e.event().equals("ready"), WAIT);

      assertThat(data(ready).get("data").get("resourceVersion").asText()).isEqualTo("4242");
      assertThat(harness.apiserver.drainRequests()).anySatisfy(r ->
          assertThat(r.getPath()).contains("watch=true").contains("resourceVersion=4242"));
    }
  }

  @Test
  void relistsAndResyncsOn410Gone() throws Exception {
    harness.apiserver.drainRequests();
    try (SseEvents probe = open(subs(CMS.replace("\"namespace\":\"shop\"", "\"namespace\":\"shop\",\"resourceVersion\":\"7\"")), Map.of())) {
      probe.next(e -> e.event().equals("ready"), WAIT);
    }
    String watchPath = harness.apiserver.drainRequests().stream().map(RecordedRequest::getPath)
        .filter(p -> p.contains("watch=true")).findFirst().orElseThrow().replace("resourceVersion=7", "resourceVersion=1");
    var gone = new StatusBuilder().withStatus("Failure").withCode(410).withReason("Expired")
        .withMessage("too old resource version: 1 (5000)").build();
    harness.apiserver.expect().get().withPath(watchPath).andReturn(410, gone).once();

    try (SseEvents sse = open(subs(CMS.replace("\"namespace\":\"shop\"", "\"namespace\":\"shop\",\"resourceVersion\":\"1\"")), Map.of())) {
      SseEvents.Event resync = sse.next(e -> e.event().equals("resync"), WAIT);
      assertThat(data(resync).get("data").get("reason").asText()).contains("410");
      harness.apiserver.client().configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("after-gone")
          .endMetadata().build()).create();

      sse.next(e -> change(e, "ADDED", "after-gone"), WAIT);
    }
  }

  /**
   * The watch path the server sends for {@link #CMS} from {@code rv} (learned from a real
   * subscription). Use a version below 7: the probe's watch may still be open, and a newer
   * subscription would join it instead of making the scripted request.
   */
  private String watchPathFrom(String rv) throws Exception {
    harness.apiserver.drainRequests();
    try (SseEvents probe = open(subs(CMS.replace("\"namespace\":\"shop\"", "\"namespace\":\"shop\",\"resourceVersion\":\"7\"")), Map.of())) {
      probe.next(e -> e.event().equals("ready"), WAIT);
    }
    return harness.apiserver.drainRequests().stream().map(RecordedRequest::getPath)
        .filter(p -> p.contains("watch=true")).findFirst().orElseThrow().replace("resourceVersion=7", "resourceVersion=" + rv);
  }

  private static io.fabric8.kubernetes.api.model.WatchEvent added(String name, String rv) {
    return new io.fabric8.kubernetes.api.model.WatchEvent(new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("shop")
        .withResourceVersion(rv).endMetadata().addToData("v", "1").build(), "ADDED");
  }

  private SseEvents openFrom(String rv) {
    return open(subs(CMS.replace("\"namespace\":\"shop\"", "\"namespace\":\"shop\",\"resourceVersion\":\"" + rv + "\"")), Map.of());
  }

  @Test
  void aWatchTheApiserverEndsIsReopenedFromTheLastVersionItSaw() throws Exception {
    String first = watchPathFrom("0");
    // The scripted watch sends one event and closes, as an apiserver does at its watch time-out.
    // (From version 0: the CRUD mock numbers the objects created below from 1, and a subscription
    // skips what is not newer than its own version.)
    harness.apiserver.expect().get().withPath(first).andUpgradeToWebSocket().open()
        .immediately().andEmit(added("early", "41")).done().once();
    List<String> watchPaths = new java.util.concurrent.CopyOnWriteArrayList<>();

    try (SseEvents sse = openFrom("0")) {
      sse.next(e -> change(e, "ADDED", "early"), WAIT);
      await().atMost(WAIT).until(() -> {
        harness.apiserver.drainRequests().stream().map(RecordedRequest::getPath).filter(p -> p.contains("watch=true")).forEach(watchPaths::add);
        return watchPaths.stream().anyMatch(p -> p.contains("resourceVersion=41"));
      });
      harness.apiserver.client().configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata()
          .withName("after-reopen").endMetadata().build()).create();

      sse.next(e -> change(e, "ADDED", "after-reopen"), WAIT);
    }
    // It resumed from the event it saw; it did not start over from the subscription's version.
    assertThat(watchPaths).filteredOn(p -> p.contains("resourceVersion=0")).hasSize(1);
  }

  @Test
  void aReopenedWatchTheApiserverRefusesEndsTheSubscriptionWithItsStatus() throws Exception {
    String first = watchPathFrom("3");
    harness.apiserver.expect().get().withPath(first).andUpgradeToWebSocket().open()
        .immediately().andEmit(added("early", "41")).done().once();
    harness.apiserver.expect().get().withPath(first.replace("resourceVersion=3", "resourceVersion=41"))
        .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden").build()).always();

    try (SseEvents sse = openFrom("3")) {
      sse.next(e -> change(e, "ADDED", "early"), WAIT);
      SseEvents.Event error = sse.next(e -> e.event().equals("error"), WAIT);

      assertThat(data(error).get("data").get("status").asInt()).isEqualTo(403);
      assertThat(data(error).get("subscription").asText()).isEqualTo("cms");
    }
  }

  @Test
  void anErrorEventWith410InTheWatchResyncsTheSubscription() throws Exception {
    String first = watchPathFrom("3");
    var gone = new StatusBuilder().withStatus("Failure").withCode(410).withReason("Expired")
        .withMessage("too old resource version: 3 (5000)").build();
    harness.apiserver.expect().get().withPath(first).andUpgradeToWebSocket().open()
        .immediately().andEmit(new io.fabric8.kubernetes.api.model.WatchEvent(gone, "ERROR")).done().once();

    try (SseEvents sse = openFrom("3")) {
      SseEvents.Event resync = sse.next(e -> e.event().equals("resync"), WAIT);
      assertThat(data(resync).get("data").get("reason").asText()).contains("410");
      harness.apiserver.client().configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata()
          .withName("after-error").endMetadata().build()).create();

      sse.next(e -> change(e, "ADDED", "after-error"), WAIT);
    }
  }

  @Test
  void perUserCapAnswers429AndFreesWhenTheBrowserGoesAway() throws Exception {
    SseEvents first = open(subs(CMS), Map.of());
    SseEvents second = open(subs(CMS), Map.of());
    first.next(e -> e.event().equals("ready"), WAIT);
    second.next(e -> e.event().equals("ready"), WAIT);

    HttpResponse<String> third = alice.send("GET", subs(CMS), null, Map.of("Accept", "text/event-stream"));

    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(third.body()).get("code").asText()).isEqualTo("too_many_streams");
    first.close();
    await().atMost(WAIT).until(() -> {
      try (SseEvents again = open(subs(CMS), Map.of())) {
        return again.status() == 200;
      }
    });
    second.close();
  }

  @Test
  void unknownKindFailsOnlyItsSubscription() throws Exception {
    String two = "[{\"id\":\"bad\",\"cluster\":\"test\",\"group\":\"core\",\"version\":\"v1\",\"plural\":\"gizmos\"},"
        + CMS.substring(1);
    try (SseEvents sse = open(subs(two), Map.of())) {
      SseEvents.Event error = sse.next(e -> e.event().equals("error"), WAIT);
      assertThat(data(error).get("subscription").asText()).isEqualTo("bad");
      assertThat(data(error).get("data").get("status").asInt()).isEqualTo(404);
      sse.next(e -> e.event().equals("ready"), WAIT);
    }
  }

  @Test
  void badSubscriptionsAre400AndMissingAcceptIs406() {
    assertThat(alice.send("GET", "/api/stream?subscriptions=nope", null, Map.of("Accept", "text/event-stream")).statusCode()).isEqualTo(400);
    assertThat(alice.send("GET", subs(CMS.replace("shop", "Bad_NS")), null, Map.of("Accept", "text/event-stream")).statusCode()).isEqualTo(400);
    assertThat(alice.get(subs(CMS)).statusCode()).isEqualTo(406);
  }

  @Test
  void pollingFallbackReturnsTheSameEvents() throws Exception {
    var result = new java.util.concurrent.CompletableFuture<HttpResponse<String>>();
    Thread.ofVirtual().start(() -> result.complete(alice.get(subs(CMS).replace("/api/stream?", "/api/stream/poll?waitSeconds=10&"))));
    await().atMost(WAIT).until(() -> harness.apiserver.drainRequests().stream().anyMatch(r -> r.getPath().contains("watch=true")));
    harness.apiserver.client().configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("polled")
        .endMetadata().build()).create();

    HttpResponse<String> r = result.get(15, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("events")).anySatisfy(e -> {
      assertThat(e.get("type").asText()).isEqualTo("change");
      assertThat(e.get("data").get("object").get("metadata").get("name").asText()).isEqualTo("polled");
    });
    assertThat(body.get("position").asText()).startsWith("cms=");
  }
}
