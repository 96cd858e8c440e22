package io.periscope.aws.identity;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.problem.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per cluster, which IAM roles each ServiceAccount's pods get: IRSA annotations from a
 * ServiceAccount watch (an informer) under the <em>server's</em> identity, kept current as
 * ServiceAccounts change, and the cluster's EKS Pod Identity associations, re-read after
 * {@code freshness}. Built on first use and rebuilt on demand ({@link #rebuild}); each build is
 * audited {@code aws_identity_read} {@code ensure_sa_roles} for the person who caused it.
 *
 * <p>The index knows every ServiceAccount of the cluster, whatever the person may read: callers
 * show only what the person may list (the reverse lookup joins it to the pods the person lists).
 */
public final class ServiceAccountRoleIndex implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceAccountRoleIndex.class);

  /** Where a binding comes from. */
  public enum Source { IRSA, POD_IDENTITY }

  /** Pods of {@code namespace} running as {@code serviceAccount} get {@code roleArn} through {@code source}. */
  public record Binding(String namespace, String serviceAccount, String roleArn, Source source) {}

  /**
   * The index at one moment.
   *
   * @param podIdentityReadAt when the Pod Identity associations were listed (null: the cluster has none to list)
   * @param problems what could not be read (the rest is still indexed)
   */
  public record Snapshot(String cluster, List<Binding> bindings, int serviceAccounts, Instant podIdentityReadAt, List<String> problems) {
    public Snapshot {
      bindings = List.copyOf(bindings);
      problems = List.copyOf(problems);
    }

    /** The bindings of one ServiceAccount, IRSA first (the SDKs in the pod use it when both are set). */
    public List<Binding> of(String namespace, String serviceAccount) {
      return bindings.stream().filter(b -> b.namespace().equals(namespace) && b.serviceAccount().equals(serviceAccount)).toList();
    }
  }

  /** The watched ServiceAccounts of one cluster, and its Pod Identity associations as last read. */
  private static final class ClusterIndex {
    final KubernetesClient client;
    final SharedIndexInformer<ServiceAccount> informer;
    final Optional<String> informerProblem;
    volatile PodIdentityRead podIdentity;

    ClusterIndex(KubernetesClient client, SharedIndexInformer<ServiceAccount> informer, Optional<String> informerProblem) {
      this.client = client;
      this.informer = informer;
      this.informerProblem = informerProblem;
    }

    void close() {
      if (informer != null) {
        informer.close();
      }
    }
  }

  private record PodIdentityRead(List<PodIdentityAssociations.Association> associations, Optional<String> problem, Instant readAt) {}

  private final ClusterRegistry clusters;
  private final PodIdentityAssociations podIdentity;
  private final AuditTrail trail;
  private final Clock clock;
  private final Duration freshness;
  private final Map<String, ClusterIndex> indexes = new ConcurrentHashMap<>();

  public ServiceAccountRoleIndex(ClusterRegistry clusters, PodIdentityAssociations podIdentity, AuditTrail trail, Clock clock,
      Duration freshness) {
    this.clusters = clusters;
    this.podIdentity = podIdentity;
    this.trail = trail;
    this.clock = clock;
    this.freshness = freshness;
  }

  /** The cluster's index, built first when there is none (or its client changed), Pod Identity re-read when stale. */
  public Snapshot snapshot(String cluster, Principal who, String requestId) {
    ClusterSpec spec = clusters.spec(cluster);
    ClusterIndex index = indexes.get(cluster);
    KubernetesClient client = clusters.client(cluster);
    boolean stale = index == null || index.client != client || index.informer != null && !index.informer.isRunning()
        || index.podIdentity == null || !clock.instant().isBefore(index.podIdentity.readAt().plus(freshness));
    return stale ? build(spec, who, requestId, false) : read(spec, index);
  }

  /** Re-lists the cluster's ServiceAccounts (a new watch) and re-reads its Pod Identity associations. */
  public Snapshot rebuild(String cluster, Principal who, String requestId) {
    return build(clusters.spec(cluster), who, requestId, true);
  }

  private synchronized Snapshot build(ClusterSpec spec, Principal who, String requestId, boolean relist) {
    var audit = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IDENTITY_READ,
        new AuditEvent.Target(spec.name(), "", "serviceaccounts", ""), Map.of("op", "ensure_sa_roles"));
    return trail.runNoting(audit, notes -> {
      KubernetesClient client = clusters.client(spec.name());
      ClusterIndex index = indexes.get(spec.name());
      if (relist || index == null || index.client != client || index.informer != null && !index.informer.isRunning()) {
        if (index != null) {
          index.close();
        }
        index = watch(spec.name(), client);
        indexes.put(spec.name(), index);
        notes.put("relisted", true);
      }
      index.podIdentity = readPodIdentity(spec, who, requestId);
      Snapshot snapshot = read(spec, index);
      notes.put("bindings", snapshot.bindings().size());
      return snapshot;
    });
  }

  /** Starts the cluster's ServiceAccount informer (it lists, then watches); a refusal is kept as the index's problem. */
  private static ClusterIndex watch(String cluster, KubernetesClient client) {
    try {
      return new ClusterIndex(client, client.serviceAccounts().inAnyNamespace().inform(), Optional.empty());
    } catch (RuntimeException e) {
      log.warn("cluster '{}': cannot watch ServiceAccounts with the server's identity: {}", cluster, e.toString());
      return new ClusterIndex(client, null, Optional.of("the server cannot list and watch ServiceAccounts in cluster '" + cluster
          + "' with its own identity (grant it get, list and watch on serviceaccounts): IRSA roles unknown: " + AuditTrail.reasonOf(e)));
    }
  }

  private PodIdentityRead readPodIdentity(ClusterSpec spec, Principal who, String requestId) {
    if (!PodIdentityAssociations.applies(spec)) {
      return new PodIdentityRead(List.of(), Optional.empty(), clock.instant());
    }
    var audit = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IDENTITY_READ,
        new AuditEvent.Target(spec.name(), "", "serviceaccounts", ""), Map.of("op", "list_pod_identity"));
    try {
      return new PodIdentityRead(podIdentity.list(spec, audit, Optional.empty(), Optional.empty()), Optional.empty(), clock.instant());
    } catch (Problem e) {
      return new PodIdentityRead(List.of(), Optional.of("Pod Identity associations unknown: " + e.getMessage()), clock.instant());
    }
  }

  private static Snapshot read(ClusterSpec spec, ClusterIndex index) {
    List<Binding> bindings = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    index.informerProblem.ifPresent(problems::add);
    int serviceAccounts = 0;
    if (index.informer != null) {
      for (ServiceAccount sa : index.informer.getStore().list()) {
        serviceAccounts++;
        WorkloadIdentities.irsaRole(sa).ifPresent(role ->
            bindings.add(new Binding(sa.getMetadata().getNamespace(), sa.getMetadata().getName(), role, Source.IRSA)));
      }
    }
    PodIdentityRead pi = index.podIdentity;
    pi.associations().forEach(a -> bindings.add(new Binding(a.namespace(), a.serviceAccount(), a.roleArn(), Source.POD_IDENTITY)));
    pi.problem().ifPresent(problems::add);
    bindings.sort(Comparator.comparing(Binding::namespace).thenComparing(Binding::serviceAccount).thenComparing(Binding::source));
    return new Snapshot(spec.name(), bindings, serviceAccounts, PodIdentityAssociations.applies(spec) ? pi.readAt() : null, problems);
  }

  @Override
  public void close() {
    indexes.values().forEach(ClusterIndex::close);
    indexes.clear();
  }
}
