package io.periscope.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.SseEvents;
import io.periscope.testkit.TestBrowser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A live-update stream ends within seconds of its session, whatever ended the session, with a
 * {@code session_ended} event saying why, and no watch is opened as the person afterwards
 * (checked on the requests the apiserver received).
 */
class ChannelsEndWithTheSessionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WITHIN = Duration.ofSeconds(5);
  private static final String CMS = "[{\"id\":\"cms\",\"cluster\":\"test\",\"group\":\"core\",\"version\":\"v1\","
      + "\"plural\":\"configmaps\",\"namespace\":\"shop\"}]";

  // Starts at the real time: the mock IdP signs its tokens on the wall clock.
  private final MutableClock clock = new MutableClock(Instant.now());
  private PeriscopeHarness harness;

  private void start(Map<String, String> overrides) {
    var config = new java.util.HashMap<>(Map.of("auth.authorization.mode", "raw", "streams.heartbeatInterval", "200ms",
        "auth.session.idleTimeout", "3h", "auth.session.absoluteTimeout", "12h"));
    config.putAll(overrides);
    harness = new PeriscopeHarness(config, clock);
    harness.apiserver.serveDiscovery();
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private TestBrowser signIn(String who) {
    TestBrowser b = harness.browser();
    b.login(who, List.of("devs"));
    return b;
  }

  private static SseEvents open(TestBrowser b, String subscriptions) throws InterruptedException {
    var sse = new SseEvents(b.stream("/api/stream?subscriptions=" + URLEncoder.encode(subscriptions, StandardCharsets.UTF_8),
        Map.of("Accept", "text/event-stream")));
    assertThat(sse.status()).isEqualTo(200);
    sse.next(e -> e.event().equals("ready"), WITHIN);
    return sse;
  }

  private static JsonNode endedWith(SseEvents sse, String reason) throws Exception {
    JsonNode data = JSON.readTree(sse.next(e -> e.event().equals("session_ended"), WITHIN).data()).get("data");
    assertThat(data.get("reason").asText()).isEqualTo(reason);
    assertThat(sse.awaitEnd(WITHIN)).as("the server ended the response").isTrue();
    return data;
  }

  /**
   * After alice's stream ended: a change that bob's stream receives proves the server processed
   * events since, and by then no watch was opened as alice and none of hers is held.
   */
  private void noFurtherWatchAs(String person, SseEvents witness) throws Exception {
    List<RecordedRequest> before = new ArrayList<>(harness.apiserver.drainRequests());
    await().atMost(WITHIN).until(() -> harness.app.liveStreams().watches() == 1);
    harness.apiserver.client().configMaps().inNamespace("shop")
        .resource(new ConfigMapBuilder().withNewMetadata().withName("after-" + person).endMetadata().build()).create();
    witness.next(e -> e.event().equals("change") && e.data().contains("after-" + person), WITHIN);
    List<RecordedRequest> after = harness.apiserver.drainRequests();
    assertThat(after).noneMatch(r -> r.getPath().contains("watch=") && r.getHeaders().headers("Impersonate-User").contains(person));
    assertThat(before).noneMatch(r -> r.getPath().contains("watch=") && r.getHeaders().headers("Impersonate-User").contains(person));
  }

  @Test
  void logoutEndsTheStreamAndItsWatchAtOnce() throws Exception {
    start(Map.of());
    TestBrowser alice = signIn("alice");
    TestBrowser bob = signIn("bob");
    try (SseEvents mine = open(alice, CMS); SseEvents bobs = open(bob, CMS)) {
      harness.apiserver.drainRequests();
      assertThat(alice.mutate("POST", "/api/auth/logout", "").statusCode()).isLessThan(400);

      JsonNode data = endedWith(mine, "logged_out");
      assertThat(data.get("signIn").asBoolean()).isTrue();
      noFurtherWatchAs("alice", bobs);
      assertThat(alice.get("/api/auth/whoami").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void idleExpiryEndsTheStreamWithoutARequest() throws Exception {
    start(Map.of("auth.session.idleTimeout", "30m"));
    TestBrowser alice = signIn("alice");
    try (SseEvents mine = open(alice, CMS)) {
      clock.advance(Duration.ofMinutes(29));
      assertThat(mine.awaitEnd(Duration.ofMillis(1500))).as("an open stream is not ended before the deadline").isFalse();
      clock.advance(Duration.ofMinutes(1));
      endedWith(mine, "expired");
    }
  }

  @Test
  void aStreamIsNotActivity() throws Exception {
    start(Map.of("auth.session.idleTimeout", "30m"));
    TestBrowser alice = signIn("alice");
    try (SseEvents mine = open(alice, CMS)) {
      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofMinutes(9)); // heartbeats keep flowing, but nobody clicks
        int heartbeats = mine.comments();
        await().atMost(WITHIN).until(() -> mine.comments() > heartbeats);
      }
      clock.advance(Duration.ofMinutes(3));
      endedWith(mine, "expired");
    }
  }

  @Test
  void aRefusedRefreshEndsTheStream() throws Exception {
    start(Map.of());
    TestBrowser alice = signIn("alice");
    try (SseEvents mine = open(alice, CMS)) {
      harness.apiserver.drainRequests();
      harness.idpFacade.refuseNextRefresh();
      clock.advance(Duration.ofMinutes(61)); // past the access token's hour, well within the idle time-out

      endedWith(mine, "refresh_refused");
      assertThat(harness.app.liveStreams().watches()).as("no watch is held for the ended stream").isZero();
      assertThat(alice.get("/api/auth/whoami").statusCode()).isEqualTo(401);
      assertThat(harness.apiserver.drainRequests())
          .noneMatch(r -> r.getPath().contains("watch=") && r.getHeaders().headers("Impersonate-User").contains("alice"));
    }
  }

  @Test
  void groupsChangedAtRefreshEndTheStreamButNotTheSession() throws Exception {
    start(Map.of());
    TestBrowser alice = signIn("alice");
    try (SseEvents mine = open(alice, CMS)) {
      harness.tokens.next("alice", List.of("sre"), List.of(PeriscopeHarness.CLIENT_ID), 3600);
      clock.advance(Duration.ofMinutes(61));

      JsonNode data = endedWith(mine, "identity_changed");
      assertThat(data.get("signIn").asBoolean()).as("reconnect, no new sign-in").isFalse();
      JsonNode who = JSON.readTree(alice.get("/api/auth/whoami").body());
      assertThat(JSON.convertValue(who.get("groups"), List.class)).containsExactly("sre");
    }
  }

  @Test
  void aLongPollEndsWithTheSessionToo() throws Exception {
    start(Map.of());
    TestBrowser alice = signIn("alice");
    var answer = new java.util.concurrent.CompletableFuture<String>();
    Thread poll = Thread.ofVirtual().start(() -> answer.complete(alice.get("/api/stream/poll?waitSeconds=30&subscriptions="
        + URLEncoder.encode(CMS, StandardCharsets.UTF_8)).body()));
    await().atMost(WITHIN).until(() -> harness.app.liveStreams().open() == 1);
    assertThat(alice.mutate("POST", "/api/auth/logout", "").statusCode()).isLessThan(400);

    String body = answer.get(WITHIN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    assertThat(body).contains("\"session_ended\"").contains("\"logged_out\"");
    poll.join();
  }

  @Test
  void anAdministratorRevokingAPersonEndsTheirStreamsAndIsAudited() throws Exception {
    start(Map.of("auth.authorization.auditAdminGroups", "security"));
    TestBrowser alice = signIn("alice");
    TestBrowser root = harness.browser();
    root.login("root", List.of("security"));
    try (SseEvents mine = open(alice, CMS)) {
      assertThat(alice.mutate("DELETE", "/api/auth/sessions/root", null).statusCode()).as("not an admin").isEqualTo(403);

      var r = root.mutate("DELETE", "/api/auth/sessions/alice", null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("sessionsEnded").asInt()).isEqualTo(1);

      endedWith(mine, "revoked");
      assertThat(alice.get("/api/auth/whoami").statusCode()).isEqualTo(401);
      assertThat(harness.audit.events()).filteredOn(e -> e.verb() == io.periscope.audit.Verb.SESSION_REVOKE)
          .extracting(e -> e.actor().sub() + ":" + e.outcome().wireName() + ":" + e.target().name())
          .containsExactly("alice:denied:root", "root:success:alice");
    }
  }
}
