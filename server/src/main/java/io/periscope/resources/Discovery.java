package io.periscope.resources;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.k8s.Apiserver;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-cluster discovery cache. Discovery is the same for everyone (Kubernetes grants it to all
 * authenticated users), so it is read once per cluster with the server's own identity; every
 * call on objects still runs as the person. An entry is reloaded when it is older than the TTL,
 * or when the CRD fingerprint (names + resourceVersions, read as metadata only) changed since
 * the last check, which runs at most once per check interval; an unknown kind forces a check.
 */
public final class Discovery {
  private static final Logger log = LoggerFactory.getLogger(Discovery.class);
  private final ClusterRegistry registry;
  private final DiscoveryLoader loader;
  private final Clock clock;
  private final Duration ttl;
  private final Duration checkInterval;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Object> loadLocks = new ConcurrentHashMap<>();
  /** Forced checks (unknown kinds) run at most this often per cluster, so 404s cannot hammer the apiserver. */
  private static final Duration FORCED_CHECK_SPACING = Duration.ofSeconds(1);

  /** What one cluster serves, as last read. */
  public record Snapshot(String cluster, List<ResourceKind> kinds, List<String> problems, Instant fetchedAt) {}

  private record Entry(Snapshot snapshot, Map<String, ResourceKind> byKey, String crdFingerprint, Instant checkedAt) {}

  public Discovery(ClusterRegistry registry, Apiserver apiserver, Clock clock, Duration ttl, Duration checkInterval) {
    this.registry = registry;
    this.loader = new DiscoveryLoader(apiserver);
    this.clock = clock;
    this.ttl = ttl;
    this.checkInterval = checkInterval;
  }

  public Snapshot snapshot(String cluster) {
    return current(cluster, false).snapshot();
  }

  /**
   * The kind a URL names ({@code core} for the core group).
   *
   * @throws Problem 404 {@code unknown_kind} when the cluster serves no such resource
   */
  public ResourceKind resolve(String cluster, String urlGroup, String version, String plural) {
    String group = ResourceKind.CORE.equals(urlGroup) ? "" : urlGroup;
    String key = DiscoveryLoader.key(group, version, plural);
    ResourceKind kind = current(cluster, false).byKey().get(key);
    if (kind == null) {
      kind = current(cluster, true).byKey().get(key);
    }
    if (kind == null) {
      throw new Problem(ErrorCode.UNKNOWN_KIND, "cluster '" + cluster + "' serves no resource '" + plural + "' in "
          + (group.isEmpty() ? "the core group" : "group '" + group + "'") + " version '" + version + "'");
    }
    return kind;
  }

  /** The kind for an {@code apiVersion} + {@code kind} pair (owner references, manifests). */
  public Optional<ResourceKind> byKind(String cluster, String apiVersion, String kind) {
    return current(cluster, false).snapshot().kinds().stream()
        .filter(k -> k.apiVersion().equals(apiVersion) && k.kind().equals(kind)).findFirst();
  }

  /**
   * Reads the cluster's discovery now unless a fresh entry is cached, so the first page that needs
   * it does not wait (called when the cluster turns reachable). A failure is logged and left to
   * the next request, which reads again.
   */
  public void warm(String cluster) {
    try {
      Snapshot s = current(cluster, false).snapshot();
      log.info("discovery of cluster '{}' read ahead: {} kinds{}", cluster, s.kinds().size(),
          s.problems().isEmpty() ? "" : ", problems: " + s.problems());
    } catch (KubernetesClientException | Problem e) {
      log.info("discovery of cluster '{}' could not be read ahead ({}); the first request that needs it reads it", cluster, e.getMessage());
    }
  }

  /** Drops a cluster's entry (e.g. after the person created a CRD). */
  public void invalidate(String cluster) {
    entries.remove(cluster);
  }

  private Entry current(String cluster, boolean forceCheck) {
    registry.spec(cluster);
    Instant now = clock.instant();
    Entry e = entries.get(cluster);
    if (e != null && now.isBefore(e.snapshot().fetchedAt().plus(ttl))) {
      boolean due = !now.isBefore(e.checkedAt().plus(checkInterval));
      boolean forcedAllowed = forceCheck && !now.isBefore(e.checkedAt().plus(FORCED_CHECK_SPACING));
      if (!due && !forcedAllowed) {
        return e;
      }
      if (!changed(cluster, e)) {
        Entry checked = new Entry(e.snapshot(), e.byKey(), e.crdFingerprint(), now);
        entries.put(cluster, checked);
        return checked;
      }
    }
    return load(cluster, e);
  }

  private boolean changed(String cluster, Entry e) {
    try {
      return !loader.crdFingerprint(cluster, registry.client(cluster)).equals(e.crdFingerprint());
    } catch (KubernetesClientException | Problem unreadable) {
      return false; // CRDs not readable by the server: rely on the TTL
    }
  }

  /** One load per cluster at a time; a slow cluster never holds up discovery of another. */
  private Entry load(String cluster, Entry stale) {
    synchronized (loadLocks.computeIfAbsent(cluster, c -> new Object())) {
      Entry current = entries.get(cluster);
      if (current != null && current != stale) {
        return current; // another request reloaded it while this one waited
      }
      return reload(cluster);
    }
  }

  private Entry reload(String cluster) {
    var loaded = loader.load(cluster, registry.client(cluster));
    List<ResourceKind> sorted = loaded.kinds().values().stream()
        .sorted(Comparator.comparing(ResourceKind::group).thenComparing(ResourceKind::plural).thenComparing(ResourceKind::version))
        .toList();
    Instant now = clock.instant();
    Entry e = new Entry(new Snapshot(cluster, sorted, loaded.problems(), now), loaded.kinds(), loaded.crdFingerprint(), now);
    entries.put(cluster, e);
    return e;
  }
}
