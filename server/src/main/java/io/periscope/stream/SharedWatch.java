package io.periscope.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.json.Json;
import io.periscope.k8s.Apiserver;
import io.periscope.resources.ResourceKind;
import io.periscope.resources.SecretRedaction;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One apiserver watch, made as one person, feeding every subscription of that person's tabs that
 * asks for the same collection ({@link WatchHub} decides who may share). Each event is converted
 * and serialized once, then handed to every {@link Subscriber}. The last few hundred events are
 * kept so a tab whose list is a little older than the watch can join and catch up. On 410 Gone it
 * re-reads the collection's resourceVersion, tells every subscriber to refetch ({@code resync})
 * and watches on from there. When the apiserver ends the watch (its own time-out) or the
 * connection breaks, the watch reopens from the last version it saw; an apiserver that refuses the
 * reopened watch (403 after access was removed) ends it for everyone with that status.
 */
final class SharedWatch {
  private static final ObjectMapper JSON = Json.mapper();
  private static final int MAX_RESYNCS = 5;
  /** Reopen attempts in a row after broken connections (1, 2, 4, 8, 16 s apart) before the streams are told. */
  private static final int MAX_REOPENS = 5;
  static final int RECENT = 256;

  /** What is watched: a kind in a cluster, one namespace or all, an optional label selector. */
  record Target(String cluster, ResourceKind kind, String namespace, String labelSelector, String fieldSelector) {}

  private record Recent(String rv, long number, PreparedJson payload) {}

  private final Target target;
  private final KubernetesClient client;
  private final Apiserver apiserver;
  private final Runnable onEnd;
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final ArrayDeque<Recent> recent = new ArrayDeque<>();
  private long coveredAfter; // every event after this (numeric) version is in `recent`; -1: joining is off
  private boolean established;
  private boolean ended;
  private int resyncs;
  private int reopens;
  private String lastVersion; // the newest version seen: where a reopened watch resumes
  private int generation; // which opened socket is the current one; a superseded one's callbacks are ignored
  private volatile WatchSocket watch;

  /** @param onEnd run once when the watch ends (last subscriber left, or it failed) */
  SharedWatch(Target target, KubernetesClient client, Apiserver apiserver, String startFrom, Runnable onEnd) {
    this.target = target;
    this.client = client;
    this.apiserver = apiserver;
    this.onEnd = onEnd;
    this.coveredAfter = ResourceVersions.number(startFrom);
    this.lastVersion = startFrom;
  }

  /** The collection's current resourceVersion, read as the person (a one-item metadata list). */
  static String currentResourceVersion(Apiserver apiserver, String cluster, KubernetesClient client, ResourceKind kind, String namespace) {
    String path = kind.collectionPath(namespace);
    try (Apiserver.Streamed list = apiserver.stream(cluster, client,
        Apiserver.Call.get(path, Map.of("limit", "1")).accept(Apiserver.METADATA_ACCEPT))) {
      return ListVersion.read(list.body());
    } catch (IOException e) {
      throw new KubernetesClientException("list of " + kind.plural() + " is not JSON: " + e.getMessage());
    }
  }

  /**
   * Adds a subscriber if this watch can serve it without a gap: it must start at or after the
   * oldest version this watch can still replay. Replays what it missed, then it receives live.
   */
  synchronized boolean join(Subscriber s) {
    if (ended) {
      return false;
    }
    if (!subscribers.isEmpty() && (coveredAfter < 0 || s.fromNumber() < coveredAfter)) {
      return false;
    }
    subscribers.add(s);
    for (Recent r : recent) {
      s.deliver(r.rv(), r.number(), r.payload());
    }
    if (established) {
      s.ready();
    }
    return true;
  }

  synchronized boolean ended() {
    return ended;
  }

  void leave(Subscriber s) {
    synchronized (this) {
      if (!subscribers.remove(s) || !subscribers.isEmpty() || ended) {
        return;
      }
      ended = true;
    }
    end();
  }

  /** Opens the watch from {@code rv}; blocks until the apiserver accepted it (run on a virtual thread). */
  void start(String rv) {
    try {
      open(rv);
      synchronized (this) {
        established = true;
        subscribers.forEach(Subscriber::ready);
      }
    } catch (RuntimeException e) {
      if (StreamFailure.gone(e)) {
        resync("the resourceVersion to resume from is too old (410 Gone)");
      } else {
        fail(StreamFailure.of(e, "subscription could not start"));
      }
    }
  }

  private void open(String rv) {
    int opening;
    synchronized (this) {
      opening = ++generation;
    }
    WatchSocket opened = WatchSocket.open(client.getHttpClient(), watchUri(rv), new Receiver(opening), apiserver.timeout());
    boolean current;
    synchronized (this) {
      current = opening == generation && !ended;
      if (current) {
        watch = opened;
      }
    }
    if (!current) {
      opened.close(); // ended meanwhile, or superseded by a reopen that started before this returned
    }
  }

  private synchronized boolean current(int opening) {
    return opening == generation && !ended;
  }

  /** {@code …/<plural>?watch=true&allowWatchBookmarks=true&resourceVersion=…[&labelSelector=…][&fieldSelector=…]} at the person's apiserver. */
  private URI watchUri(String rv) {
    Map<String, String> query = new java.util.LinkedHashMap<>();
    query.put("watch", "true");
    query.put("allowWatchBookmarks", "true");
    query.put("resourceVersion", rv);
    query.put("labelSelector", target.labelSelector());
    if (target.fieldSelector() != null && !target.fieldSelector().isEmpty()) {
      query.put("fieldSelector", target.fieldSelector());
    }
    return URI.create(Apiserver.url(client.getMasterUrl().toString(), target.kind().collectionPath(target.namespace()), query));
  }

  /**
   * The apiserver closed the watch or the connection broke: reopen from the last version seen,
   * backing off while the apiserver cannot be reached, and end the streams when it refuses.
   */
  private void reopen(Throwable cause) {
    int attempt;
    String from;
    synchronized (this) {
      if (ended) {
        return;
      }
      attempt = cause == null ? 0 : ++reopens;
      from = lastVersion;
    }
    if (attempt > MAX_REOPENS) {
      fail(new StreamFailure(502, "watch ended: " + cause.getMessage()));
      return;
    }
    try {
      if (attempt > 0) {
        Thread.sleep(Duration.ofSeconds(1L << (attempt - 1)));
      }
      open(from);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new StreamFailure(503, "watch could not restart: interrupted"));
    } catch (RuntimeException e) {
      if (StreamFailure.gone(e)) {
        resync("the resourceVersion to resume from is too old (410 Gone)");
      } else if (e instanceof KubernetesClientException k && k.getCode() == 0) {
        reopen(e); // still unreachable: the next, longer wait
      } else {
        fail(StreamFailure.of(e, "watch could not restart"));
      }
    }
  }

  private void resync(String reason) {
    synchronized (this) {
      if (ended) {
        return;
      }
      if (++resyncs > MAX_RESYNCS) {
        reason = null;
      }
    }
    if (reason == null) {
      fail(new StreamFailure(410, "gave up after " + MAX_RESYNCS + " consecutive 410 Gone answers"));
      return;
    }
    try {
      String rv = currentResourceVersion(apiserver, target.cluster(), client, target.kind(), target.namespace());
      synchronized (this) {
        if (ended) {
          return;
        }
        recent.clear();
        coveredAfter = ResourceVersions.number(rv);
        lastVersion = rv;
        for (Subscriber s : subscribers) {
          s.resync(rv, reason);
        }
      }
      open(rv);
      synchronized (this) {
        established = true;
      }
    } catch (RuntimeException e) {
      if (StreamFailure.gone(e)) {
        resync(reason);
      } else {
        fail(StreamFailure.of(e, "watch could not restart"));
      }
    }
  }

  /** Ends the watch for everyone on it: each subscription gets an {@code error} event. */
  private void fail(StreamFailure failure) {
    List<Subscriber> told;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      told = List.copyOf(subscribers);
    }
    told.forEach(s -> s.fail(failure));
    end();
  }

  private void end() {
    WatchSocket w = watch;
    if (w != null) {
      w.close();
    }
    onEnd.run();
  }

  /** The event as the browser gets it: the apiserver's own bytes, re-written only where Secret redaction applies. */
  private PreparedJson prepare(WatchLine line) {
    if (!SecretRedaction.applies(target.kind())) {
      return new PreparedJson(line.json());
    }
    try {
      ObjectNode event = (ObjectNode) JSON.readTree(line.json());
      if (event.get("object") instanceof ObjectNode object) {
        SecretRedaction.redact(object);
      }
      return new PreparedJson(JSON.writeValueAsBytes(event));
    } catch (IOException | ClassCastException e) {
      throw new IllegalStateException("a watch event that parsed once no longer parses", e);
    }
  }

  /** One event from the apiserver: remembered for late joiners, handed to every subscriber. */
  void received(WatchLine line) {
    String rv = line.resourceVersion();
    long number = ResourceVersions.number(rv);
    PreparedJson payload = line.bookmark() ? null : prepare(line);
    synchronized (this) {
      resyncs = 0;
      reopens = 0;
      if (ended) {
        return;
      }
      if (rv != null) {
        lastVersion = rv;
      }
      if (payload != null) {
        recent.add(new Recent(rv, number, payload));
        if (recent.size() > RECENT) {
          Recent dropped = recent.poll();
          coveredAfter = coveredAfter < 0 || dropped.number() < 0 ? -1 : Math.max(coveredAfter, dropped.number());
        }
      }
      for (Subscriber s : subscribers) {
        s.deliver(rv, number, payload);
      }
    }
  }

  private final class Receiver implements WatchSocket.Receiver {
    private final int opening;

    Receiver(int opening) {
      this.opening = opening;
    }

    @Override
    public void event(WatchLine line) {
      if (!current(opening)) {
        return;
      }
      if (!line.error()) {
        received(line);
        return;
      }
      // The socket closes itself after an ERROR event (the apiserver ends the watch there too).
      if (line.statusCode() == 410) {
        Thread.ofVirtual().name("resync-" + target.kind().plural()).start(() -> resync("the watch expired (410 Gone)"));
      } else {
        int status = line.statusCode() == 0 ? 502 : line.statusCode();
        fail(new StreamFailure(status, "watch ended: " + (line.statusMessage() == null ? "the apiserver sent an error" : line.statusMessage())));
      }
    }

    @Override
    public void ended(Throwable cause) {
      if (!current(opening)) {
        return;
      }
      Thread.ofVirtual().name("rewatch-" + target.kind().plural()).start(() -> reopen(cause));
    }
  }
}
