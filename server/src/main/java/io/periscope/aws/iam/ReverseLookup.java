package io.periscope.aws.iam;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.identity.ServiceAccountRoleIndex;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.names.KubernetesNames;
import io.periscope.problem.Printable;
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
import java.util.regex.Pattern;

/**
 * "Which workloads can do X?": every pod the person may list whose role (IRSA or Pod Identity,
 * from the cluster's {@link ServiceAccountRoleIndex}) is allowed an action, with the decision
 * ({@code ALLOWED}, or {@code CONDITIONAL} when only statements with a {@code Condition} grant
 * it) and whether the grant came only through a wildcard. Pods are listed as the person
 * (impersonated): a person who may not list them gets the apiserver's 403 and nothing is asked
 * of AWS. Audited as {@code aws_iam_read} {@code reverse_lookup}, besides each IAM call made.
 */
public final class ReverseLookup {
  /** {@code service:Action}, IAM's action name syntax (wildcards are for policies, not questions). */
  private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9-]{1,64}:[A-Za-z0-9]{1,128}");

  private final ImpersonatingClients clients;
  private final ServiceAccountRoleIndex index;
  private final ClusterRolePolicies policies;
  private final AuditTrail trail;
  private final Clock clock;

  public ReverseLookup(ImpersonatingClients clients, ServiceAccountRoleIndex index, ClusterRolePolicies policies, AuditTrail trail,
      Clock clock) {
    this.clients = clients;
    this.index = index;
    this.policies = policies;
    this.trail = trail;
    this.clock = clock;
  }

  /** The question: an action, optionally a resource ARN (else: on any resource) and a namespace (else: all the person may list). */
  public record Query(String cluster, String action, Optional<String> resource, Optional<String> namespace) {
    /** @throws Problem 400 naming the bad parameter */
    public Query {
      if (action == null || !ACTION.matcher(action).matches()) {
        throw Problem.badRequest("action must be an IAM action name like s3:DeleteBucket (service:Action, no wildcards), got '"
            + (action == null ? "" : Printable.escaped(action)) + "'");
      }
      if (resource.isPresent() && (resource.get().isBlank() || resource.get().length() > 2048)) {
        throw Problem.badRequest("resource must be an ARN (or leave it out for any resource)");
      }
      checkNamespace(namespace);
    }
  }

  /** @throws Problem 400 when the namespace is not a namespace name */
  public static Optional<String> checkNamespace(Optional<String> namespace) {
    if (namespace.isPresent() && !KubernetesNames.isDnsLabel(namespace.get())) {
      throw Problem.badRequest("namespace '" + Printable.escaped(namespace.get()) + "' is not a namespace name");
    }
    return namespace;
  }

  /**
   * Pods of one ServiceAccount whose role grants the action.
   *
   * @param statements the statements that decided it (policy, Sid, index, resources)
   * @param wildcard granted only through a wildcard ({@code *}, {@code s3:*}, ...) or a NotAction
   */
  public record Match(String namespace, String serviceAccount, String roleArn, ServiceAccountRoleIndex.Source source,
      PolicyEngine.Verdict decision, boolean wildcard, List<PolicyEngine.StatementRef> statements, List<String> pods) {}

  /** A role that could not be (fully) read: its pods may be missing from the matches. */
  public record RoleProblem(String roleArn, List<String> problems) {}

  /**
   * @param podsListed pods the person may list (in scope); {@code podsWithRole} of them run with an IAM role
   * @param fetchedAt when the oldest policy the answer used was read from IAM
   */
  public record Answer(String cluster, String action, Optional<String> resource, Optional<String> namespace, List<Match> matches,
      int podsListed, int podsWithRole, int rolesChecked, List<RoleProblem> roleProblems, List<String> problems, Instant fetchedAt,
      String bound) {}

  public Answer lookup(Principal who, String requestId, Query q) {
    var rollup = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IAM_READ,
        new AuditEvent.Target(q.cluster(), q.namespace().orElse(""), "pods", ""),
        Map.of("op", "reverse_lookup", "action", q.action(), "resource", q.resource().orElse("")));
    return trail.runNoting(rollup, notes -> {
      Answer answer = answer(who, requestId, q);
      notes.put("matches", answer.matches().size());
      return answer;
    });
  }

  /**
   * Rebuilds the cluster's ServiceAccount → role index and drops its roles' policies from the
   * cache, after checking (as the person) that they may list pods in scope. Audited as
   * {@code aws_iam_read} {@code refresh}. Returns the roles dropped.
   */
  public List<String> refresh(Principal who, String requestId, String cluster, Optional<String> namespace) {
    var audit = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IAM_READ,
        new AuditEvent.Target(cluster, namespace.orElse(""), "pods", ""), Map.of("op", "refresh"));
    return trail.runNoting(audit, notes -> {
      KubernetesClient client = clients.forUser(cluster, who);
      var one = new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build();
      (namespace.isPresent() ? client.pods().inNamespace(namespace.get()) : client.pods().inAnyNamespace()).list(one);
      ServiceAccountRoleIndex.Snapshot snapshot = index.rebuild(cluster, who, requestId);
      Set<String> roles = new LinkedHashSet<>();
      snapshot.bindings().stream().filter(b -> namespace.map(b.namespace()::equals).orElse(true)).forEach(b -> roles.add(b.roleArn()));
      List<String> dropped = policies.invalidate(roles);
      notes.put("roles", dropped.size());
      return dropped;
    });
  }

  private Answer answer(Principal who, String requestId, Query q) {
    KubernetesClient client = clients.forUser(q.cluster(), who);
    List<Pod> pods = (q.namespace().isPresent() ? client.pods().inNamespace(q.namespace().get()) : client.pods().inAnyNamespace())
        .list().getItems();
    ServiceAccountRoleIndex.Snapshot snapshot = index.snapshot(q.cluster(), who, requestId);
    // (namespace, ServiceAccount) → its pods, for the pods the person may list.
    Map<List<String>, List<String>> podsByAccount = new LinkedHashMap<>();
    for (Pod pod : pods) {
      String sa = pod.getSpec() == null || pod.getSpec().getServiceAccountName() == null || pod.getSpec().getServiceAccountName().isBlank()
          ? "default" : pod.getSpec().getServiceAccountName();
      podsByAccount.computeIfAbsent(List.of(pod.getMetadata().getNamespace(), sa), k -> new ArrayList<>()).add(pod.getMetadata().getName());
    }
    List<ServiceAccountRoleIndex.Binding> bound = new ArrayList<>();
    int podsWithRole = 0;
    for (var e : podsByAccount.entrySet()) {
      List<ServiceAccountRoleIndex.Binding> of = snapshot.of(e.getKey().get(0), e.getKey().get(1));
      bound.addAll(of);
      podsWithRole += of.isEmpty() ? 0 : e.getValue().size();
    }
    Set<String> roles = new LinkedHashSet<>();
    bound.forEach(b -> roles.add(b.roleArn()));
    Map<String, RolePolicySet> sets = policies.of(who, requestId, new AuditEvent.Target(q.cluster(), q.namespace().orElse(""), "pods", ""),
        roles);
    Map<String, PolicyEngine.Decision> decisions = new LinkedHashMap<>();
    sets.forEach((role, set) -> decisions.put(role, PolicyEngine.evaluate(set.documents(), q.action(), q.resource())));
    List<Match> matches = new ArrayList<>();
    for (ServiceAccountRoleIndex.Binding b : bound) {
      PolicyEngine.Decision d = decisions.get(b.roleArn());
      if (d.verdict() == PolicyEngine.Verdict.ALLOWED || d.verdict() == PolicyEngine.Verdict.CONDITIONAL) {
        matches.add(new Match(b.namespace(), b.serviceAccount(), b.roleArn(), b.source(), d.verdict(), d.wildcard(), d.statements(),
            List.copyOf(podsByAccount.get(List.of(b.namespace(), b.serviceAccount())))));
      }
    }
    matches.sort(Comparator.comparing(Match::namespace).thenComparing(Match::serviceAccount).thenComparing(Match::source));
    List<RoleProblem> roleProblems = sets.values().stream().filter(p -> !p.problems().isEmpty())
        .map(p -> new RoleProblem(p.roleArn(), p.problems())).toList();
    Instant fetchedAt = sets.values().stream().map(RolePolicySet::fetchedAt).min(Comparator.naturalOrder()).orElse(clock.instant());
    return new Answer(q.cluster(), q.action(), q.resource(), q.namespace(), matches, pods.size(), podsWithRole, roles.size(), roleProblems,
        snapshot.problems(), fetchedAt, WorkloadPermissions.IDENTITY_BOUND);
  }
}
