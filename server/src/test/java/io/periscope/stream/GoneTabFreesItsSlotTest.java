package io.periscope.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.SseEvents;
import io.periscope.testkit.TestBrowser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tab that went away frees its stream (watches and the person's cap slot) within one
 * heartbeat: the server notices at the heartbeat after the close, not one or more later.
 */
class GoneTabFreesItsSlotTest {
  private static final Duration HEARTBEAT = Duration.ofSeconds(3);
  private static final String CMS = "[{\"id\":\"cms\",\"cluster\":\"test\",\"group\":\"core\",\"version\":\"v1\","
      + "\"plural\":\"configmaps\",\"namespace\":\"shop\"}]";
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void closedRightAfterAHeartbeatIsFreedBeforeTheSecondNextHeartbeat() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw", "streams.heartbeatInterval", HEARTBEAT.toMillis() + "ms",
        "streams.maxPerUser", "1"));
    harness.apiserver.serveDiscovery();
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    String path = "/api/stream?subscriptions=" + URLEncoder.encode(CMS, StandardCharsets.UTF_8);

    SseEvents tab = new SseEvents(alice.stream(path, Map.of("Accept", "text/event-stream")));
    tab.next(e -> e.event().equals("ready"), Duration.ofSeconds(10));
    int seen = tab.comments();
    await().atMost(HEARTBEAT.multipliedBy(2)).until(() -> tab.comments() > seen);
    tab.close(); // just after a heartbeat: the next one comes a whole interval later

    // One heartbeat plus a margin for a loaded machine; without noticing at the first write after
    // the close, the slot would be held for two heartbeats.
    await().atMost(HEARTBEAT.plus(Duration.ofMillis(1500))).until(() -> harness.app.liveStreams().open() == 0);
    try (SseEvents again = new SseEvents(alice.stream(path, Map.of("Accept", "text/event-stream")))) {
      assertThat(again.status()).as("the person's only slot is free again").isEqualTo(200);
    }
  }
}
