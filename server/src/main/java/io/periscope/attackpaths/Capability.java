package io.periscope.attackpaths;

import io.periscope.rbac.RbacRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an RBAC grant lets a subject do that ends with it acting as a ServiceAccount, and the
 * requests (verb, API group, resource) that make it. Each is checked against a role's rules with
 * the who-can matcher ({@link RbacRule#allows}), so {@code *} and {@code *&#47;subresource} count.
 */
public enum Capability {
  /** A new pod may name any ServiceAccount of its namespace ({@code spec.serviceAccountName}). */
  CREATE_PODS("create pods", "may create pods in %s, and a pod may run as any ServiceAccount of its namespace", false,
      new Request("create", "", "pods")),
  /** A shell in a running pod has its ServiceAccount's token and AWS credentials. */
  EXEC_PODS("exec into / attach to pods", "may exec into or attach to running pods in %s, and so use their ServiceAccount's credentials",
      true, new Request("create", "", "pods/exec"), new Request("create", "", "pods/attach")),
  /** A controller creates pods from a template that may name any ServiceAccount. */
  CREATE_WORKLOADS("create workloads", "may create workloads in %s (Deployments, DaemonSets, StatefulSets, ReplicaSets, Jobs, CronJobs), "
      + "whose pod template may name any ServiceAccount of the namespace", false,
      new Request("create", "apps", "deployments"), new Request("create", "apps", "daemonsets"), new Request("create", "apps", "statefulsets"),
      new Request("create", "apps", "replicasets"), new Request("create", "batch", "jobs"), new Request("create", "batch", "cronjobs")),
  /** The TokenRequest API issues a token for the ServiceAccount, with any audience (sts.amazonaws.com included). */
  SERVICE_ACCOUNT_TOKEN("request ServiceAccount tokens", "may request tokens for ServiceAccounts in %s (TokenRequest, any audience)", true,
      new Request("create", "", "serviceaccounts/token")),
  /** Legacy token Secrets ({@code kubernetes.io/service-account-token}) hold a ServiceAccount's token. */
  READ_SECRETS("read Secrets", "may read Secrets in %s, legacy ServiceAccount token Secrets included where they exist", true,
      new Request("get", "", "secrets"), new Request("list", "", "secrets")),
  /** {@code Impersonate-User: system:serviceaccount:NS:NAME} or the ServiceAccount itself. */
  IMPERSONATE("impersonate", "may impersonate ServiceAccounts in %s", true,
      new Request("impersonate", "", "serviceaccounts"), new Request("impersonate", "", "users")),
  /** Binding a role (or escalating one) the subject does not hold lets it grant itself pod creation. */
  BIND_OR_ESCALATE("bind or escalate roles", "may bind roles it does not hold in %s (bind or escalate, with create rolebindings or update "
      + "roles), and so grant itself pod creation", false,
      new Request("bind", "rbac.authorization.k8s.io", "roles"), new Request("bind", "rbac.authorization.k8s.io", "clusterroles"),
      new Request("escalate", "rbac.authorization.k8s.io", "roles"), new Request("escalate", "rbac.authorization.k8s.io", "clusterroles"));

  /** One request the apiserver authorizes. */
  public record Request(String verb, String group, String resource) {}

  /**
   * A rule granting this capability.
   *
   * @param names the object names it is limited to (pod, ServiceAccount, Secret or user names); empty: any
   */
  public record Match(RbacRule rule, List<String> names) {}

  private final String label;
  private final String sentence;
  private final boolean namesNarrow;
  private final List<Request> requests;

  Capability(String label, String sentence, boolean namesNarrow, Request... requests) {
    this.label = label;
    this.sentence = sentence;
    this.namesNarrow = namesNarrow;
    this.requests = List.of(requests);
  }

  public String label() {
    return label;
  }

  /** What the capability lets the subject do, {@code where} being "namespace X" or "every namespace". */
  public String sentence(String where) {
    return sentence.formatted(where);
  }

  /**
   * The rules of a role that grant this capability. A rule with {@code resourceNames} counts only where the names
   * narrow the capability to objects (pods to exec into, ServiceAccounts, Secrets, users); a create of a new object
   * never matches a name, so such rules do not count for it. Binding or escalating needs a way to use it in the same
   * role too: {@code create rolebindings} or {@code update}/{@code patch} on roles.
   */
  public List<Match> matches(List<RbacRule> rules) {
    List<Match> out = new ArrayList<>();
    for (RbacRule rule : rules) {
      boolean named = !rule.resourceNames().isEmpty();
      if (named && !namesNarrow) {
        continue;
      }
      if (requests.stream().anyMatch(r -> rule.allows(r.verb(), r.group(), r.resource()))) {
        out.add(new Match(rule, rule.resourceNames()));
      }
    }
    if (this == BIND_OR_ESCALATE && !out.isEmpty() && applyRbac(rules).isEmpty()) {
      return List.of();
    }
    return out;
  }

  private static Optional<RbacRule> applyRbac(List<RbacRule> rules) {
    String rbac = "rbac.authorization.k8s.io";
    return rules.stream().filter(r -> r.resourceNames().isEmpty()).filter(r -> r.allows("create", rbac, "rolebindings")
        || r.allows("update", rbac, "roles") || r.allows("patch", rbac, "roles")).findFirst();
  }
}
