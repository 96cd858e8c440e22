package io.periscope.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.SseEvents;
import io.periscope.testkit.TestBrowser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many people streaming the same collection, each through their own impersonated watch: every
 * stream receives every change (no silent ceiling on concurrent watches per cluster).
 */
@Timeout(300)
class ManyPeopleStreamingTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String CMS = "[{\"id\":\"cms\",\"cluster\":\"test\",\"group\":\"core\",\"version\":\"v1\","
      + "\"plural\":\"configmaps\",\"namespace\":\"shop\"}]";
  private PeriscopeHarness harness;
  private final List<SseEvents> streams = new ArrayList<>();

  @AfterEach
  void stop() {
    streams.forEach(SseEvents::close);
    if (harness != null) {
      harness.close();
    }
  }

  /**
   * A namespace with {@code n} objects of ~1 KiB. (The CRUD mock ignores {@code limit}, so every
   * subscription's version lookup gets the whole list; a real apiserver answers one item. Keep
   * {@code n} small or the mock's own serialization becomes what is measured.)
   */
  private void seed(int n) throws Exception {
    String filler = "x".repeat(1024);
    var cms = harness.apiserver.client().configMaps().inNamespace("shop");
    try (var seeding = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < n; i++) {
        String name = "seed-" + i;
        seeding.submit(() -> cms.resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
            .addToData("filler", filler).build()).create());
      }
    }
  }

  @Test
  void threeHundredStreamsOfAHundredPeopleAllReceiveEveryChange() throws Exception {
    // The CRUD mock answers 300 version lookups at once slowly on a loaded 2-core machine (it once
    // took over the default 10 s): what is tested is the ceiling on streams, not that time-out.
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw", "streams.heartbeatInterval", "5s",
        "auth.session.loginStartsPerMinute", "0", "clusters.requestTimeout", "60s"));
    harness.apiserver.serveDiscovery();
    seed(50);
    String path = "/api/stream?subscriptions=" + URLEncoder.encode(CMS, StandardCharsets.UTF_8);
    List<TestBrowser> people = new ArrayList<>();
    for (int p = 0; p < 100; p++) {
      TestBrowser person = harness.browser();
      person.login("person-" + p, List.of("devs"));
      people.add(person);
    }
    // Every tab of every person opens at once, as a morning's worth of consoles reconnecting after a deploy.
    try (var opening = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<SseEvents>> opened = new ArrayList<>();
      for (TestBrowser person : people) {
        for (int tab = 0; tab < 3; tab++) {
          opened.add(opening.submit(() -> new SseEvents(person.stream(path, Map.of("Accept", "text/event-stream")))));
        }
      }
      for (var f : opened) {
        streams.add(f.get());
      }
    }
    List<String> starts = new ArrayList<>();
    for (SseEvents s : streams) {
      assertThat(s.status()).isEqualTo(200);
      var first = s.next(e -> e.event().equals("ready") || e.event().equals("error"), WAIT);
      starts.add(first.event().equals("ready") ? "ready" : first.data());
    }
    assertThat(starts).as("every subscription started").containsOnly("ready");
    assertThat(harness.app.liveStreams().watches()).as("one watch per person").isEqualTo(100);

    harness.apiserver.client().configMaps().inNamespace("shop")
        .resource(new ConfigMapBuilder().withNewMetadata().withName("relabelled").endMetadata().build()).create();

    int received = 0;
    for (SseEvents s : streams) {
      s.next(e -> e.event().equals("change") && e.data().contains("relabelled"), WAIT);
      received++;
    }
    assertThat(received).isEqualTo(300);
  }
}
