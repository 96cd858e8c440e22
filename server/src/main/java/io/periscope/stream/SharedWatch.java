package io.periscope.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.periscope.json.Json;
import io.periscope.k8s.Apiserver;
import io.periscope.resources.ResourceKind;
import io.periscope.resources.SecretRedaction;
import java.io.IOException;
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
 * and watches on from there.
 */
final class SharedWatch {
  private static final ObjectMapper JSON = Json.mapper();
  private static final int MAX_RESYNCS = 5;
  static final int RECENT = 256;

  /** What is watched: a kind in a cluster, one namespace or all, an optional label selector. */
  record Target(String cluster, ResourceKind kind, String namespace, String labelSelector) {}

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
  private volatile Watch watch;

  /** @param onEnd run once when the watch ends (last subscriber left, or it failed) */
  SharedWatch(Target target, KubernetesClient client, Apiserver apiserver, String startFrom, Runnable onEnd) {
    this.target = target;
    this.client = client;
    this.apiserver = apiserver;
    this.onEnd = onEnd;
    this.coveredAfter = ResourceVersions.number(startFrom);
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
    var kind = target.kind();
    var ctx = new ResourceDefinitionContext.Builder().withGroup(kind.group()).withVersion(kind.version())
        .withPlural(kind.plural()).withKind(kind.kind()).withNamespaced(kind.namespaced()).build();
    var op = client.genericKubernetesResources(ctx);
    String selector = target.labelSelector() == null || target.labelSelector().isEmpty() ? null : target.labelSelector();
    var options = new ListOptionsBuilder().withResourceVersion(rv).withAllowWatchBookmarks(true).withLabelSelector(selector).build();
    boolean one = kind.namespaced() && target.namespace() != null && !target.namespace().isEmpty();
    watch = (one ? op.inNamespace(target.namespace()) : op.inAnyNamespace()).watch(options, new Forwarder());
    boolean closeNow;
    synchronized (this) {
      closeNow = ended;
    }
    if (closeNow) {
      watch.close();
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
    Watch w = watch;
    if (w != null) {
      w.close();
    }
    onEnd.run();
  }

  /** The event as the browser gets it: {@code {"type": ..., "object": ...}}. */
  private record Event(String type, Object object) {}

  private PreparedJson prepare(Watcher.Action action, GenericKubernetesResource resource) {
    Object object = resource;
    if (SecretRedaction.applies(target.kind())) {
      ObjectNode tree = JSON.valueToTree(resource);
      SecretRedaction.redact(tree);
      object = tree;
    }
    try {
      // Written straight from the resource: a tree copy per event per watch only where redaction needs one.
      return new PreparedJson(JSON.writeValueAsBytes(new Event(action.name(), object)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One event from the apiserver: converted once, remembered for late joiners, handed to every subscriber. */
  void received(Watcher.Action action, GenericKubernetesResource resource) {
    String rv = resource.getMetadata() == null ? null : resource.getMetadata().getResourceVersion();
    long number = ResourceVersions.number(rv);
    PreparedJson payload = action == Watcher.Action.BOOKMARK ? null : prepare(action, resource);
    synchronized (this) {
      resyncs = 0;
      if (ended) {
        return;
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

  private final class Forwarder implements Watcher<GenericKubernetesResource> {
    @Override
    public void eventReceived(Action action, GenericKubernetesResource resource) {
      received(action, resource);
    }

    @Override
    public void onClose(WatcherException cause) {
      synchronized (SharedWatch.this) {
        if (ended) {
          return;
        }
      }
      if (cause.isHttpGone()) {
        Thread.ofVirtual().name("resync-" + target.kind().plural()).start(() -> resync("the watch expired (410 Gone)"));
      } else {
        fail(new StreamFailure(502, "watch ended: " + cause.getMessage()));
      }
    }

    @Override
    public void onClose() {
      // closed by us
    }
  }
}
