package io.periscope.attackpaths;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.attackpaths.AttackPaths.Gap;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.iam.ClusterRolePolicies;
import io.periscope.aws.iam.RolePolicySet;
import io.periscope.aws.iam.SensitiveCatalog;
import io.periscope.aws.iam.WorkloadPermissions;
import io.periscope.aws.identity.ServiceAccountRoleIndex;
import io.periscope.k8s.Apiserver;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.rbac.RbacReads;
import io.periscope.rbac.RbacRule;
import io.periscope.rbac.WhoCanAnswer.Ref;
import io.periscope.rbac.WhoCanAnswer.Unreadable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes {@link AttackPaths} for a user or group on one cluster. The RBAC objects, ServiceAccounts and pods are read
 * as the person asking (impersonated), so the answer shows only what they may read; a list they may not read is a
 * {@link Gap}, and a binding whose role they may not read is an incomplete path, never left out silently. Lists
 * refused across all namespaces are read namespace by namespace where ServiceAccounts have IAM roles. Which
 * ServiceAccounts have roles comes from the {@link ServiceAccountRoleIndex}; the roles' sensitive actions from the
 * shared policy cache ({@link ClusterRolePolicies}) and the catalog, as the AWS Access tab computes them. Audited as {@code aws_iam_read}
 * {@code attack_paths}, besides each IAM call made.
 */
public final class AttackPathFinder {
  private final ImpersonatingClients clients;
  private final RbacReads reads;
  private final ServiceAccountRoleIndex index;
  private final ClusterRolePolicies policies;
  private final SensitiveCatalog catalog;
  private final AuditTrail trail;
  private final Clock clock;

  public AttackPathFinder(ImpersonatingClients clients, Apiserver apiserver, ServiceAccountRoleIndex index,
      ClusterRolePolicies policies, SensitiveCatalog catalog, AuditTrail trail, Clock clock) {
    this.clients = clients;
    this.reads = new RbacReads(apiserver);
    this.index = index;
    this.policies = policies;
    this.catalog = catalog;
    this.trail = trail;
    this.clock = clock;
  }

  public AttackPaths find(Principal who, String requestId, String cluster, AttackPathQuery q) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("op", "attack_paths");
    details.put("user", q.user().orElse(""));
    details.put("groups", q.groups());
    var rollup = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IAM_READ,
        new AuditEvent.Target(cluster, "", "rolebindings", ""), details);
    return trail.runNoting(rollup, notes -> {
      AttackPaths answer = answer(who, requestId, cluster, q);
      notes.put("paths", answer.paths().size() + answer.pathsOmitted());
      notes.put("complete", answer.complete());
      return answer;
    });
  }

  private AttackPaths answer(Principal who, String requestId, String cluster, AttackPathQuery q) {
    KubernetesClient client = clients.forUser(cluster, who);
    ServiceAccountRoleIndex.Snapshot snapshot = index.snapshot(cluster, who, requestId);
    Set<String> namespaces = new TreeSet<>();
    snapshot.bindings().forEach(b -> namespaces.add(b.namespace()));
    List<Gap> gaps = new ArrayList<>();

    List<Unreadable> refused = new ArrayList<>();
    String rbac = RbacReads.RBAC;
    Optional<List<JsonNode>> clusterRoles = reads.list(cluster, client, rbac + "/clusterroles", "clusterroles", refused);
    Optional<List<JsonNode>> clusterBindings = reads.list(cluster, client, rbac + "/clusterrolebindings", "clusterrolebindings", refused);
    refused.forEach(u -> gaps.add(new Gap("cluster", "you may not list " + u.what() + " (" + u.status() + ": " + u.message()
        + "): grants through them are unknown")));
    Namespaced roles = namespaced(cluster, client, rbac, "roles", namespaces, "grants of bindings to them are unknown");
    Namespaced roleBindings = namespaced(cluster, client, rbac, "rolebindings", namespaces, "grants there are unknown");
    Namespaced accounts = namespaced(cluster, client, "/api/v1", "serviceaccounts", namespaces, "paths to them are not shown");
    Namespaced pods = namespaced(cluster, client, "/api/v1", "pods", namespaces, "");
    // The namespaces probed come from the server's own index: one the person can neither list nor read
    // anything in is not named back to them (that it exists, with an IAM-bound ServiceAccount, is not theirs to learn).
    Set<String> unseen = unseen(cluster, client, namespaces, List.of(roles, roleBindings, accounts, pods));
    for (Namespaced n : List.of(roles, roleBindings, accounts)) {
      n.refusals().forEach((ns, gap) -> {
        if (!unseen.contains(ns)) {
          gaps.add(gap);
        }
      });
    }
    if (!unseen.isEmpty()) {
      gaps.add(new Gap("cluster", "some namespaces with ServiceAccounts bound to IAM roles are ones you may neither list nor read in: "
          + "grants, roles and paths there are unknown, and they are not named"));
    }
    Set<String> podsUnreadable = new TreeSet<>(pods.unreadable());
    podsUnreadable.removeAll(unseen);

    Map<Ref, List<RbacRule>> rules = new HashMap<>();
    clusterRoles.orElse(List.of()).forEach(r -> rules.put(new Ref("ClusterRole", "", name(r)), RbacRule.of(r)));
    roles.items().forEach(r -> rules.put(new Ref("Role", namespace(r), name(r)), RbacRule.of(r)));
    var view = new RbacView(rules, clusterBindings.orElse(List.of()), clusterBindings.isPresent(), roleBindings.items(),
        clusterRoles.isPresent(), roles.unreadable());
    KubernetesReach.Reach reach = KubernetesReach.of(q, view);

    Set<String> visible = new LinkedHashSet<>();
    accounts.items().forEach(sa -> visible.add(namespace(sa) + "/" + name(sa)));
    List<ServiceAccountRoleIndex.Binding> withRoles = snapshot.bindings().stream()
        .filter(b -> visible.contains(b.namespace() + "/" + b.serviceAccount())).toList();
    List<PathGraph.RunningPod> running = pods.items().stream().map(p -> new PathGraph.RunningPod(namespace(p), name(p),
        p.path("spec").path("serviceAccountName").asText("").isBlank() ? "default" : p.path("spec").path("serviceAccountName").asText())).toList();

    List<String> problems = new ArrayList<>(snapshot.problems());
    Map<String, PathGraph.RoleReach> roleReach = new HashMap<>();
    Instant fetchedAt = clock.instant();
    Set<String> arns = new LinkedHashSet<>();
    reached(reach, withRoles).forEach(b -> arns.add(b.roleArn()));
    if (!arns.isEmpty()) {
      Map<String, RolePolicySet> sets = policies.of(who, requestId, new AuditEvent.Target(cluster, "", "serviceaccounts", ""), arns);
      for (RolePolicySet set : sets.values()) {
        roleReach.put(set.roleArn(), new PathGraph.RoleReach(set.roleArn(), set.existence() != RolePolicySet.Existence.NOT_FOUND,
            WorkloadPermissions.chips(catalog, set.documents())));
        set.problems().forEach(p -> problems.add(RolePolicySet.roleName(set.roleArn()) + ": " + p));
      }
      fetchedAt = sets.values().stream().map(RolePolicySet::fetchedAt).min(Comparator.naturalOrder()).orElse(fetchedAt);
    }

    PathGraph.Built graph = PathGraph.build(new PathGraph.Inputs(reach, withRoles, running, podsUnreadable, roleReach));
    gaps.addAll(graph.gaps());
    List<Gap> distinct = List.copyOf(new LinkedHashSet<>(gaps));
    return new AttackPaths(cluster, q, graph.nodes(), graph.edges(), graph.paths(), graph.omitted(), distinct.isEmpty(), distinct, problems,
        WorkloadPermissions.IDENTITY_BOUND, fetchedAt);
  }

  /** The ServiceAccounts some grant (or unknown grant) could reach: those in its namespace, or all for a cluster-wide one. */
  private static List<ServiceAccountRoleIndex.Binding> reached(KubernetesReach.Reach reach, List<ServiceAccountRoleIndex.Binding> accounts) {
    Set<String> namespaces = new LinkedHashSet<>();
    reach.grants().forEach(g -> namespaces.add(g.namespace()));
    reach.unknown().forEach(u -> namespaces.add(u.namespace()));
    return namespaces.contains("") ? accounts : accounts.stream().filter(a -> namespaces.contains(a.namespace())).toList();
  }

  /** Items read, the namespaces they could not be read in, and the gap each such namespace leaves (none without a consequence). */
  private record Namespaced(List<JsonNode> items, Set<String> unreadable, Map<String, Gap> refusals) {}

  /**
   * Of {@code namespaces}, those the person does not know of: not in their namespace list, or when they
   * may not list namespaces, those where every read was refused.
   */
  private Set<String> unseen(String cluster, KubernetesClient client, Set<String> namespaces, List<Namespaced> reads) {
    if (reads.stream().allMatch(n -> n.unreadable().isEmpty())) {
      return Set.of();
    }
    Optional<List<JsonNode>> listed = this.reads.list(cluster, client, "/api/v1/namespaces", "namespaces", new ArrayList<>());
    Set<String> unseen = new TreeSet<>(namespaces);
    if (listed.isPresent()) {
      listed.get().forEach(ns -> unseen.remove(name(ns)));
    } else {
      reads.forEach(n -> unseen.retainAll(n.unreadable()));
    }
    return unseen;
  }

  /**
   * {@code prefix/resource} across all namespaces; if that is refused, {@code prefix/namespaces/NS/resource} for each of
   * {@code namespaces}. Each namespace still refused becomes a gap ending with {@code consequence} (none when it is empty).
   */
  private Namespaced namespaced(String cluster, KubernetesClient client, String prefix, String resource, Set<String> namespaces,
      String consequence) {
    List<Unreadable> refused = new ArrayList<>();
    Optional<List<JsonNode>> all = reads.list(cluster, client, prefix + "/" + resource, resource, refused);
    if (all.isPresent()) {
      return new Namespaced(all.get(), Set.of(), Map.of());
    }
    List<JsonNode> items = new ArrayList<>();
    Set<String> unreadable = new TreeSet<>();
    Map<String, Gap> refusals = new java.util.TreeMap<>();
    for (String ns : namespaces) {
      List<Unreadable> nsRefused = new ArrayList<>();
      Optional<List<JsonNode>> some = reads.list(cluster, client, prefix + "/namespaces/" + ns + "/" + resource, resource + " in " + ns, nsRefused);
      some.ifPresent(items::addAll);
      if (some.isEmpty()) {
        unreadable.add(ns);
        Unreadable u = nsRefused.getFirst();
        if (!consequence.isEmpty()) {
          refusals.put(ns, new Gap(ns, "you may not list " + resource + " in namespace " + ns + " (" + u.status() + ": " + u.message() + "): "
              + consequence));
        }
      }
    }
    return new Namespaced(items, unreadable, refusals);
  }

  private static String name(JsonNode o) {
    return o.path("metadata").path("name").asText();
  }

  private static String namespace(JsonNode o) {
    return o.path("metadata").path("namespace").asText();
  }
}
