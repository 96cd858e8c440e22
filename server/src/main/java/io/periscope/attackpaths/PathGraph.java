package io.periscope.attackpaths;

import io.periscope.attackpaths.AttackPaths.Edge;
import io.periscope.attackpaths.AttackPaths.Kind;
import io.periscope.attackpaths.AttackPaths.Node;
import io.periscope.attackpaths.AttackPaths.Path;
import io.periscope.aws.iam.WorkloadPermissions.Chip;
import io.periscope.aws.identity.ServiceAccountRoleIndex;
import io.periscope.rbac.WhoCanAnswer.Ref;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Joins the subject's {@link KubernetesReach} to the ServiceAccounts with IAM roles the person may see, the pods
 * they run in, and each role's sensitive actions, into {@link AttackPaths}' nodes, edges and paths. Pure.
 */
final class PathGraph {
  static final int MAX_PATHS = 300;

  /** A pod the person may list: exec or attach reaches its ServiceAccount. */
  record RunningPod(String namespace, String name, String serviceAccount) {}

  /** A role's sensitive actions as the AWS Access tab computes them; {@code exists} false when IAM has no such role. */
  record RoleReach(String roleArn, boolean exists, List<Chip> chips) {}

  /**
   * @param accounts the ServiceAccounts with an IAM role, in namespaces where the person may list ServiceAccounts
   * @param pods running pods, in namespaces where the person may list pods
   * @param podsUnreadable namespaces whose pods could not be listed (every namespace: {@code *})
   */
  record Inputs(KubernetesReach.Reach reach, List<ServiceAccountRoleIndex.Binding> accounts, List<RunningPod> pods, Set<String> podsUnreadable,
      Map<String, RoleReach> roles) {}

  /** The graph and the gaps it found itself (exec where pods could not be listed). */
  record Built(List<Node> nodes, List<Edge> edges, List<Path> paths, int omitted, List<AttackPaths.Gap> gaps) {}

  private final Inputs in;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, Edge> edges = new LinkedHashMap<>();
  private final Set<String> used = new LinkedHashSet<>();
  private final Map<List<String>, Path> paths = new LinkedHashMap<>();
  private final List<AttackPaths.Gap> gaps = new ArrayList<>();
  private final Map<String, List<ServiceAccountRoleIndex.Binding>> accountsByNamespace = new LinkedHashMap<>();
  private final Map<String, List<RunningPod>> podsByNamespace = new LinkedHashMap<>();

  private PathGraph(Inputs in) {
    this.in = in;
    in.accounts().forEach(a -> accountsByNamespace.computeIfAbsent(a.namespace(), k -> new ArrayList<>()).add(a));
    in.pods().forEach(p -> podsByNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p));
  }

  static Built build(Inputs in) {
    return new PathGraph(in).build();
  }

  private Built build() {
    for (KubernetesReach.Grant g : in.reach().grants()) {
      grant(g);
    }
    for (KubernetesReach.Unknown u : in.reach().unknown()) {
      unknown(u);
    }
    List<Path> sorted = paths.values().stream().sorted(Comparator.comparing(Path::incomplete)
        .thenComparing(p -> categoryOrder(p.category())).thenComparing(Path::action).thenComparing(p -> String.join(" ", p.nodes()))).toList();
    List<Edge> kept = edges.values().stream().filter(e -> used.contains(e.from() + "→" + e.to())).toList();
    Set<String> keptNodes = new LinkedHashSet<>();
    kept.forEach(e -> {
      keptNodes.add(e.from());
      keptNodes.add(e.to());
    });
    List<Node> nodeList = nodes.values().stream().filter(n -> keptNodes.contains(n.id()))
        .sorted(Comparator.comparing(Node::kind).thenComparing(Node::label)).toList();
    int omitted = Math.max(0, sorted.size() - MAX_PATHS);
    return new Built(nodeList, kept, sorted.subList(0, Math.min(MAX_PATHS, sorted.size())), omitted, gaps);
  }

  private static int categoryOrder(String category) {
    return List.of("PRIVILEGE_ESCALATION", "CROSS_ACCOUNT", "DATA", "CLUSTER_SELF_MODIFY", "DESTRUCTIVE").indexOf(category);
  }

  private void grant(KubernetesReach.Grant g) {
    String where = g.namespace().isEmpty() ? "every namespace" : "namespace " + g.namespace();
    String subject = node("subject:" + g.subject(), Kind.SUBJECT, g.subject(), "", false);
    String binding = bindingNode(g.binding(), g.role());
    edge(subject, binding, g.subject() + " is a subject of " + refText(g.binding()), false, false);
    List<String> names = g.match().names();
    String capLabel = g.capability().label() + " in " + where + (names.isEmpty() ? "" : " (only " + String.join(", ", names) + ")");
    String cap = node("cap:" + g.capability() + ":" + g.namespace() + ":" + names, Kind.CAPABILITY, capLabel,
        g.capability().sentence(where), false);
    edge(binding, cap, refText(g.binding()) + " binds " + refText(g.role()) + "; its rule «" + g.match().rule().text() + "» means the subject "
        + g.capability().sentence(where), false, false);
    for (ServiceAccountRoleIndex.Binding sa : scope(g.namespace())) {
      reachAccount(g, sa).ifPresent(why -> {
        String saNode = accountNode(sa);
        edge(cap, saNode, why, g.capability() == Capability.READ_SECRETS, false);
        roles(List.of(subject, binding, cap, saNode), sa, false, "");
      });
    }
    if (g.capability() == Capability.EXEC_PODS) {
      String unreadable = in.podsUnreadable().contains("*") ? "every namespace"
          : g.namespace().isEmpty() ? String.join(", ", in.podsUnreadable()) : in.podsUnreadable().contains(g.namespace()) ? g.namespace() : "";
      if (!unreadable.isEmpty()) {
        gaps.add(new AttackPaths.Gap(g.namespace().isEmpty() ? "cluster" : g.namespace(), "you may not list pods in " + unreadable
            + ", so which ServiceAccounts " + refText(g.binding()) + "'s exec/attach reaches there is unknown"));
      }
    }
  }

  /** The ServiceAccounts in {@code namespace}, or in every namespace when it is empty. */
  private List<ServiceAccountRoleIndex.Binding> scope(String namespace) {
    return namespace.isEmpty() ? in.accounts() : accountsByNamespace.getOrDefault(namespace, List.of());
  }

  /** Why the grant reaches the ServiceAccount, if it does. */
  private Optional<String> reachAccount(KubernetesReach.Grant g, ServiceAccountRoleIndex.Binding sa) {
    List<String> names = g.match().names();
    String account = sa.namespace() + "/" + sa.serviceAccount();
    Predicate<String> named = n -> names.isEmpty() || names.contains(n);
    return switch (g.capability()) {
      case CREATE_PODS -> Optional.of("a pod created in " + sa.namespace() + " may set serviceAccountName: " + sa.serviceAccount());
      case CREATE_WORKLOADS -> Optional.of("a workload created in " + sa.namespace() + " may run its pods as " + sa.serviceAccount());
      case BIND_OR_ESCALATE -> Optional.of("with pod creation granted to itself, a pod in " + sa.namespace() + " may run as " + sa.serviceAccount());
      case SERVICE_ACCOUNT_TOKEN -> named.test(sa.serviceAccount())
          ? Optional.of("a TokenRequest for " + account + " returns its token, with the audience its IAM role trusts") : Optional.empty();
      case READ_SECRETS -> names.isEmpty() || names.stream().anyMatch(n -> n.startsWith(sa.serviceAccount() + "-token-"))
          ? Optional.of("a legacy token Secret of " + account + " (type kubernetes.io/service-account-token), if one exists, holds its token")
          : Optional.empty();
      case IMPERSONATE -> names.isEmpty() || names.contains(sa.serviceAccount())
          || names.contains("system:serviceaccount:" + sa.namespace() + ":" + sa.serviceAccount())
          ? Optional.of("impersonating " + account + " (Impersonate-User: system:serviceaccount:" + sa.namespace() + ":" + sa.serviceAccount()
              + ") acts as it") : Optional.empty();
      case EXEC_PODS -> {
        List<String> running = podsByNamespace.getOrDefault(sa.namespace(), List.of()).stream()
            .filter(p -> p.serviceAccount().equals(sa.serviceAccount()) && named.test(p.name())).map(RunningPod::name).sorted().toList();
        yield running.isEmpty() ? Optional.empty() : Optional.of("pod" + (running.size() == 1 ? " " : "s ") + shortList(running) + " run"
            + (running.size() == 1 ? "s" : "") + " as " + account + "; a shell there has its credentials");
      }
    };
  }

  private void unknown(KubernetesReach.Unknown u) {
    String where = u.namespace().isEmpty() ? "every namespace" : "namespace " + u.namespace();
    String subject = node("subject:" + u.subject(), Kind.SUBJECT, u.subject(), "", false);
    String binding = bindingNode(u.binding(), u.role());
    edge(subject, binding, u.subject() + " is a subject of " + refText(u.binding()), false, false);
    String cap = node("unknown:" + refText(u.binding()), Kind.CAPABILITY, "unknown grants in " + where, u.why(), true);
    edge(binding, cap, refText(u.binding()) + " binds " + refText(u.role()) + ": " + u.why(), false, true);
    gaps.add(new AttackPaths.Gap(u.namespace().isEmpty() ? "cluster" : u.namespace(), u.why()));
    for (ServiceAccountRoleIndex.Binding sa : scope(u.namespace())) {
      String saNode = accountNode(sa);
      edge(cap, saNode, "if " + refText(u.role()) + " lets the subject create pods, exec or read tokens, " + sa.namespace() + "/"
          + sa.serviceAccount() + " is reachable: the role could not be read to tell", false, true);
      roles(List.of(subject, binding, cap, saNode), sa, true, u.why());
    }
  }

  /** Extends a path ending at a ServiceAccount through its role to every sensitive action the role reaches. */
  private void roles(List<String> prefix, ServiceAccountRoleIndex.Binding sa, boolean incomplete, String why) {
    RoleReach role = in.roles().get(sa.roleArn());
    if (role == null || !role.exists()) {
      return;
    }
    String saNode = prefix.getLast();
    String roleNode = node("role:" + sa.roleArn(), Kind.IAM_ROLE, roleName(sa.roleArn()), sa.roleArn(), false);
    edge(saNode, roleNode, sa.source() == ServiceAccountRoleIndex.Source.IRSA
        ? sa.namespace() + "/" + sa.serviceAccount() + " is annotated eks.amazonaws.com/role-arn: " + sa.roleArn() + " (IRSA)"
        : "an EKS Pod Identity association gives " + sa.namespace() + "/" + sa.serviceAccount() + " the role " + sa.roleArn(), false, false);
    for (Chip chip : role.chips()) {
      String action = node("action:" + chip.action(), Kind.ACTION, chip.action(), chip.category().name(), false);
      edge(roleNode, action, roleName(sa.roleArn()) + " allows " + chip.action() + " on " + reachText(chip) + " (" + String.join("; ", chip.evidence())
          + ")", chip.scope() == io.periscope.aws.iam.PolicyEngine.Scope.CONDITIONAL, false);
      List<String> ids = new ArrayList<>(prefix);
      ids.add(roleNode);
      ids.add(action);
      if (paths.containsKey(ids)) {
        continue;
      }
      for (int i = 0; i + 1 < ids.size(); i++) {
        used.add(ids.get(i) + "→" + ids.get(i + 1));
      }
      paths.put(ids, new Path(List.copyOf(ids), chip.action(), chip.category().name(), chip.scope().name(), incomplete, why));
    }
  }

  private static String reachText(Chip chip) {
    return switch (chip.scope()) {
      case ALL_RESOURCES -> "every resource";
      case CONDITIONAL -> "resources under conditions not evaluated";
      default -> String.join(", ", chip.resources());
    };
  }

  private String bindingNode(Ref binding, Ref role) {
    return node("binding:" + refText(binding), Kind.BINDING, refText(binding), "binds " + refText(role), false);
  }

  private String accountNode(ServiceAccountRoleIndex.Binding sa) {
    String id = sa.namespace() + "/" + sa.serviceAccount();
    return node("sa:" + id, Kind.SERVICE_ACCOUNT, id, "ServiceAccount " + sa.serviceAccount() + " in namespace " + sa.namespace(), false);
  }

  private String node(String id, Kind kind, String label, String detail, boolean incomplete) {
    nodes.putIfAbsent(id, new Node(id, kind, label, detail, incomplete));
    return id;
  }

  private void edge(String from, String to, String explanation, boolean conditional, boolean incomplete) {
    edges.putIfAbsent(from + "→" + to, new Edge(from, to, explanation, conditional, incomplete));
  }

  static String refText(Ref ref) {
    return ref.kind() + " " + (ref.namespace().isEmpty() ? "" : ref.namespace() + "/") + ref.name();
  }

  private static String roleName(String arn) {
    int slash = arn.lastIndexOf('/');
    return slash < 0 ? arn : arn.substring(slash + 1);
  }

  private static String shortList(List<String> names) {
    return names.size() <= 3 ? String.join(", ", names) : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
  }
}
