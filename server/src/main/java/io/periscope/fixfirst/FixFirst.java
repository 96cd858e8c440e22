package io.periscope.fixfirst;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.iam.ClusterRolePolicies;
import io.periscope.aws.iam.RolePolicySet;
import io.periscope.aws.iam.SensitiveCatalog;
import io.periscope.aws.iam.WorkloadPermissions;
import io.periscope.aws.identity.ServiceAccountRoleIndex;
import io.periscope.aws.inspector.Finding;
import io.periscope.aws.inspector.InspectorCache;
import io.periscope.aws.inspector.InspectorEntity;
import io.periscope.aws.inspector.PodImages;
import io.periscope.aws.inspector.Scan;
import io.periscope.aws.inspector.Severity;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.fixfirst.FixFirstScore.Factor;
import io.periscope.fixfirst.FixFirstScore.ImageFinding;
import io.periscope.fixfirst.FixFirstScore.RoleReach;
import io.periscope.fixfirst.FixFirstScore.Signal;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The fix-first list of one cluster. Workloads, pods, Services and Ingresses are listed as the
 * person (impersonated), all kinds at once: a kind they may not list leaves the list partial, with
 * the reason, and never fails it. CVEs come from the {@link InspectorCache}, roles from the
 * {@link ServiceAccountRoleIndex} and their policies from the shared cache ({@link ClusterRolePolicies}), all under
 * the server's identity as their own features read them; a signal whose source is off or failing
 * is reported "not available" and scores 1.
 */
public final class FixFirst {
  /** The scoring rule, as the answer states it. */
  static final String SCORING = "score = exposure × exploitability × IAM × pod spec; each factor is 1 without its signal "
      + "(exposure 3 public, 2 NodePort/limited; exploitability 4 critical+exploit, 3 high+exploit, 2 other exploit, 1.5 critical; "
      + "IAM 3 privilege escalation, 2 other sensitive action; pod spec 3 node escape, 1.5 elevated, 1.2 may run as root)";
  /** CVEs a row lists (the Security tab has them all). */
  private static final int CVES_SHOWN = 5;

  private final ClusterRegistry clusters;
  private final ImpersonatingClients clients;
  private final InspectorCache inspector;
  private final ServiceAccountRoleIndex index;
  private final ClusterRolePolicies policies;
  private final SensitiveCatalog catalog;
  private final AuditTrail trail;
  private final Clock clock;

  public FixFirst(ClusterRegistry clusters, ImpersonatingClients clients, InspectorCache inspector, ServiceAccountRoleIndex index,
      ClusterRolePolicies policies, SensitiveCatalog catalog, AuditTrail trail, Clock clock) {
    this.clusters = clusters;
    this.clients = clients;
    this.inspector = inspector;
    this.index = index;
    this.policies = policies;
    this.catalog = catalog;
    this.trail = trail;
    this.clock = clock;
  }

  /**
   * Whether a signal could be used, and what is missing from it; {@code pending}: its source is
   * still being read (Inspector's first read of the cluster), so asking again soon will have more.
   */
  public record SignalState(Signal signal, boolean available, boolean pending, String note) {
    SignalState(Signal signal, boolean available, String note) {
      this(signal, available, false, note);
    }
  }

  /** A CVE a row names: the exploitable and critical ones of the workload's images, worst first. */
  public record Cve(String vulnerabilityId, Severity severity, boolean exploitAvailable, String packageName, String installedVersion,
      String image) {}

  /**
   * One workload. {@code kind} its resource name ({@code deployments}, ... {@code pods});
   * {@code securityTab}: the kind has a Security tab; {@code services}: Services selecting its pods.
   */
  public record Row(String kind, String namespace, String name, String serviceAccount, int pods, double score, List<String> why,
      List<Factor> factors, List<Exposures.Via> exposure, List<Cve> cves, int exploitableCves, List<RoleReach> roles,
      List<PodSpecRisks.Risk> podSpec, List<String> services, boolean securityTab) {}

  /**
   * @param workloads every workload listed; {@code rows} only those with a signal
   * @param partial some kind could not be listed ({@code problems} says which and why)
   */
  public record Answer(String cluster, Optional<String> namespace, List<Row> rows, int workloads, boolean partial, List<String> problems,
      List<SignalState> signals, String scoring, Instant readAt) {}

  public Answer of(Principal who, String requestId, String cluster, Optional<String> namespace) {
    clusters.spec(cluster); // 404 for a cluster that is not configured
    KubernetesClient client = clients.forUser(cluster, who);
    List<String> problems = new ArrayList<>();
    Lists lists = list(client, namespace);
    List<WorkloadGroups.Workload> workloads = WorkloadGroups.of(new WorkloadGroups.Listed(lists.pods.get(problems),
        lists.deployments.get(problems), lists.statefulSets.get(problems), lists.daemonSets.get(problems), lists.cronJobs.get(problems),
        lists.jobs.get(problems)));
    int before = problems.size();
    List<Service> services = lists.services.get(problems);
    List<Ingress> ingresses = lists.ingresses.get(problems);
    List<SignalState> signals = new ArrayList<>();
    signals.add(new SignalState(Signal.EXPOSURE, lists.services.listed(), String.join("; ", problems.subList(before, problems.size()))));

    Function<WorkloadGroups.Workload, List<ImageFinding>> findings = cves(cluster, lists.podsListed(), signals);
    Function<WorkloadGroups.Workload, List<RoleReach>> roles = roles(who, requestId, cluster, workloads, signals);
    signals.add(new SignalState(Signal.POD_SPEC, true, ""));
    signals.sort(Comparator.comparing(SignalState::signal));

    List<Row> rows = new ArrayList<>();
    for (WorkloadGroups.Workload w : workloads) {
      List<Exposures.Via> exposure = Exposures.of(w.namespace(), w.labelSets(), services, ingresses);
      List<ImageFinding> found = findings.apply(w);
      List<RoleReach> reach = roles.apply(w);
      List<PodSpecRisks.Risk> risks = PodSpecRisks.of(w.spec() != null ? w.spec() : w.pods().isEmpty() ? null : w.pods().getFirst().getSpec());
      FixFirstScore.Score score = FixFirstScore.score(exposure, found, reach, risks);
      if (score.value() <= 1) {
        continue;
      }
      List<String> selecting = Exposures.selecting(w.namespace(), w.labelSets(), services).stream().map(s -> s.getMetadata().getName()).toList();
      rows.add(new Row(w.kind(), w.namespace(), w.name(), w.serviceAccount(), w.pods().size(), score.value(), score.why(), score.factors(),
          exposure, cveList(found), (int) found.stream().filter(f -> f.finding().exploitAvailable()).map(f -> f.finding().vulnerabilityId())
              .distinct().count(), reach.stream().filter(r -> !r.sensitive().isEmpty()).toList(), risks, selecting,
          InspectorEntity.of(w.kind()).isPresent()));
    }
    rows.sort(Comparator.comparingDouble(Row::score).reversed().thenComparing(Row::namespace).thenComparing(Row::name)
        .thenComparing(Row::kind));
    return new Answer(cluster, namespace, rows, workloads.size(), !problems.isEmpty(), problems, signals, SCORING, clock.instant());
  }

  /** The CVE signal: each workload's pods' images' findings from the Inspector cache (never a new read). */
  private Function<WorkloadGroups.Workload, List<ImageFinding>> cves(String cluster, boolean podsListed, List<SignalState> signals) {
    InspectorCache.Snapshot snapshot = inspector.snapshot(cluster);
    if (snapshot.status() != InspectorCache.Status.READY && snapshot.images().isEmpty()) {
      signals.add(new SignalState(Signal.CVE, false, snapshot.status() == InspectorCache.Status.PENDING,
          "Inspector findings not available: " + snapshot.message()));
      return w -> List.of();
    }
    String note = snapshot.status() == InspectorCache.Status.READY ? "" : "Inspector findings may be stale: " + snapshot.message();
    if (!podsListed) {
      note = (note.isEmpty() ? "" : note + "; ") + "CVEs come from running pods, which you may not list";
    }
    signals.add(new SignalState(Signal.CVE, podsListed, note));
    return w -> {
      List<ImageFinding> out = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      for (Pod pod : w.pods()) {
        for (PodImages.Image image : PodImages.of(pod)) {
          if (seen.add(image.digest())) {
            Scan scan = snapshot.image(image.digest());
            scan.findings().forEach(f -> out.add(new ImageFinding(image.image(), f)));
          }
        }
      }
      return out;
    };
  }

  /**
   * The IAM signal: the roles of each workload's ServiceAccount (IRSA and Pod Identity, from the
   * index) and the sensitive actions their identity policies reach. Audited as {@code aws_iam_read}
   * {@code fix_first}, besides each IAM call made.
   */
  private Function<WorkloadGroups.Workload, List<RoleReach>> roles(Principal who, String requestId, String cluster,
      List<WorkloadGroups.Workload> workloads, List<SignalState> signals) {
    if (clusters.spec(cluster).region().isEmpty()) {
      signals.add(new SignalState(Signal.IAM, false, "not on AWS: the cluster's entry names no AWS region"));
      return w -> List.of();
    }
    var rollup = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IAM_READ,
        new AuditEvent.Target(cluster, "", "workloads", ""), Map.of("op", "fix_first"));
    try {
      return trail.runNoting(rollup, notes -> {
        ServiceAccountRoleIndex.Snapshot snapshot = index.snapshot(cluster, who, requestId);
        Map<String, List<String>> byAccount = new LinkedHashMap<>();
        Set<String> roleArns = new LinkedHashSet<>();
        for (WorkloadGroups.Workload w : workloads) {
          List<String> arns = snapshot.of(w.namespace(), w.serviceAccount()).stream().map(ServiceAccountRoleIndex.Binding::roleArn)
              .distinct().toList();
          byAccount.put(w.namespace() + "/" + w.serviceAccount(), arns);
          roleArns.addAll(arns);
        }
        Map<String, RolePolicySet> sets = policies.of(who, requestId, new AuditEvent.Target(cluster, "", "workloads", ""), roleArns);
        Map<String, RoleReach> reach = new LinkedHashMap<>();
        List<String> gaps = new ArrayList<>(snapshot.problems());
        sets.forEach((arn, set) -> {
          reach.put(arn, new RoleReach(arn, WorkloadPermissions.chips(catalog, set.documents())));
          String role = FixFirstScore.roleName(arn);
          // The cache's own problems usually name the role already ("role not found: <role> was deleted…").
          set.problems().forEach(p -> gaps.add(p.contains(role) ? p : role + ": " + p));
        });
        notes.put("roles", roleArns.size());
        signals.add(new SignalState(Signal.IAM, true, String.join("; ", gaps)));
        return w -> byAccount.getOrDefault(w.namespace() + "/" + w.serviceAccount(), List.of()).stream().map(reach::get).toList();
      });
    } catch (RuntimeException e) {
      signals.add(new SignalState(Signal.IAM, false, "IAM not available: " + (e instanceof Problem p ? p.getMessage() : AuditTrail.reasonOf(e))));
      return w -> List.of();
    }
  }

  private static List<Cve> cveList(List<ImageFinding> found) {
    Map<String, Cve> out = new LinkedHashMap<>();
    found.stream().filter(f -> f.finding().exploitAvailable() || f.finding().severity() == Severity.CRITICAL)
        .sorted(Comparator.comparingDouble((ImageFinding f) -> -FixFirstScore.weight(f.finding())).thenComparingDouble(f -> -f.finding().score())
            .thenComparing(f -> f.finding().vulnerabilityId()))
        .forEach(f -> {
          Finding x = f.finding();
          out.putIfAbsent(x.vulnerabilityId(), new Cve(x.vulnerabilityId(), x.severity(), x.exploitAvailable(), x.packageName(),
              x.installedVersion(), f.image()));
        });
    return out.values().stream().limit(CVES_SHOWN).toList();
  }

  /** The person's lists, read at once; each answers its items, or nothing and a problem. */
  private Lists list(KubernetesClient k, Optional<String> ns) {
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      return new Lists(
          read(threads, "pods", () -> ns.isPresent() ? k.pods().inNamespace(ns.get()).list().getItems() : k.pods().inAnyNamespace().list().getItems()),
          read(threads, "deployments", () -> ns.isPresent() ? k.apps().deployments().inNamespace(ns.get()).list().getItems()
              : k.apps().deployments().inAnyNamespace().list().getItems()),
          read(threads, "statefulsets", () -> ns.isPresent() ? k.apps().statefulSets().inNamespace(ns.get()).list().getItems()
              : k.apps().statefulSets().inAnyNamespace().list().getItems()),
          read(threads, "daemonsets", () -> ns.isPresent() ? k.apps().daemonSets().inNamespace(ns.get()).list().getItems()
              : k.apps().daemonSets().inAnyNamespace().list().getItems()),
          read(threads, "cronjobs", () -> ns.isPresent() ? k.batch().v1().cronjobs().inNamespace(ns.get()).list().getItems()
              : k.batch().v1().cronjobs().inAnyNamespace().list().getItems()),
          read(threads, "jobs", () -> ns.isPresent() ? k.batch().v1().jobs().inNamespace(ns.get()).list().getItems()
              : k.batch().v1().jobs().inAnyNamespace().list().getItems()),
          read(threads, "services", () -> ns.isPresent() ? k.services().inNamespace(ns.get()).list().getItems()
              : k.services().inAnyNamespace().list().getItems()),
          read(threads, "ingresses", () -> ns.isPresent() ? k.network().v1().ingresses().inNamespace(ns.get()).list().getItems()
              : k.network().v1().ingresses().inAnyNamespace().list().getItems()));
    }
  }

  private static <T> Listing<T> read(java.util.concurrent.ExecutorService threads, String what, java.util.function.Supplier<List<T>> list) {
    return new Listing<>(what, CompletableFuture.supplyAsync(list, threads));
  }

  /** One kind being listed as the person. */
  private record Listing<T>(String what, CompletableFuture<List<T>> items) {
    /** The items, or none and the reason added to {@code problems}. */
    List<T> get(List<String> problems) {
      try {
        return items.join();
      } catch (java.util.concurrent.CompletionException e) {
        problems.add(problem(what, e.getCause()));
        return List.of();
      }
    }

    boolean listed() {
      return !items.isCompletedExceptionally();
    }
  }

  private record Lists(Listing<Pod> pods, Listing<io.fabric8.kubernetes.api.model.apps.Deployment> deployments,
      Listing<io.fabric8.kubernetes.api.model.apps.StatefulSet> statefulSets, Listing<io.fabric8.kubernetes.api.model.apps.DaemonSet> daemonSets,
      Listing<io.fabric8.kubernetes.api.model.batch.v1.CronJob> cronJobs, Listing<io.fabric8.kubernetes.api.model.batch.v1.Job> jobs,
      Listing<Service> services, Listing<Ingress> ingresses) {
    boolean podsListed() {
      return pods.listed();
    }
  }

  static String problem(String what, Throwable e) {
    if (e instanceof KubernetesClientException k) {
      if (k.getCode() == 403) {
        return "you may not list " + what + ": " + KubernetesErrors.message(k);
      }
      if (k.getCode() == 404) {
        return what + " are not served by this cluster's apiserver";
      }
      return "listing " + what + " failed: " + KubernetesErrors.message(k);
    }
    return "listing " + what + " failed: " + AuditTrail.reasonOf(e);
  }
}
