package io.periscope.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Watcher;
import io.periscope.resources.ResourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may join a shared watch, and what a joiner is replayed; events are fed in directly (no apiserver). */
class SharedWatchTest {
  private static final ResourceKind CONFIGMAPS = new ResourceKind("", "v1", "ConfigMap", "configmaps", true,
      Set.of("list", "watch"), List.of(), Set.of(), true);
  private static final ResourceKind SECRETS = new ResourceKind("", "v1", "Secret", "secrets", true,
      Set.of("list", "watch"), List.of(), Set.of(), true);

  private static SharedWatch watchFrom(ResourceKind kind, String rv) {
    return new SharedWatch(new SharedWatch.Target("test", kind, "shop", "", ""), null, null, rv, () -> { });
  }

  private static LiveStream stream() {
    return new LiveStream(() -> { }, () -> { });
  }

  /** A watch event as the apiserver writes it. */
  private static void change(SharedWatch w, Watcher.Action action, String name, String rv) {
    String json = "{\"type\":\"" + action.name() + "\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
        + "\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"shop\",\"resourceVersion\":\"" + rv + "\"},"
        + "\"data\":{\"password\":\"hunter2\"}}}";
    try {
      w.received(WatchLine.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Everything queued on the stream right now. */
  private static List<StreamEvent> drain(LiveStream s) throws InterruptedException {
    List<StreamEvent> out = new ArrayList<>();
    StreamEvent e;
    while ((e = s.next(Duration.ZERO)) != null) {
      out.add(e);
    }
    return out;
  }

  private static List<String> changes(List<StreamEvent> events) {
    return events.stream().filter(e -> e.type().equals("change")).map(e -> e.data().toString()).toList();
  }

  @Test
  void aLateJoinerIsReplayedOnlyWhatItsListDoesNotShowThenGetsLiveEvents() throws Exception {
    SharedWatch w = watchFrom(CONFIGMAPS, "10");
    LiveStream first = stream();
    assertThat(w.join(new Subscriber("a", first, "10"))).isTrue();
    change(w, Watcher.Action.ADDED, "one", "11");
    change(w, Watcher.Action.MODIFIED, "one", "12");

    LiveStream late = stream();
    assertThat(w.join(new Subscriber("b", late, "11"))).isTrue();
    change(w, Watcher.Action.DELETED, "one", "13");

    assertThat(changes(drain(first))).hasSize(3);
    List<StreamEvent> lateEvents = drain(late);
    assertThat(changes(lateEvents)).hasSize(2).allSatisfy(json -> assertThat(json).doesNotContain("\"11\""));
    assertThat(changes(lateEvents).get(0)).contains("\"MODIFIED\"").contains("\"12\"");
    assertThat(lateEvents.getLast().id()).isEqualTo("b=13");
    assertThat(lateEvents.getLast().subscription()).isEqualTo("b");
  }

  @Test
  void aSubscriberOlderThanTheWatchOrWithAnOpaqueVersionCannotJoin() {
    SharedWatch w = watchFrom(CONFIGMAPS, "10");
    assertThat(w.join(new Subscriber("a", stream(), "10"))).isTrue();

    assertThat(w.join(new Subscriber("old", stream(), "9"))).isFalse();
    assertThat(w.join(new Subscriber("opaque", stream(), "abc"))).isFalse();
  }

  @Test
  void oncePastTheReplayWindowOnlyNewerSubscribersCanJoin() {
    SharedWatch w = watchFrom(CONFIGMAPS, "10");
    assertThat(w.join(new Subscriber("a", stream(), "10"))).isTrue();
    for (int i = 1; i <= SharedWatch.RECENT + 5; i++) {
      change(w, Watcher.Action.MODIFIED, "one", Integer.toString(10 + i));
    }

    assertThat(w.join(new Subscriber("b", stream(), "12"))).isFalse();
    assertThat(w.join(new Subscriber("c", stream(), Integer.toString(15 + 1)))).isTrue();
  }

  @Test
  void secretValuesAreRemovedOnceForEveryone() throws Exception {
    SharedWatch w = watchFrom(SECRETS, "10");
    LiveStream s = stream();
    w.join(new Subscriber("a", s, "10"));

    change(w, Watcher.Action.ADDED, "db", "11");

    assertThat(changes(drain(s))).singleElement().satisfies(json -> assertThat(json).doesNotContain("hunter2"));
  }

  @Test
  void theLastSubscriberLeavingEndsTheWatch() {
    var ended = new java.util.concurrent.atomic.AtomicInteger();
    SharedWatch w = new SharedWatch(new SharedWatch.Target("test", CONFIGMAPS, "shop", "", ""), null, null, "10", ended::incrementAndGet);
    Subscriber a = new Subscriber("a", stream(), "10");
    Subscriber b = new Subscriber("b", stream(), "10");
    w.join(a);
    w.join(b);

    w.leave(a);
    assertThat(ended).hasValue(0);
    w.leave(b);

    assertThat(ended).hasValue(1);
    assertThat(w.join(new Subscriber("c", stream(), "10"))).isFalse();
  }

  @Test
  void aWatchThatCannotStartEndsAndTellsItsSubscribers() throws Exception {
    var closed = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
        io.fabric8.kubernetes.client.Config.empty()).withMasterUrl("http://127.0.0.1:9/").build()).build();
    closed.close();
    var ended = new java.util.concurrent.atomic.AtomicInteger();
    SharedWatch w = new SharedWatch(new SharedWatch.Target("test", CONFIGMAPS, "shop", "", ""), closed, null, "10", ended::incrementAndGet);
    LiveStream s = stream();
    w.join(new Subscriber("a", s, "10"));

    w.start("10");

    assertThat(drain(s)).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("error");
      assertThat(e.subscription()).isEqualTo("a");
    });
    assertThat(ended).hasValue(1);
    assertThat(w.ended()).isTrue();
  }
}
