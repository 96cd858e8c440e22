package io.periscope.aws.inspector;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.periscope.audit.AuditTrail;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.config.PeriscopeConfig;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;

/**
 * Inspector findings of every Inspector-enabled cluster, in memory, read on the server's own
 * identity. A cluster is hydrated on first use (its nodes listed and classified by their EC2
 * instances' tags, its pods watched, Inspector asked for their images' and instances' findings
 * and coverage), again after
 * {@code inspector.refreshInterval}, and digests and instances that appear later (a rollout, a
 * node that joins) are read as the pod and node watches see them. Calls to Inspector are bounded over all clusters; a failed hydrate is
 * retried with backoff and never holds up another cluster.
 */
public final class InspectorCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InspectorCache.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);

  /** Where a cluster's findings stand. */
  public enum Status { DISABLED, PENDING, READY, LOCKED, ERROR }

  /**
   * One cluster's findings at one moment.
   *
   * @param message why it is LOCKED (names the IAM action) or ERROR, or what is only partly known
   */
  public record Snapshot(String cluster, Status status, String message, Instant readAt, Map<String, Scan> images,
      Map<String, Scan> instances, List<NodeInstance> nodes, List<Pod> pods) {

    public Scan image(String digest) {
      return images.getOrDefault(digest, Scan.pending(digest));
    }

    public Scan instance(String id) {
      return instances.getOrDefault(id, Scan.pending(id));
    }
  }

  private static final class ClusterState {
    final KubernetesClient client;
    SharedIndexInformer<Pod> pods;
    SharedIndexInformer<Node> nodes;
    volatile Snapshot snapshot;
    volatile Instant nextAttempt = Instant.MIN;
    volatile Duration backoff = FIRST_BACKOFF;
    final AtomicBoolean busy = new AtomicBoolean();
    final Set<String> newDigests = ConcurrentHashMap.newKeySet();
    final Set<String> newInstances = ConcurrentHashMap.newKeySet();

    ClusterState(KubernetesClient client) {
      this.client = client;
    }
  }

  private final ClusterRegistry clusters;
  private final InspectorApi api;
  private final Clock clock;
  private final PeriscopeConfig.Inspector settings;
  private final Semaphore calls;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private java.util.concurrent.ScheduledExecutorService ticker;
  private final Map<String, ClusterState> states = new ConcurrentHashMap<>();

  public InspectorCache(ClusterRegistry clusters, InspectorApi api, Clock clock, PeriscopeConfig.Inspector settings) {
    this.clusters = clusters;
    this.api = api;
    this.clock = clock;
    this.settings = settings;
    this.calls = new Semaphore(settings.maxConcurrentCalls());
  }

  /** Runs {@link #tick} every {@code period} until closed (the server; tests call {@link #tick} themselves). */
  public synchronized InspectorCache start(Duration period) {
    if (ticker == null) {
      ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("inspector-refresh").daemon().factory());
      ticker.scheduleWithFixedDelay(() -> {
        try {
          tick();
        } catch (RuntimeException e) {
          log.warn("Inspector refresh pass failed", e);
        }
      }, period.toMillis(), period.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** Whether the cluster's entry (or else the server's default) turns Inspector on. */
  public boolean enabled(ClusterSpec spec) {
    return spec.inspector().orElse(settings.enabled());
  }

  /** The cluster's findings as they are now; the first call starts the hydrate in the background ({@code PENDING} until done). */
  public Snapshot snapshot(String cluster) {
    ClusterSpec spec = clusters.spec(cluster);
    if (!enabled(spec)) {
      return empty(cluster, Status.DISABLED, "Inspector is off for this cluster (inspector.enabled)");
    }
    ClusterState state = state(cluster);
    Snapshot s = state.snapshot;
    if (s == null) {
      schedule(cluster, state);
      return empty(cluster, Status.PENDING, "reading findings from Amazon Inspector");
    }
    return s;
  }

  /**
   * The periodic pass: clusters whose findings are older than the refresh interval (or whose last
   * attempt failed, once its backoff has passed) hydrate again; digests the pod watch saw appear are read.
   */
  public void tick() {
    Instant now = clock.instant();
    for (var e : states.entrySet()) {
      ClusterState state = e.getValue();
      Snapshot s = state.snapshot;
      boolean stale = s == null || s.readAt() == null || !now.isBefore(s.readAt().plus(settings.refreshInterval()))
          || s.status() == Status.ERROR || s.status() == Status.LOCKED;
      if (stale && !now.isBefore(state.nextAttempt)) {
        schedule(e.getKey(), state);
      } else if (!state.newDigests.isEmpty() || !state.newInstances.isEmpty()) {
        workers.submit(() -> readNew(e.getKey(), state));
      }
    }
  }

  private void schedule(String cluster, ClusterState state) {
    if (state.busy.compareAndSet(false, true)) {
      workers.submit(() -> {
        try {
          hydrate(cluster, state);
        } finally {
          state.busy.set(false);
        }
      });
    }
  }

  private ClusterState state(String cluster) {
    KubernetesClient client = clusters.client(cluster);
    return states.compute(cluster, (k, old) -> {
      if (old != null && old.client == client) {
        return old;
      }
      if (old != null && old.pods != null) {
        old.pods.close();
      }
      if (old != null && old.nodes != null) {
        old.nodes.close();
      }
      return new ClusterState(client);
    });
  }

  private Snapshot hydrate(String cluster, ClusterState state) {
    ClusterSpec spec = clusters.spec(cluster);
    Instant now = clock.instant();
    Optional<Region> region = spec.region().map(Region::of);
    if (region.isEmpty()) {
      return publish(state, empty(cluster, Status.ERROR, "cluster '" + cluster + "' names no AWS region: give its 'region' or 'arn' in clusters.yaml"));
    }
    try {
      // Started once; digests and instances that appear later (a rollout, Karpenter, a node group
      // scaling out) are read as the watches see them.
      state.pods = informing(state.pods, state.client.pods().inAnyNamespace(), pod -> noteDigests(state, pod));
      state.nodes = informing(state.nodes, state.client.nodes(), node -> noteInstance(state, node));
      List<NodeInstance> listed = instancesOf(state.nodes.getStore().list());
      List<Pod> pods = List.copyOf(state.pods.getStore().list());
      Map<String, Scan> images = readImages(region.get(), imagesOf(pods), now);
      Map<String, Scan> instances = readInstances(region.get(), listed.stream().map(NodeInstance::instanceId).toList(), now);
      Classified nodes = classify(cluster, region.get(), listed);
      state.backoff = FIRST_BACKOFF;
      state.newDigests.removeAll(images.keySet());
      state.newInstances.removeAll(instances.keySet());
      return publish(state, new Snapshot(cluster, Status.READY, nodes.note(), now, images, instances, nodes.nodes(), pods));
    } catch (Problem p) {
      Status status = p.code().equals(ErrorCode.AWS_ACCESS_DENIED.code()) ? Status.LOCKED : Status.ERROR;
      state.nextAttempt = now.plus(state.backoff);
      state.backoff = state.backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : state.backoff.multipliedBy(2);
      log.warn("cluster '{}': Inspector hydrate failed: {}", cluster, p.getMessage());
      Snapshot old = state.snapshot;
      return publish(state, old == null || old.readAt() == null
          ? empty(cluster, status, p.getMessage())
          : new Snapshot(cluster, status, p.getMessage(), old.readAt(), old.images(), old.instances(), old.nodes(), old.pods()));
    } catch (RuntimeException e) {
      state.nextAttempt = now.plus(state.backoff);
      log.warn("cluster '{}': Inspector hydrate failed", cluster, e);
      return publish(state, empty(cluster, Status.ERROR, "the server could not read the cluster's nodes and pods with its own identity: "
          + AuditTrail.reasonOf(e)));
    }
  }

  /** Nodes classified by their instances' EC2 tags, or by their labels (and {@code note} says why) when EC2 refuses. */
  private record Classified(List<NodeInstance> nodes, String note) {}

  private Classified classify(String cluster, Region region, List<NodeInstance> nodes) {
    if (nodes.isEmpty()) {
      return new Classified(nodes, "");
    }
    try {
      Map<String, Map<String, String>> tags = limited(() -> api.instanceTags(region, nodes.stream().map(NodeInstance::instanceId).toList()));
      // an instance EC2 no longer lists (terminated since the node list) keeps its labels' guess
      return new Classified(nodes.stream().map(n -> tags.containsKey(n.instanceId()) ? n.withTags(tags.get(n.instanceId())) : n).toList(), "");
    } catch (Problem p) {
      log.warn("cluster '{}': nodes classified by their labels, not their EC2 tags: {}", cluster, p.getMessage());
      return new Classified(nodes, "nodes classified by their labels, not their EC2 tags: " + p.getMessage());
    }
  }

  private Snapshot publish(ClusterState state, Snapshot s) {
    state.snapshot = s;
    return s;
  }

  /**
   * The informer, started again unless it runs; {@code seen} is told of every object added or
   * updated (a pod's new digests, a node whose providerID was set after it registered). Deletions
   * need nothing: the chips read the live lists, and a scan no one needs stays cached until the
   * next hydrate.
   */
  private static <T> SharedIndexInformer<T> informing(SharedIndexInformer<T> current, Informable<T> source, Consumer<T> seen) {
    if (current != null && current.isRunning()) {
      return current;
    }
    if (current != null) {
      current.close();
    }
    return source.inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T added) {
        seen.accept(added);
      }

      @Override
      public void onUpdate(T old, T updated) {
        seen.accept(updated);
      }

      @Override
      public void onDelete(T deleted, boolean unknown) {
        // see above
      }
    });
  }

  private static void noteInstance(ClusterState state, Node node) {
    Snapshot s = state.snapshot;
    NodeInstance.of(node).filter(n -> s != null && !s.instances().containsKey(n.instanceId()))
        .ifPresent(n -> state.newInstances.add(n.instanceId()));
  }

  private static List<NodeInstance> instancesOf(List<Node> nodes) {
    return nodes.stream().map(NodeInstance::of).flatMap(Optional::stream).toList();
  }

  private void noteDigests(ClusterState state, Pod pod) {
    Snapshot s = state.snapshot;
    for (PodImages.Image i : PodImages.of(pod)) {
      if (s != null && !s.images().containsKey(i.digest())) {
        state.newDigests.add(i.digest());
      }
    }
  }

  /** Reads the digests and instances the pod and node watches saw appear since the last hydrate. */
  private void readNew(String cluster, ClusterState state) {
    if (!state.busy.compareAndSet(false, true)) {
      return;
    }
    try {
      Snapshot s = state.snapshot;
      ClusterSpec spec = clusters.spec(cluster);
      if (s == null || spec.region().isEmpty() || state.pods == null || state.nodes == null) {
        return;
      }
      Region region = Region.of(spec.region().get());
      Instant now = clock.instant();
      Set<String> wantedDigests = new HashSet<>(state.newDigests);
      Set<String> wantedInstances = new HashSet<>(state.newInstances);
      List<Pod> pods = List.copyOf(state.pods.getStore().list());
      List<PodImages.Image> images = imagesOf(pods).stream().filter(i -> wantedDigests.contains(i.digest())).toList();
      Map<String, Scan> mergedImages = new HashMap<>(s.images());
      mergedImages.putAll(readImages(region, images, now));
      Map<String, Scan> mergedInstances = new HashMap<>(s.instances());
      List<NodeInstance> nodes = s.nodes();
      String message = s.message();
      if (!wantedInstances.isEmpty()) {
        List<NodeInstance> joined = instancesOf(state.nodes.getStore().list()).stream()
            .filter(n -> wantedInstances.contains(n.instanceId())).toList();
        mergedInstances.putAll(readInstances(region, joined.stream().map(NodeInstance::instanceId).toList(), now));
        Classified classified = classify(cluster, region, joined);
        Map<String, NodeInstance> byId = new LinkedHashMap<>();
        s.nodes().forEach(n -> byId.put(n.instanceId(), n));
        classified.nodes().forEach(n -> byId.put(n.instanceId(), n));
        nodes = List.copyOf(byId.values());
        message = classified.note().isEmpty() ? message : classified.note();
      }
      state.newDigests.removeAll(wantedDigests);
      state.newInstances.removeAll(wantedInstances);
      publish(state, new Snapshot(cluster, s.status(), message, s.readAt(), mergedImages, mergedInstances, nodes, pods));
    } catch (Problem p) {
      log.warn("cluster '{}': reading new image digests or instances from Inspector failed: {}", cluster, p.getMessage());
    } finally {
      state.busy.set(false);
    }
  }

  /**
   * Reads these images and instances again now (a person's refresh of one entity) and puts the
   * answers in the cache. @throws Problem when Inspector refuses or fails
   */
  public Snapshot reread(String cluster, Collection<PodImages.Image> images, Collection<String> instanceIds) {
    ClusterSpec spec = clusters.spec(cluster);
    if (!enabled(spec)) {
      throw new Problem(ErrorCode.INSPECTOR_DISABLED, "Inspector is off for cluster '" + cluster + "' (inspector.enabled)");
    }
    Region region = Region.of(spec.region().orElseThrow(() -> Problem.badRequest("cluster '" + cluster + "' names no AWS region")));
    ClusterState state = state(cluster);
    Instant now = clock.instant();
    Map<String, Scan> imageScans = readImages(region, images, now);
    Map<String, Scan> instanceScans = readInstances(region, instanceIds, now);
    synchronized (state) {
      Snapshot s = state.snapshot;
      Snapshot base = s == null ? empty(cluster, Status.READY, "") : s;
      Map<String, Scan> mergedImages = new HashMap<>(base.images());
      mergedImages.putAll(imageScans);
      Map<String, Scan> mergedInstances = new HashMap<>(base.instances());
      mergedInstances.putAll(instanceScans);
      return publish(state, new Snapshot(cluster, base.status() == Status.PENDING ? Status.READY : base.status(), base.message(),
          base.readAt() == null ? now : base.readAt(), mergedImages, mergedInstances, base.nodes(), base.pods()));
    }
  }

  /** Whether a read of the cluster from Inspector is running now. */
  boolean reading(String cluster) {
    ClusterState state = states.get(cluster);
    return state != null && state.busy.get();
  }

  /** The pods the cluster's watch sees now (empty before the first hydrate). */
  public List<Pod> pods(String cluster) {
    ClusterState state = states.get(cluster);
    return state == null || state.pods == null ? List.of() : List.copyOf(state.pods.getStore().list());
  }

  private static List<PodImages.Image> imagesOf(List<Pod> pods) {
    Map<String, PodImages.Image> out = new LinkedHashMap<>();
    for (Pod p : pods) {
      for (PodImages.Image i : PodImages.of(p)) {
        out.putIfAbsent(i.digest(), i);
      }
    }
    return List.copyOf(out.values());
  }

  /**
   * Findings and coverage of these images. A digest Inspector does not know may be a multi-arch
   * image index: the scanned images of the same ECR repository and tag are then its platforms.
   */
  private Map<String, Scan> readImages(Region region, Collection<PodImages.Image> images, Instant now) {
    Map<String, Scan> out = new HashMap<>();
    if (images.isEmpty()) {
      return out;
    }
    Set<String> digests = new HashSet<>();
    images.forEach(i -> digests.add(i.digest()));
    Set<String> repositories = new HashSet<>();
    images.forEach(i -> i.repository().ifPresent(repositories::add));
    List<InspectorApi.Coverage> coverage = repositories.isEmpty() ? List.of() : limited(() -> api.imageCoverage(region, repositories));
    Map<String, InspectorApi.Coverage> byDigest = new HashMap<>();
    coverage.forEach(c -> byDigest.put(c.digest(), c));
    Map<String, List<String>> platforms = new HashMap<>();
    for (PodImages.Image i : images) {
      if (!byDigest.containsKey(i.digest()) && i.repository().isPresent() && i.tag().isPresent()) {
        List<String> tagged = coverage.stream()
            .filter(c -> c.resourceId().contains(":repository/" + i.repository().get() + "/sha256:") && c.tags().contains(i.tag().get()))
            .map(InspectorApi.Coverage::digest).toList();
        if (!tagged.isEmpty()) {
          platforms.put(i.digest(), tagged);
          digests.addAll(tagged);
        }
      }
    }
    Map<String, List<Finding>> findings = new HashMap<>();
    for (Finding f : limited(() -> api.imageFindings(region, digests))) {
      findings.computeIfAbsent(f.resourceId(), k -> new ArrayList<>()).add(f);
    }
    for (PodImages.Image i : images) {
      List<String> scanned = platforms.getOrDefault(i.digest(), List.of(i.digest()));
      List<Finding> all = new ArrayList<>();
      scanned.forEach(d -> all.addAll(findings.getOrDefault(d, List.of())));
      boolean active = scanned.stream().anyMatch(d -> byDigest.containsKey(d) && byDigest.get(d).active());
      if (active || !all.isEmpty()) {
        out.put(i.digest(), Scan.scanned(i.digest(), all, now, platforms.getOrDefault(i.digest(), List.of())));
      } else if (byDigest.containsKey(i.digest())) {
        out.put(i.digest(), Scan.notScanned(i.digest(), "Inspector does not scan it: " + byDigest.get(i.digest()).reason(), now));
      } else {
        out.put(i.digest(), Scan.notScanned(i.digest(), i.repository().isEmpty()
            ? "not an Amazon ECR image: Inspector scans images in ECR only" : "not in Inspector's coverage", now));
      }
    }
    return out;
  }

  private Map<String, Scan> readInstances(Region region, Collection<String> ids, Instant now) {
    Map<String, Scan> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    Map<String, InspectorApi.Coverage> coverage = new HashMap<>();
    limited(() -> api.instanceCoverage(region, ids)).forEach(c -> coverage.put(c.resourceId(), c));
    Map<String, List<Finding>> findings = new HashMap<>();
    for (Finding f : limited(() -> api.instanceFindings(region, ids))) {
      findings.computeIfAbsent(f.resourceId(), k -> new ArrayList<>()).add(f);
    }
    for (String id : ids) {
      List<Finding> found = findings.getOrDefault(id, List.of());
      InspectorApi.Coverage c = coverage.get(id);
      if (c != null && c.active() || !found.isEmpty()) {
        out.put(id, Scan.scanned(id, found, now, List.of()));
      } else {
        out.put(id, Scan.notScanned(id, c == null ? "not in Inspector's coverage (is the SSM agent running, or agentless scanning on?)"
            : "Inspector does not scan it: " + c.reason(), now));
      }
    }
    return out;
  }

  /** One Inspector call, at most {@code inspector.maxConcurrentCalls} at once over all clusters. */
  private <T> T limited(Supplier<T> call) {
    try {
      calls.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Problem(ErrorCode.INTERRUPTED, "interrupted while waiting to call Inspector");
    }
    try {
      return call.get();
    } finally {
      calls.release();
    }
  }

  private static Snapshot empty(String cluster, Status status, String message) {
    return new Snapshot(cluster, status, message, null, Map.of(), Map.of(), List.of(), List.of());
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    workers.shutdownNow();
    states.values().forEach(s -> {
      if (s.pods != null) {
        s.pods.close();
      }
      if (s.nodes != null) {
        s.nodes.close();
      }
    });
    states.clear();
  }
}
