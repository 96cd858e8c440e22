package io.periscope.stream;

import io.periscope.authz.Principal;
import io.periscope.k8s.Apiserver;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.Problem;
import io.periscope.resources.Discovery;
import java.util.List;
import java.util.Map;

/**
 * Opens live streams as the person. Each subscription starts on its own virtual thread, so a
 * slow cluster delays only its own {@code ready} event; a subscription that cannot start (unknown
 * kind, 403, cluster down) sends an {@code error} event and the others carry on. Subscriptions of
 * the same person to the same collection share one apiserver watch ({@link WatchHub}).
 */
public final class LiveStreams implements AutoCloseable {
  private final java.util.Set<LiveStream> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final ImpersonatingClients clients;
  private final Discovery discovery;
  private final Apiserver apiserver;
  private final StreamLimits limits;
  private final WatchHub hub;

  public LiveStreams(ImpersonatingClients clients, Discovery discovery, Apiserver apiserver, StreamLimits limits) {
    this.clients = clients;
    this.discovery = discovery;
    this.apiserver = apiserver;
    this.limits = limits;
    this.hub = new WatchHub(apiserver);
  }

  /**
   * @param resume positions from {@code Last-Event-ID}; they win over a subscription's own resourceVersion
   * @throws Problem 429 when the person or the server is at the stream cap
   */
  public LiveStream open(Principal who, List<Subscription> subs, Map<String, String> resume) {
    LiveStream[] self = new LiveStream[1];
    LiveStream stream = new LiveStream(limits.acquire(who.subject()), () -> open.remove(self[0]));
    self[0] = stream;
    open.add(stream);
    for (Subscription sub : subs) {
      String from = resume.getOrDefault(sub.id(), sub.resourceVersion());
      Thread.ofVirtual().name("subscribe-" + sub.id()).start(() -> start(stream, who, sub, from));
    }
    return stream;
  }

  private void start(LiveStream stream, Principal who, Subscription sub, String from) {
    try {
      var kind = discovery.resolve(sub.cluster(), sub.group(), sub.version(), sub.plural());
      var identity = clients.identity(who);
      var client = clients.forUser(sub.cluster(), who);
      String namespace = kind.namespaced() && sub.namespace() != null ? sub.namespace() : "";
      String selector = sub.labelSelector() == null ? "" : sub.labelSelector();
      String fields = sub.fieldSelector() == null ? "" : sub.fieldSelector();
      boolean ownVersion = from != null && !from.isEmpty();
      String rv = ownVersion ? from : SharedWatch.currentResourceVersion(apiserver, sub.cluster(), client, kind, namespace);
      var subscriber = new Subscriber(sub.id(), stream, rv);
      // Everyone shares the server's own identity when nobody is impersonated: one watch serves all.
      var key = new WatchHub.Key(sub.cluster(), identity.map(i -> i.user()).orElse(""), identity.map(i -> i.groups()).orElse(java.util.List.of()), kind.group(), kind.version(), kind.plural(),
          namespace, selector, fields);
      if (ownVersion && hub.watching(key)) {
        // Joining a running watch makes no apiserver call, and the version came from the browser
        // (its list or Last-Event-ID): ask the apiserver whether this person may still read the
        // collection, so access removed since the watch opened is not outlived by new tabs.
        SharedWatch.currentResourceVersion(apiserver, sub.cluster(), client, kind, namespace);
      }
      stream.onClose(hub.attach(key, new SharedWatch.Target(sub.cluster(), kind, namespace, selector, fields), client, subscriber));
    } catch (RuntimeException e) {
      var failure = StreamFailure.of(e, "subscription could not start");
      stream.emit(new StreamEvent("error", sub.id(), Map.of("status", failure.status(), "message", failure.message()), null));
    }
  }

  public int open() {
    return limits.open();
  }

  /** Apiserver watches currently open for streams (shared ones count once). */
  public int watches() {
    return hub.size();
  }

  /** Ends every open stream (server shutdown), so no writer outlives the HTTP server. */
  @Override
  public void close() {
    List.copyOf(open).forEach(LiveStream::close);
  }
}
