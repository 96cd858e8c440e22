package io.periscope.demo.cluster;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The RBAC objects a cluster under Periscope holds, for the console's Access pages: the built-in
 * user-facing ClusterRoles (abridged to their main rules), the tier roles and bindings the Helm
 * chart renders for tier mode (docs/security/rbac-posture.md), the agent's own ClusterRole on the
 * private cluster, and a few application Roles and bindings. Display only: the demo apiserver
 * decides with {@link DemoRbac}, which mirrors these tiers.
 */
final class DemoRbacObjects {
  private static final String CHART_LABEL = "app.kubernetes.io/managed-by";
  private final StoreWriter store;
  private final Instant now;

  DemoRbacObjects(StoreWriter store, Instant now) {
    this.store = store;
    this.now = now;
  }

  void seed(DemoEstate estate) {
    builtIns();
    if (estate.name().equals(DemoEstate.EDGE)) {
      agent();
    } else {
      tiers();
    }
    if (estate.namespaces().contains("payments")) {
      role("payments", "secret-reader", Map.of(), rule("", List.of("secrets"), List.of("get", "list")));
      roleBinding("payments", "payments-api-secrets", "Role", "secret-reader", serviceAccount("payments", "payments-api"));
      roleBinding("payments", "payments-team-edit", "ClusterRole", "edit", group("periscope-tier:write"));
    }
    if (estate.namespaces().contains("platform")) {
      clusterRole("deploy-bot", Map.of(), rule("apps", List.of("deployments", "statefulsets", "daemonsets"), List.of("get", "list", "patch", "update")),
          rule("", List.of("configmaps", "secrets"), List.of("get", "list", "create", "update")), rule("", List.of("namespaces"), List.of("get", "list")));
      clusterRoleBinding("deploy-bot", "deploy-bot", serviceAccount("platform", "deploy-bot"));
      // The attack path the demo shows: developers (the IdP group aws-auth and the access entry map) may exec into
      // platform's pods, deploy-bot's among them, whose IRSA role may iam:PassRole on any role.
      role("platform", "pod-debugger", Map.of(), rule("", List.of("pods", "pods/log"), List.of("get", "list")),
          rule("", List.of("pods/exec"), List.of("create")));
      roleBinding("platform", "developers-debug", "Role", "pod-debugger", group("developers"));
    }
  }

  private void builtIns() {
    Map<String, String> bootstrap = Map.of("kubernetes.io/bootstrapping", "rbac-defaults");
    clusterRole("cluster-admin", bootstrap, rule("*", List.of("*"), List.of("*")),
        new PolicyRuleBuilder().withNonResourceURLs("*").withVerbs("*").build());
    clusterRole("admin", bootstrap,
        rule("", List.of("pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services", "configmaps",
            "persistentvolumeclaims", "serviceaccounts"), List.of("create", "delete", "deletecollection", "patch", "update", "get", "list", "watch")),
        rule("apps", List.of("deployments", "deployments/scale", "replicasets", "statefulsets", "daemonsets"),
            List.of("create", "delete", "deletecollection", "patch", "update", "get", "list", "watch")),
        rule("networking.k8s.io", List.of("ingresses", "networkpolicies"),
            List.of("create", "delete", "deletecollection", "patch", "update", "get", "list", "watch")),
        rule("rbac.authorization.k8s.io", List.of("roles", "rolebindings"), List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")));
    clusterRole("edit", bootstrap,
        rule("", List.of("pods", "pods/attach", "pods/exec", "pods/portforward", "secrets", "services", "configmaps", "persistentvolumeclaims"),
            List.of("create", "delete", "deletecollection", "patch", "update", "get", "list", "watch")),
        rule("apps", List.of("deployments", "deployments/scale", "replicasets", "statefulsets", "daemonsets"),
            List.of("create", "delete", "deletecollection", "patch", "update", "get", "list", "watch")),
        rule("batch", List.of("jobs", "cronjobs"), List.of("create", "delete", "deletecollection", "patch", "update", "get", "list", "watch")),
        rule("networking.k8s.io", List.of("ingresses", "networkpolicies"),
            List.of("create", "delete", "deletecollection", "patch", "update", "get", "list", "watch")));
    clusterRole("view", bootstrap,
        rule("", List.of("pods", "pods/log", "services", "endpoints", "configmaps", "persistentvolumeclaims", "events", "namespaces",
            "serviceaccounts"), List.of("get", "list", "watch")),
        rule("apps", List.of("deployments", "replicasets", "statefulsets", "daemonsets"), List.of("get", "list", "watch")),
        rule("batch", List.of("jobs", "cronjobs"), List.of("get", "list", "watch")),
        rule("networking.k8s.io", List.of("ingresses", "networkpolicies"), List.of("get", "list", "watch")));
  }

  /** What the chart renders for tier mode on a managed cluster (the admin tier opted in). */
  private void tiers() {
    Map<String, String> chart = Map.of(CHART_LABEL, "Helm", "app.kubernetes.io/name", "periscope");
    clusterRole("periscope-impersonator", chart, rule("", List.of("users", "groups"), List.of("impersonate")));
    clusterRoleBinding("periscope-impersonator", "periscope-impersonator", group("periscope-bridge"));
    clusterRole("periscope-triage", chart,
        rule("", List.of("pods", "pods/log", "services", "endpoints", "configmaps", "events", "namespaces", "nodes"), List.of("get", "list", "watch")),
        rule("", List.of("pods"), List.of("delete")),
        rule("", List.of("pods/exec", "pods/portforward", "pods/eviction"), List.of("create")),
        rule("apps", List.of("deployments", "statefulsets", "daemonsets", "replicasets"), List.of("get", "list", "watch", "patch")),
        rule("apps", List.of("deployments/scale", "statefulsets/scale"), List.of("update", "patch")));
    clusterRole("periscope-maintain", chart,
        rule("", List.of("nodes", "namespaces", "persistentvolumes"), List.of("get", "list", "watch")),
        rule("storage.k8s.io", List.of("storageclasses"), List.of("get", "list", "watch")),
        rule("networking.k8s.io", List.of("ingressclasses"), List.of("get", "list", "watch")),
        rule("apiextensions.k8s.io", List.of("customresourcedefinitions"), List.of("get", "list", "watch")));
    clusterRoleBinding("periscope-tier-read", "view", group("periscope-tier:read"));
    clusterRoleBinding("periscope-tier-triage", "periscope-triage", group("periscope-tier:triage"));
    clusterRoleBinding("periscope-tier-write", "edit", group("periscope-tier:write"));
    clusterRoleBinding("periscope-tier-maintain", "periscope-maintain", group("periscope-tier:maintain"));
    clusterRoleBinding("periscope-tier-admin", "cluster-admin", group("periscope-tier:admin"));
  }

  /** The periscope-agent chart's ClusterRole: read everything and impersonate; the ceiling of what anyone can do here. */
  private void agent() {
    Map<String, String> chart = Map.of(CHART_LABEL, "Helm", "app.kubernetes.io/name", "periscope-agent");
    clusterRole("periscope-agent", chart, rule("*", List.of("*"), List.of("get", "list", "watch")),
        rule("", List.of("users", "groups", "serviceaccounts"), List.of("impersonate")),
        rule("authentication.k8s.io", List.of("userextras/scopes"), List.of("impersonate")));
    clusterRoleBinding("periscope-agent", "periscope-agent", serviceAccount("periscope-agent", "periscope-agent"));
    role("periscope-agent", "periscope-agent-state", chart,
        new PolicyRuleBuilder().withApiGroups("").withResources("secrets").withResourceNames("periscope-agent-state")
            .withVerbs("get", "update").build());
    roleBinding("periscope-agent", "periscope-agent-state", "Role", "periscope-agent-state", serviceAccount("periscope-agent", "periscope-agent"));
  }

  private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
  }

  private static Subject group(String name) {
    return new SubjectBuilder().withKind("Group").withApiGroup("rbac.authorization.k8s.io").withName(name).build();
  }

  private static Subject serviceAccount(String namespace, String name) {
    return new SubjectBuilder().withKind("ServiceAccount").withNamespace(namespace).withName(name).build();
  }

  private void clusterRole(String name, Map<String, String> labels, PolicyRule... rules) {
    store.create(new ClusterRoleBuilder().withMetadata(Workloads.meta(null, name, labels, now.minusSeconds(86_400 * 90)))
        .withRules(new ArrayList<>(List.of(rules))).build());
  }

  private void clusterRoleBinding(String name, String clusterRole, Subject subject) {
    store.create(new ClusterRoleBindingBuilder().withMetadata(Workloads.meta(null, name, Map.of(), now.minusSeconds(86_400 * 90)))
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole).withSubjects(subject).build());
  }

  private void role(String namespace, String name, Map<String, String> labels, PolicyRule... rules) {
    store.create(new RoleBuilder().withMetadata(Workloads.meta(namespace, name, labels, now.minusSeconds(86_400 * 30)))
        .withRules(new ArrayList<>(List.of(rules))).build());
  }

  private void roleBinding(String namespace, String name, String roleKind, String role, Subject subject) {
    store.create(new RoleBindingBuilder().withMetadata(Workloads.meta(namespace, name, Map.of(), now.minusSeconds(86_400 * 30)))
        .withNewRoleRef("rbac.authorization.k8s.io", roleKind, role).withSubjects(subject).build());
  }
}
