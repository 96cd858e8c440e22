package io.periscope.resources;

import io.periscope.authz.Principal;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.config.PeriscopeConfig;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opt-in shared list cache: for the kinds configured, one informer per cluster (as the server)
 * keeps every object in memory, and a person's list is served from it after an impersonated access
 * review says the person may list that kind in that namespace. A kind is followed from its first
 * list on and dropped after {@code idleTimeout} without one. Whatever the cache cannot answer
 * exactly (a field selector, a collection still syncing or whose watch is down, a person the review
 * does not allow) goes to the apiserver as before, so the apiserver's own answer, and refusal, stay
 * the authority.
 */
public final class ListCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ListCache.class);
  /** Our continue tokens start with this; the apiserver's are base64 JSON and never do. */
  static final String TOKEN_PREFIX = "periscope-cache.";

  /** One page ready to write, and what it holds. */
  record Page(ResourceKind kind, String resourceVersion, List<CachedObjects.Entry> items, String continueToken, Long remaining) {}

  private record Key(String cluster, String group, String version, String plural) {}

  private final PeriscopeConfig.ListCache settings;
  private final ClusterRegistry registry;
  private final AccessReviews reviews;
  private final Clock clock;
  private final Map<Key, CachedCollection> collections = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper;
  private final java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();

  public ListCache(PeriscopeConfig.ListCache settings, ClusterRegistry registry, AccessReviews reviews, Clock clock) {
    this.settings = settings;
    this.registry = registry;
    this.reviews = reviews;
    this.clock = clock;
    this.sweeper = settings.enabled() ? Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("list-cache-sweep").factory()) : null;
    if (sweeper != null) {
      long every = Math.max(1, Math.min(60, settings.idleTimeout().toSeconds() / 2));
      sweeper.scheduleWithFixedDelay(this::dropIdle, every, every, TimeUnit.SECONDS);
    }
  }

  /** Whether the cache is on at all (a caller may then look up the kind it would ask for). */
  public boolean enabled() {
    return settings.enabled();
  }

  /**
   * Every cached object of the kind, in every namespace, as JSON, when the cache already follows the
   * kind on that cluster (someone listed it lately) and the person may list it cluster-wide; empty
   * when the apiserver must be asked, on the same terms as {@link #page}. The fleet counts a
   * cluster's pods from here instead of reading all of them from the apiserver; it never starts
   * following a cluster by itself (a fleet page would otherwise hold every cluster's pods in memory)
   * nor keeps one followed.
   */
  public Optional<List<byte[]>> everything(Principal who, String cluster, ResourceKind kind) {
    return page(who, cluster, kind, new ListQuery(null, null, null, null, null), false)
        .map(p -> p.items().stream().map(CachedObjects.Entry::json).toList());
  }

  /** Whether lists of this kind are meant to come from the cache (configured, and never Secrets). */
  public boolean covers(ResourceKind kind) {
    return settings.enabled() && !kind.isCore("secrets") && settings.resources().contains(name(kind));
  }

  /**
   * The page of the cache that answers this person's list, or empty when the apiserver must answer
   * it. A continue token of the cache that can no longer be honoured is a 410, as the apiserver's own
   * expired token is, so the console starts the list over.
   */
  Optional<Page> page(Principal who, String cluster, ResourceKind kind, ListQuery q) {
    return page(who, cluster, kind, q, true);
  }

  /** As {@link #page(Principal, String, ResourceKind, ListQuery)}; unless {@code follow}, only a collection already followed answers. */
  private Optional<Page> page(Principal who, String cluster, ResourceKind kind, ListQuery q, boolean follow) {
    boolean ourToken = q.continueToken() != null && q.continueToken().startsWith(TOKEN_PREFIX);
    if (!covers(kind) || (q.fieldSelector() != null && !q.fieldSelector().isBlank()) || (q.continueToken() != null && !ourToken)) {
      return Optional.empty();
    }
    CachedCollection collection = follow ? collection(cluster, kind) : followed(cluster, kind);
    String namespace = kind.namespaced() && q.namespace() != null ? q.namespace() : "";
    if (collection == null || !collection.ready() || !allowed(who, cluster, kind, namespace)) {
      if (ourToken) {
        throw new Problem(ErrorCode.CONTINUE_EXPIRED, "the list cache can no longer continue this list; start it again");
      }
      return Optional.empty();
    }
    String after = ourToken ? decode(q.continueToken()) : null;
    served.incrementAndGet();
    return Optional.of(select(kind, collection, namespace, LabelSelector.parse(q.labelSelector()), q.limit(), after));
  }

  private static Page select(ResourceKind kind, CachedCollection collection, String namespace, LabelSelector selector, Integer limit,
      String after) {
    String rv = collection.resourceVersion(); // first: see CachedCollection.resourceVersion
    var range = collection.objects().in(namespace);
    java.util.NavigableMap<String, CachedObjects.Entry> rest;
    try {
      rest = after == null ? range : range.tailMap(after, false);
    } catch (IllegalArgumentException outOfRange) {
      throw Problem.badRequest("this continue token belongs to a list of another namespace");
    }
    List<CachedObjects.Entry> items = new ArrayList<>();
    String lastKey = null;
    boolean more = false;
    long remaining = 0;
    for (var e : rest.entrySet()) {
      if (!selector.matches(e.getValue().labels())) {
        continue;
      }
      if (limit != null && items.size() >= limit) {
        more = true;
        remaining++;
        continue;
      }
      items.add(e.getValue());
      lastKey = e.getKey();
    }
    return new Page(kind, rv, items, more ? encode(lastKey) : null, more ? remaining : null);
  }

  private boolean allowed(Principal who, String cluster, ResourceKind kind, String namespace) {
    try {
      var check = new AccessReviews.Check("list", kind.group(), kind.plural(), "", namespace, "");
      return reviews.check(cluster, who, List.of(check)).getFirst().answer().allowed();
    } catch (RuntimeException e) {
      log.debug("list cache: access review failed on cluster '{}' ({}); the apiserver answers the list", cluster, e.toString());
      return false;
    }
  }

  /** The collection already following the kind on this cluster's current connection, or null; neither started nor touched. */
  private CachedCollection followed(String cluster, ResourceKind kind) {
    CachedCollection c = collections.get(new Key(cluster, kind.group(), kind.version(), kind.plural()));
    return c != null && c.isFor(registry.client(cluster)) ? c : null;
  }

  private CachedCollection collection(String cluster, ResourceKind kind) {
    var key = new Key(cluster, kind.group(), kind.version(), kind.plural());
    var client = registry.client(cluster);
    CachedCollection c = collections.compute(key, (k, existing) -> {
      if (existing != null && existing.isFor(client)) {
        return existing; // a failed one too: the apiserver answers until dropIdle removes it, then the next list tries again
      }
      if (existing != null) {
        existing.close(); // the cluster's connection was replaced (its entry changed)
      }
      return CachedCollection.start(cluster, kind, client, clock);
    });
    if (c.failure().isEmpty()) {
      c.touch();
    }
    return c;
  }

  private void dropIdle() {
    var cutoff = clock.instant().minus(settings.idleTimeout());
    collections.entrySet().removeIf(e -> {
      if (e.getValue().lastUsed().isBefore(cutoff)) {
        log.info("list cache: no list of {} on cluster '{}' for {}; stopped following it", e.getValue().what(), e.getKey().cluster(),
            settings.idleTimeout());
        e.getValue().close();
        return true;
      }
      return false;
    });
  }

  /** Objects held now, over every cluster and kind followed (a meter). */
  public long objects() {
    return collections.values().stream().mapToLong(c -> c.objects().size()).sum();
  }

  /** Their JSON bytes (a meter: what the cache costs in heap, roughly). */
  public long bytes() {
    return collections.values().stream().mapToLong(c -> c.objects().bytes()).sum();
  }

  /** Lists answered from the cache since the start. */
  public long served() {
    return served.get();
  }

  static String name(ResourceKind kind) {
    return kind.group().isEmpty() ? kind.plural() : kind.plural() + "." + kind.group();
  }

  private static String encode(String key) {
    return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token.substring(TOKEN_PREFIX.length())), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("invalid continue token");
    }
  }

  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    collections.values().forEach(CachedCollection::close);
    collections.clear();
  }
}
