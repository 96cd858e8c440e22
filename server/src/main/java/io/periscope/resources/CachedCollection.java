package io.periscope.resources;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kind of one cluster kept current by an informer running as the server's own identity (never
 * as a person: people are checked by an access review before a page is served). It is ready only
 * while it has listed once and its watch is open, so a list never comes from a copy that has
 * stopped following the apiserver.
 */
final class CachedCollection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CachedCollection.class);
  private static final long INFORMER_PAGE = 500;

  private final String cluster;
  private final ResourceKind kind;
  private final KubernetesClient client;
  private final CachedObjects objects;
  private final SharedIndexInformer<GenericKubernetesResource> informer;
  private final Clock clock;
  private volatile Instant lastUsed;
  private volatile String failure;

  private CachedCollection(String cluster, ResourceKind kind, KubernetesClient client, Clock clock) {
    this.cluster = cluster;
    this.kind = kind;
    this.client = client;
    this.clock = clock;
    this.lastUsed = clock.instant();
    this.objects = new CachedObjects(client.getKubernetesSerialization());
    var context = new ResourceDefinitionContext.Builder().withGroup(kind.group()).withVersion(kind.version()).withPlural(kind.plural())
        .withKind(kind.kind()).withNamespaced(kind.namespaced()).build();
    var resources = client.genericKubernetesResources(context);
    var informable = kind.namespaced() ? resources.inAnyNamespace().withLimit(INFORMER_PAGE) : resources.withLimit(INFORMER_PAGE);
    this.informer = informable.runnableInformer(0).itemStore(objects).removeNamespaceIndex();
    this.informer.exceptionHandler((started, t) -> keepTrying(started, t));
  }

  /** Starts following the kind; the first list from the apiserver runs in the background. */
  static CachedCollection start(String cluster, ResourceKind kind, KubernetesClient client, Clock clock) {
    var c = new CachedCollection(cluster, kind, client, clock);
    c.informer.start().whenComplete((ok, error) -> {
      if (error != null) {
        c.failure = describe(error);
        log.warn("list cache: {} of cluster '{}' cannot be followed as the server ({}); its lists come from the apiserver",
            c.what(), cluster, c.failure);
        c.informer.stop();
      } else {
        log.info("list cache: following {} of cluster '{}' ({} objects)", c.what(), cluster, c.objects.size());
      }
    });
    return c;
  }

  /**
   * Whether to retry after an informer failure. A refusal of the server's own list (its RBAC has no
   * cluster-wide list/watch of the kind) before the first sync will not heal by retrying; anything
   * else (a dropped connection, an apiserver restart) is what the informer's back-off is for.
   */
  private boolean keepTrying(boolean started, Throwable t) {
    if (!started && t instanceof KubernetesClientException k && (k.getCode() == 401 || k.getCode() == 403 || k.getCode() == 404)) {
      return false;
    }
    log.debug("list cache: {} of cluster '{}': {}; the informer retries", what(), cluster, t.toString());
    return true;
  }

  /** Listed once and watching now: a list from here is as current as the watch. */
  boolean ready() {
    return failure == null && informer.hasSynced() && informer.isWatching();
  }

  /** Why this collection stopped following the kind, if it did. */
  Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * The resource version every object held is at least as new as. The informer stores an event
   * before it records the event's version, so reading the version first and the objects after it
   * never pairs a version with objects older than it; a watch resumed from it may repeat a change,
   * never miss one.
   */
  String resourceVersion() {
    return informer.lastSyncResourceVersion();
  }

  CachedObjects objects() {
    return objects;
  }

  boolean isFor(KubernetesClient current) {
    return client == current;
  }

  void touch() {
    lastUsed = clock.instant();
  }

  Instant lastUsed() {
    return lastUsed;
  }

  String what() {
    return kind.group().isEmpty() ? kind.plural() : kind.plural() + "." + kind.group();
  }

  private static String describe(Throwable t) {
    Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    return cause instanceof KubernetesClientException k ? io.periscope.problem.KubernetesErrors.message(k) : cause.toString();
  }

  @Override
  public void close() {
    informer.stop();
  }
}
