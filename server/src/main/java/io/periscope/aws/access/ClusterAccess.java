package io.periscope.aws.access;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.aws.access.ClusterAccessView.AwsAuthRead;
import io.periscope.aws.access.ClusterAccessView.AwsAuthState;
import io.periscope.aws.access.ClusterAccessView.EntrySide;
import io.periscope.aws.access.ClusterAccessView.Mapped;
import io.periscope.aws.access.ClusterAccessView.PrincipalRow;
import io.periscope.aws.access.ClusterAccessView.RoleSource;
import io.periscope.aws.access.ClusterAccessView.ServiceAccountRow;
import io.periscope.aws.iam.ClusterRolePolicies;
import io.periscope.aws.iam.RolePolicySet;
import io.periscope.aws.identity.PodIdentityAssociations;
import io.periscope.aws.identity.ServiceAccountRoleIndex;
import io.periscope.aws.identity.WorkloadIdentities;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.Problem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Builds the Cluster Access page for a person. Kubernetes objects are read as the person
 * (impersonated): {@code kube-system/aws-auth} (audited {@code aws_identity_read}
 * {@code read_aws_auth}; a refusal becomes a note, not an error), ServiceAccounts and pods
 * cluster-wide (the index shows only ServiceAccounts the person may list). AWS is read with the
 * server's identity: access entries ({@link AccessEntries}), the shared ServiceAccount → role
 * index and the IRSA roles from the shared policy cache (existence and trust policy).
 */
public final class ClusterAccess {
  /** Entry types whose Kubernetes groups EKS sets itself (nodes): their groups are not compared with aws-auth's. */
  private static final Set<String> NODE_TYPES = Set.of("EC2_LINUX", "EC2_WINDOWS", "FARGATE_LINUX", "EC2", "HYBRID_LINUX");

  private final ClusterRegistry clusters;
  private final ImpersonatingClients clients;
  private final ServiceAccountRoleIndex index;
  private final ClusterRolePolicies policies;
  private final AccessEntries entries;
  private final AuditTrail trail;
  private final Clock clock;

  public ClusterAccess(ClusterRegistry clusters, ImpersonatingClients clients, ServiceAccountRoleIndex index, ClusterRolePolicies policies,
      AwsClients aws, AuditTrail trail, Clock clock) {
    this.clusters = clusters;
    this.clients = clients;
    this.index = index;
    this.policies = policies;
    this.entries = new AccessEntries(aws, new AwsCalls(trail));
    this.trail = trail;
    this.clock = clock;
  }

  /** @throws Problem 404 when the cluster's entry names no EKS cluster and region (the page is about EKS) */
  public ClusterAccessView of(Principal who, String requestId, String cluster) {
    ClusterSpec spec = clusters.spec(cluster);
    if (!PodIdentityAssociations.applies(spec)) {
      throw new Problem(io.periscope.problem.ErrorCode.NOT_AN_EKS_CLUSTER, "cluster '" + cluster
          + "' is not on EKS as far as Periscope knows: its entry names no EKS cluster and region");
    }
    KubernetesClient client = clients.forUser(cluster, who);
    List<String> problems = new ArrayList<>();
    var identityRead = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IDENTITY_READ,
        new AuditEvent.Target(cluster, "", "accessentries", ""), Map.of());

    AwsAuth awsAuth = AwsAuth.empty();
    AwsAuthState awsAuthState;
    try {
      ConfigMap cm = trail.run(new AuditTrail.Action(identityRead.actor(), requestId, Verb.AWS_IDENTITY_READ,
              new AuditEvent.Target(cluster, "kube-system", "configmaps", "aws-auth"), Map.of("op", "read_aws_auth")),
          () -> client.configMaps().inNamespace("kube-system").withName("aws-auth").get());
      if (cm == null) {
        awsAuthState = new AwsAuthState(AwsAuthRead.ABSENT, "kube-system/aws-auth does not exist: only access entries map IAM principals",
            List.of(), List.of());
      } else {
        awsAuth = AwsAuth.parse(cm.getData());
        awsAuthState = new AwsAuthState(AwsAuthRead.READ, "", awsAuth.accounts(), awsAuth.warnings());
      }
    } catch (KubernetesClientException e) {
      // A refusal or a failing apiserver costs the aws-auth column, not the page: access entries still answer.
      awsAuthState = e.getCode() == 403
          ? new AwsAuthState(AwsAuthRead.FORBIDDEN, "you may not read kube-system/aws-auth, so principals mapped only there are not shown: "
              + AuditTrail.reasonOf(e), List.of(), List.of())
          : new AwsAuthState(AwsAuthRead.UNREADABLE, "kube-system/aws-auth could not be read (" + (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "")
              + AuditTrail.reasonOf(e) + "), so principals mapped only there are not shown; try again", List.of(), List.of());
    }

    AccessEntries.Read read = entries.read(spec, identityRead);
    problems.addAll(read.problems());
    List<PrincipalRow> principals = reconcile(read.entries(), awsAuth.mappings());

    // ServiceAccounts and pods as the person; the index (server identity) joined to what they may list.
    Listing<ServiceAccount> accountList = listAs(() -> client.serviceAccounts().inAnyNamespace().list().getItems());
    Listing<Pod> podList = listAs(() -> client.pods().inAnyNamespace().list().getItems());
    Optional<List<ServiceAccount>> accounts = accountList.items();
    Optional<List<Pod>> pods = podList.items();
    ServiceAccountRoleIndex.Snapshot snapshot = index.snapshot(cluster, who, requestId);
    problems.addAll(snapshot.problems());
    Map<String, List<String>> podsByAccount = new TreeMap<>();
    pods.orElse(List.of()).forEach(p -> podsByAccount.computeIfAbsent(p.getMetadata().getNamespace() + "/" + serviceAccountOf(p),
        k -> new ArrayList<>()).add(p.getMetadata().getName()));
    List<ServiceAccountRow> rows = new ArrayList<>();
    Set<String> existing = new HashSet<>();
    for (ServiceAccount sa : accounts.orElse(List.of())) {
      String ns = sa.getMetadata().getNamespace();
      String name = sa.getMetadata().getName();
      existing.add(ns + "/" + name);
      Optional<String> irsa = WorkloadIdentities.irsaRole(sa);
      List<String> pi = snapshot.of(ns, name).stream().filter(b -> b.source() == ServiceAccountRoleIndex.Source.POD_IDENTITY)
          .map(ServiceAccountRoleIndex.Binding::roleArn).distinct().toList();
      if (irsa.isPresent() || !pi.isEmpty()) {
        RoleSource source = irsa.isPresent() && !pi.isEmpty() ? RoleSource.BOTH : irsa.isPresent() ? RoleSource.IRSA : RoleSource.POD_IDENTITY;
        rows.add(new ServiceAccountRow(ns, name, irsa, pi, source, podsByAccount.getOrDefault(ns + "/" + name, List.of())));
      }
    }
    rows.sort(Comparator.comparing(ServiceAccountRow::namespace).thenComparing(ServiceAccountRow::name));
    String note = accounts.isEmpty() ? accountList.why("ServiceAccounts", "the ServiceAccount → role index is not shown")
        : pods.isEmpty() ? podList.why("pods", "the pods using each ServiceAccount are not shown") : "";

    List<ServiceAccountRoleIndex.Binding> podIdentity = snapshot.bindings().stream()
        .filter(b -> b.source() == ServiceAccountRoleIndex.Source.POD_IDENTITY).toList();
    Map<String, List<ClusterAccessView.Association>> byRole = new TreeMap<>();
    if (accounts.isPresent()) {
      podIdentity.forEach(b -> byRole.computeIfAbsent(b.roleArn(), r -> new ArrayList<>())
          .add(new ClusterAccessView.Association(b.namespace(), b.serviceAccount(), existing.contains(b.namespace() + "/" + b.serviceAccount()))));
    }

    Map<String, RolePolicySet> irsaRoles = irsaRoles(who, requestId, cluster, rows, problems);
    irsaRoles.values().stream().filter(r -> r.existence() == RolePolicySet.Existence.UNVERIFIED).forEach(r -> problems.add("IAM role "
        + r.roleArn() + " could not be checked (stale annotation, trust policy): " + r.problems().getFirst()));
    var findings = AccessFindings.of(rows, accounts.isPresent() ? Optional.of(existing) : Optional.empty(), podIdentity, irsaRoles, awsAuth,
        principals, read.authenticationMode());
    int awsAuthOnly = (int) principals.stream().filter(p -> p.mapped() == Mapped.AWS_AUTH_ONLY).count();
    int dual = (int) principals.stream().filter(p -> p.mapped() == Mapped.BOTH).count();
    return new ClusterAccessView(cluster, read.authenticationMode(), new ClusterAccessView.Migration(awsAuthOnly, dual, principals.size() - awsAuthOnly - dual),
        principals, awsAuthState, new ClusterAccessView.ServiceAccounts(accounts.isPresent(), pods.isPresent(), note, rows),
        byRole.entrySet().stream().map(e -> new ClusterAccessView.RoleAssociations(e.getKey(), e.getValue())).toList(), findings, problems,
        clock.instant());
  }

  /**
   * The page read afresh: after checking (as the person) that they may list ServiceAccounts, the
   * cluster's ServiceAccount → role index is rebuilt and its IRSA roles dropped from the policy
   * cache. Audited {@code aws_identity_read} {@code refresh} ({@code extra.roles}).
   */
  public ClusterAccessView refresh(Principal who, String requestId, String cluster) {
    if (!PodIdentityAssociations.applies(clusters.spec(cluster))) {
      return of(who, requestId, cluster); // the 404, nothing refreshed
    }
    var audit = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IDENTITY_READ,
        new AuditEvent.Target(cluster, "", "serviceaccounts", ""), Map.of("op", "refresh"));
    trail.runNoting(audit, notes -> {
      clients.forUser(cluster, who).serviceAccounts().inAnyNamespace().list(new ListOptionsBuilder().withLimit(1L).build());
      Set<String> roles = new LinkedHashSet<>();
      index.rebuild(cluster, who, requestId).bindings().stream().filter(b -> b.source() == ServiceAccountRoleIndex.Source.IRSA)
          .forEach(b -> roles.add(b.roleArn()));
      notes.put("roles", policies.invalidate(roles).size());
      return null;
    });
    return of(who, requestId, cluster);
  }

  /** The IRSA roles of the rows, from the shared policy cache (each IAM call audited {@code aws_iam_read}). */
  private Map<String, RolePolicySet> irsaRoles(Principal who, String requestId, String cluster, List<ServiceAccountRow> rows,
      List<String> problems) {
    Set<String> roles = new LinkedHashSet<>();
    rows.forEach(r -> r.irsaRoleArn().ifPresent(roles::add));
    try {
      return policies.of(who, requestId, new AuditEvent.Target(cluster, "", "serviceaccounts", ""), roles);
    } catch (Problem e) {
      problems.add("IRSA roles could not be checked (stale roles, trust policies): " + e.getMessage());
      return Map.of();
    }
  }

  /** One row per principal, keyed as aws-iam-authenticator matches them; aws-auth's later duplicate wins, as there. */
  static List<PrincipalRow> reconcile(List<AccessEntries.Entry> entries, List<AwsAuth.Mapping> mappings) {
    Map<String, AccessEntries.Entry> byEntry = new LinkedHashMap<>();
    entries.forEach(e -> byEntry.put(AwsAuth.matchKey(e.principalArn()), e));
    Map<String, AwsAuth.Mapping> byMapping = new LinkedHashMap<>();
    mappings.forEach(m -> byMapping.put(AwsAuth.matchKey(m.principalArn()), m));
    Set<String> keys = new LinkedHashSet<>(byEntry.keySet());
    keys.addAll(byMapping.keySet());
    List<PrincipalRow> rows = new ArrayList<>();
    for (String key : keys) {
      AccessEntries.Entry e = byEntry.get(key);
      AwsAuth.Mapping m = byMapping.get(key);
      Optional<EntrySide> entry = Optional.ofNullable(e).map(x -> new EntrySide(x.type(), x.username(), x.kubernetesGroups()));
      if (e != null && m != null) {
        List<String> differences = differences(e, m);
        boolean described = e.problems().isEmpty() || !e.type().isEmpty();
        rows.add(new PrincipalRow(e.principalArn(), Mapped.BOTH, described ? Optional.of(differences.isEmpty()) : Optional.empty(),
            described ? differences : List.of(), e.username(), e.kubernetesGroups(), entry, Optional.of(m), e.policies(), e.problems()));
      } else if (e != null) {
        rows.add(new PrincipalRow(e.principalArn(), Mapped.ENTRY_ONLY, Optional.empty(), List.of(), e.username(), e.kubernetesGroups(), entry,
            Optional.empty(), e.policies(), e.problems()));
      } else {
        rows.add(new PrincipalRow(m.principalArn(), Mapped.AWS_AUTH_ONLY, Optional.empty(), List.of(), m.username(), m.groups(), Optional.empty(),
            Optional.of(m), List.of(), m.neverMatches().stream().toList()));
      }
    }
    rows.sort(Comparator.comparing(PrincipalRow::principalArn));
    return rows;
  }

  private static List<String> differences(AccessEntries.Entry e, AwsAuth.Mapping m) {
    List<String> out = new ArrayList<>();
    if (!e.username().equals(m.username())) {
      out.add("username: entry " + quote(e.username()) + ", aws-auth " + quote(m.username()));
    }
    if (!NODE_TYPES.contains(e.type()) && !new HashSet<>(e.kubernetesGroups()).equals(new HashSet<>(m.groups()))) {
      out.add("groups: entry " + groups(e.kubernetesGroups()) + ", aws-auth " + groups(m.groups()));
    }
    return out;
  }

  private static String quote(String s) {
    return s.isEmpty() ? "(none)" : "'" + s + "'";
  }

  /** {@code [a, b]}, or {@code (none)} as for a username: "entry []" read as a formatting slip on the page. */
  private static String groups(List<String> groups) {
    return groups.isEmpty() ? "(none)" : "[" + String.join(", ", groups) + "]";
  }

  private static String serviceAccountOf(Pod p) {
    String sa = p.getSpec() == null ? null : p.getSpec().getServiceAccountName();
    return sa == null || sa.isBlank() ? "default" : sa;
  }

  /** The list, or empty when the person may not list it cluster-wide. */
  /** A cluster-wide list as the person, or why there is none: refused ({@code failure} empty) or failed. */
  private record Listing<T>(Optional<List<T>> items, String failure) {
    String why(String what, String consequence) {
      return failure.isEmpty() ? "you may not list " + what + " in every namespace, so " + consequence
          : what + " could not be listed (" + failure + "), so " + consequence + "; try again";
    }
  }

  /** A refusal or a failing apiserver costs that part of the page, as for aws-auth, not the whole page. */
  private static <T> Listing<T> listAs(Supplier<List<T>> list) {
    try {
      return new Listing<>(Optional.of(list.get()), "");
    } catch (KubernetesClientException e) {
      return new Listing<>(Optional.empty(), e.getCode() == 403 ? "" : (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + AuditTrail.reasonOf(e));
    }
  }
}
