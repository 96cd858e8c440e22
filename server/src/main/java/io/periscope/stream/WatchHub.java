package io.periscope.stream;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.k8s.Apiserver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares apiserver watches between subscriptions that would make the very same watch as the very
 * same person: same cluster, same impersonated user and groups, same kind, namespace, label
 * selector and field selector. The person is part of the key, so a watch is never shared across people (what the
 * apiserver lets one person see says nothing about another). Many tabs of one person, or one view
 * opened many times, then cost the apiserver one watch and Periscope one conversion per change.
 */
final class WatchHub {
  /** Everything that makes two watches the same request to the apiserver. */
  record Key(String cluster, String user, List<String> groups, String group, String version, String plural,
      String namespace, String labelSelector, String fieldSelector) {}

  private final Map<Key, SharedWatch> watches = new HashMap<>();
  private final Apiserver apiserver;

  WatchHub(Apiserver apiserver) {
    this.apiserver = apiserver;
  }

  /**
   * Attaches the subscriber to the shared watch for {@code key}, or starts one from its version
   * (as the person {@code client} impersonates) when none can serve it; blocks until a new watch
   * is established. A watch that cannot serve it (the subscriber's version is older than what
   * the watch can replay) stays; the subscriber then gets a watch of its own.
   *
   * @return detaches the subscriber; the watch closes when its last subscriber leaves
   */
  Runnable attach(Key key, SharedWatch.Target target, KubernetesClient client, Subscriber subscriber) {
    SharedWatch created = null;
    SharedWatch serving;
    synchronized (this) {
      SharedWatch existing = watches.get(key);
      if (existing != null && existing.join(subscriber)) {
        serving = existing;
      } else {
        SharedWatch[] self = new SharedWatch[1];
        created = new SharedWatch(target, client, apiserver, subscriber.from(), () -> remove(key, self[0]));
        self[0] = created;
        created.join(subscriber);
        if (existing == null || existing.ended()) {
          watches.put(key, created);
        }
        serving = created;
      }
    }
    if (created != null) {
      created.start(subscriber.from());
    }
    return () -> serving.leave(subscriber);
  }

  /** Whether a running watch exists for {@code key} (a new subscriber would join it without an apiserver call). */
  synchronized boolean watching(Key key) {
    SharedWatch w = watches.get(key);
    return w != null && !w.ended();
  }

  private synchronized void remove(Key key, SharedWatch w) {
    watches.remove(key, w);
  }

  /** Apiserver watches open for sharing (a subscription that could not join one has its own, not counted). */
  synchronized int size() {
    return watches.size();
  }
}
