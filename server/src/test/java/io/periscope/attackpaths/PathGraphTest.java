package io.periscope.attackpaths;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.periscope.attackpaths.AttackPaths.Edge;
import io.periscope.attackpaths.AttackPaths.Path;
import io.periscope.aws.iam.PolicyEngine;
import io.periscope.aws.iam.SensitiveActions.Category;
import io.periscope.aws.iam.WorkloadPermissions.Chip;
import io.periscope.aws.identity.ServiceAccountRoleIndex.Binding;
import io.periscope.aws.identity.ServiceAccountRoleIndex.Source;
import io.periscope.json.Json;
import io.periscope.rbac.RbacRule;
import io.periscope.rbac.WhoCanAnswer.Ref;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The engine per edge type: RBAC objects (as fabric8 builds them) resolved for a subject, joined to ServiceAccounts
 * with IAM roles, running pods and each role's sensitive actions. The apiserver reads are {@link AttackPathFinderTest}'s.
 */
class PathGraphTest {
  private static final String BOT = "arn:aws:iam::123456789012:role/deploy-bot";
  private static final String WEB = "arn:aws:iam::123456789012:role/web";
  private static final AttackPathQuery DEVELOPERS = new AttackPathQuery(Optional.empty(), List.of("developers"));

  private final Map<Ref, List<RbacRule>> roles = new HashMap<>();
  private final List<JsonNode> clusterBindings = new ArrayList<>();
  private final List<JsonNode> roleBindings = new ArrayList<>();
  private final List<Binding> accounts = List.of(new Binding("platform", "deploy-bot", BOT, Source.IRSA),
      new Binding("shop", "web", WEB, Source.POD_IDENTITY));
  private final List<PathGraph.RunningPod> pods = List.of(new PathGraph.RunningPod("platform", "deploy-bot-7f9", "deploy-bot"),
      new PathGraph.RunningPod("shop", "web-0", "web"), new PathGraph.RunningPod("shop", "web-1", "web"));
  private final Map<String, PathGraph.RoleReach> iam = Map.of(
      BOT, new PathGraph.RoleReach(BOT, true, List.of(chip("iam:PassRole", Category.PRIVILEGE_ESCALATION, PolicyEngine.Scope.ALL_RESOURCES))),
      WEB, new PathGraph.RoleReach(WEB, true, List.of(chip("s3:DeleteBucket", Category.DESTRUCTIVE, PolicyEngine.Scope.SOME_RESOURCES))));

  private static Chip chip(String action, Category category, PolicyEngine.Scope scope) {
    return new Chip(action, category, scope, scope == PolicyEngine.Scope.ALL_RESOURCES ? List.of("*") : List.of("arn:aws:s3:::shop-*"),
        List.of("inline:ops Ops"));
  }

  private static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
  }

  private static PolicyRule named(String group, String resource, String name, String... verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withResourceNames(name).withVerbs(verbs).build();
  }

  private void role(String ns, String name, PolicyRule... rules) {
    JsonNode json = Json.mapper().valueToTree(new RoleBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withRules(rules).build());
    roles.put(new Ref(ns.isEmpty() ? "ClusterRole" : "Role", ns, name), RbacRule.of(json));
  }

  private void roleBinding(String ns, String name, String roleKind, String role, String subjectKind, String subject) {
    roleBindings.add(Json.mapper().valueToTree(new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", roleKind, role).addNewSubject().withKind(subjectKind).withName(subject).endSubject().build()));
  }

  private void clusterBinding(String name, String role, String subject) {
    clusterBindings.add(Json.mapper().valueToTree(new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role).addNewSubject().withKind("Group").withName(subject).endSubject().build()));
  }

  private PathGraph.Built build(AttackPathQuery who, Set<String> rolesUnreadable) {
    var view = new RbacView(roles, clusterBindings, true, roleBindings, true, rolesUnreadable);
    return PathGraph.build(new PathGraph.Inputs(KubernetesReach.of(who, view), accounts, pods, Set.of(), iam));
  }

  private PathGraph.Built build() {
    return build(DEVELOPERS, Set.of());
  }

  private static List<String> chains(PathGraph.Built g) {
    return g.paths().stream().map(p -> String.join(" > ", p.nodes())).toList();
  }

  private static Edge edge(PathGraph.Built g, String from, String to) {
    return g.edges().stream().filter(e -> e.from().equals(from) && e.to().equals(to)).findFirst().orElseThrow();
  }

  @Test
  void createPodsInANamespaceReachesEveryServiceAccountThereAndItsRolesActions() {
    role("platform", "pod-maker", rule("", "pods", "create", "get"));
    roleBinding("platform", "devs", "Role", "pod-maker", "Group", "developers");

    PathGraph.Built g = build();

    assertThat(chains(g)).containsExactly("subject:Group developers > binding:RoleBinding platform/devs > cap:CREATE_PODS:platform:[]"
        + " > sa:platform/deploy-bot > role:" + BOT + " > action:iam:PassRole");
    Path p = g.paths().getFirst();
    assertThat(p.action()).isEqualTo("iam:PassRole");
    assertThat(p.category()).isEqualTo("PRIVILEGE_ESCALATION");
    assertThat(p.scope()).isEqualTo("ALL_RESOURCES");
    assertThat(p.incomplete()).isFalse();
    assertThat(edge(g, "binding:RoleBinding platform/devs", "cap:CREATE_PODS:platform:[]").explanation())
        .isEqualTo("RoleBinding platform/devs binds Role platform/pod-maker; its rule «create,get pods» means the subject may create pods in "
            + "namespace platform, and a pod may run as any ServiceAccount of its namespace");
    assertThat(edge(g, "sa:platform/deploy-bot", "role:" + BOT).explanation()).contains("eks.amazonaws.com/role-arn").contains("(IRSA)");
    assertThat(edge(g, "role:" + BOT, "action:iam:PassRole").explanation()).isEqualTo("deploy-bot allows iam:PassRole on every resource (inline:ops Ops)");
    assertThat(g.nodes()).extracting(AttackPaths.Node::kind).containsExactly(AttackPaths.Kind.values());
    assertThat(g.gaps()).isEmpty();
  }

  @Test
  void execReachesOnlyTheServiceAccountsOfRunningPodsAndResourceNamesNarrowIt() {
    role("", "exec-web-0", named("", "pods/exec", "web-0", "create"));
    clusterBinding("devs-exec", "exec-web-0", "developers");

    PathGraph.Built g = build();

    assertThat(chains(g)).containsExactly("subject:Group developers > binding:ClusterRoleBinding devs-exec > cap:EXEC_PODS::[web-0]"
        + " > sa:shop/web > role:" + WEB + " > action:s3:DeleteBucket");
    assertThat(edge(g, "cap:EXEC_PODS::[web-0]", "sa:shop/web").explanation()).isEqualTo("pod web-0 runs as shop/web; a shell there has its credentials");
    assertThat(edge(g, "sa:shop/web", "role:" + WEB).explanation()).contains("EKS Pod Identity association");
  }

  @Test
  void attachCountsAsExecAndAServiceAccountWithoutRunningPodsIsNotReachedByIt() {
    role("", "attacher", rule("", "pods/attach", "create"));
    clusterBinding("devs-attach", "attacher", "developers");
    List<PathGraph.RunningPod> none = List.of();
    var view = new RbacView(roles, clusterBindings, true, roleBindings, true, Set.of());

    PathGraph.Built g = PathGraph.build(new PathGraph.Inputs(KubernetesReach.of(DEVELOPERS, view), accounts, none, Set.of(), iam));
    PathGraph.Built withPods = build();

    assertThat(g.paths()).isEmpty();
    assertThat(withPods.paths()).extracting(Path::action).containsExactly("iam:PassRole", "s3:DeleteBucket");
    assertThat(edge(withPods, "cap:EXEC_PODS::[]", "sa:shop/web").explanation()).startsWith("pods web-0, web-1 run as shop/web");
  }

  @Test
  void creatingAnyWorkloadKindReachesTheNamespacesServiceAccounts() {
    for (String[] kind : new String[][] {{"apps", "deployments"}, {"apps", "daemonsets"}, {"apps", "statefulsets"}, {"apps", "replicasets"},
        {"batch", "jobs"}, {"batch", "cronjobs"}}) {
      roles.clear();
      roleBindings.clear();
      role("shop", "maker", rule(kind[0], kind[1], "create"));
      roleBinding("shop", "devs", "Role", "maker", "Group", "developers");

      assertThat(chains(build())).as(kind[1]).containsExactly("subject:Group developers > binding:RoleBinding shop/devs"
          + " > cap:CREATE_WORKLOADS:shop:[] > sa:shop/web > role:" + WEB + " > action:s3:DeleteBucket");
    }
    roles.clear();
    role("shop", "maker", rule("apps", "deployments", "get", "list", "update"));
    assertThat(build().paths()).as("updating is not creating").isEmpty();
  }

  @Test
  void serviceAccountTokensAreLimitedToTheNamedServiceAccounts() {
    role("", "tokens", named("", "serviceaccounts/token", "deploy-bot", "create"));
    clusterBinding("devs-tokens", "tokens", "developers");

    PathGraph.Built g = build();

    assertThat(g.paths()).extracting(p -> p.nodes().get(3)).containsExactly("sa:platform/deploy-bot");
    assertThat(edge(g, "cap:SERVICE_ACCOUNT_TOKEN::[deploy-bot]", "sa:platform/deploy-bot").explanation()).contains("TokenRequest");
  }

  @Test
  void readingSecretsIsAConditionalStepThroughLegacyTokenSecrets() {
    role("platform", "secret-reader", rule("", "secrets", "get"));
    roleBinding("platform", "devs", "Role", "secret-reader", "Group", "developers");
    role("shop", "one-secret", named("", "secrets", "db-password", "get"));
    roleBinding("shop", "devs", "Role", "one-secret", "Group", "developers");

    PathGraph.Built g = build();

    assertThat(g.paths()).extracting(p -> p.nodes().get(3)).containsExactly("sa:platform/deploy-bot");
    Edge step = edge(g, "cap:READ_SECRETS:platform:[]", "sa:platform/deploy-bot");
    assertThat(step.conditional()).isTrue();
    assertThat(step.explanation()).contains("legacy token Secret", "if one exists");
  }

  @Test
  void impersonatingServiceAccountsOrTheirUsersReachesThem() {
    role("shop", "sa-impersonator", rule("", "serviceaccounts", "impersonate"));
    roleBinding("shop", "devs", "Role", "sa-impersonator", "Group", "developers");
    role("", "user-impersonator", named("", "users", "system:serviceaccount:platform:deploy-bot", "impersonate"));
    clusterBinding("devs-users", "user-impersonator", "developers");

    PathGraph.Built g = build();

    assertThat(chains(g)).containsExactly(
        "subject:Group developers > binding:ClusterRoleBinding devs-users > cap:IMPERSONATE::[system:serviceaccount:platform:deploy-bot]"
            + " > sa:platform/deploy-bot > role:" + BOT + " > action:iam:PassRole",
        "subject:Group developers > binding:RoleBinding shop/devs > cap:IMPERSONATE:shop:[] > sa:shop/web > role:" + WEB
            + " > action:s3:DeleteBucket");
  }

  @Test
  void impersonatingUsersThroughARoleBindingGrantsNothingSinceUsersAreClusterScoped() {
    role("shop", "user-impersonator", rule("", "users", "impersonate"));
    roleBinding("shop", "devs", "Role", "user-impersonator", "Group", "developers");

    assertThat(build().paths()).isEmpty();
  }

  @Test
  void bindingRolesCountsOnlyWithAWayToUseIt() {
    role("shop", "binder", rule("rbac.authorization.k8s.io", "clusterroles", "bind"));
    roleBinding("shop", "devs", "Role", "binder", "Group", "developers");
    assertThat(build().paths()).as("bind without create rolebindings").isEmpty();

    role("shop", "binder", rule("rbac.authorization.k8s.io", "clusterroles", "bind"), rule("rbac.authorization.k8s.io", "rolebindings", "create"));
    PathGraph.Built g = build();

    assertThat(chains(g)).containsExactly("subject:Group developers > binding:RoleBinding shop/devs > cap:BIND_OR_ESCALATE:shop:[]"
        + " > sa:shop/web > role:" + WEB + " > action:s3:DeleteBucket");
  }

  @Test
  void aWildcardRoleBoundClusterWideGrantsEveryCapabilityEverywhere() {
    role("", "cluster-admin", rule("*", "*", "*"));
    clusterBinding("admins", "cluster-admin", "developers");

    PathGraph.Built g = build();

    assertThat(g.nodes()).filteredOn(n -> n.kind() == AttackPaths.Kind.CAPABILITY).extracting(AttackPaths.Node::id)
        .containsExactlyInAnyOrder("cap:CREATE_PODS::[]", "cap:EXEC_PODS::[]", "cap:CREATE_WORKLOADS::[]", "cap:SERVICE_ACCOUNT_TOKEN::[]",
            "cap:READ_SECRETS::[]", "cap:IMPERSONATE::[]", "cap:BIND_OR_ESCALATE::[]");
    assertThat(g.paths()).hasSize(14);
    assertThat(g.paths().getFirst().category()).as("privilege escalation first").isEqualTo("PRIVILEGE_ESCALATION");
  }

  @Test
  void bindingsOfOtherSubjectsAndToMissingRolesGiveNothingButSystemAuthenticatedCountsForEveryone() {
    role("shop", "maker", rule("", "pods", "create"));
    roleBinding("shop", "others", "Role", "maker", "Group", "testers");
    roleBinding("shop", "alice", "Role", "maker", "User", "alice");
    roleBinding("shop", "dangling", "Role", "gone", "Group", "developers");
    assertThat(build().paths()).isEmpty();
    assertThat(build().gaps()).as("a role that does not exist grants nothing; it is not a gap").isEmpty();

    assertThat(build(new AttackPathQuery(Optional.of("alice"), List.of()), Set.of()).paths()).hasSize(1);
    roleBinding("shop", "everyone", "Role", "maker", "Group", "system:authenticated");
    assertThat(chains(build())).containsExactly("subject:Group system:authenticated > binding:RoleBinding shop/everyone"
        + " > cap:CREATE_PODS:shop:[] > sa:shop/web > role:" + WEB + " > action:s3:DeleteBucket");
  }

  @Test
  void aBindingToARoleThePersonMayNotReadIsAnIncompletePathWithTheReason() {
    roleBinding("platform", "devs", "Role", "pod-maker", "Group", "developers");

    PathGraph.Built g = build(DEVELOPERS, Set.of("platform"));

    assertThat(g.paths()).hasSize(1);
    Path p = g.paths().getFirst();
    assertThat(p.incomplete()).isTrue();
    assertThat(p.why()).isEqualTo("you may not read Roles in namespace platform, so what Role pod-maker grants is unknown");
    assertThat(p.nodes()).containsExactly("subject:Group developers", "binding:RoleBinding platform/devs", "unknown:RoleBinding platform/devs",
        "sa:platform/deploy-bot", "role:" + BOT, "action:iam:PassRole");
    assertThat(edge(g, "binding:RoleBinding platform/devs", "unknown:RoleBinding platform/devs").incomplete()).isTrue();
    assertThat(g.gaps()).containsExactly(new AttackPaths.Gap("platform", p.why()));
  }

  @Test
  void execWherePodsCouldNotBeListedIsAGap() {
    role("", "exec", rule("", "pods/exec", "create"));
    clusterBinding("devs-exec", "exec", "developers");
    var view = new RbacView(roles, clusterBindings, true, roleBindings, true, Set.of());

    PathGraph.Built g = PathGraph.build(new PathGraph.Inputs(KubernetesReach.of(DEVELOPERS, view), accounts, pods.subList(1, 3), Set.of("platform"), iam));

    assertThat(g.paths()).extracting(p -> p.nodes().get(3)).containsExactly("sa:shop/web");
    assertThat(g.gaps()).extracting(AttackPaths.Gap::reason)
        .containsExactly("you may not list pods in platform, so which ServiceAccounts ClusterRoleBinding devs-exec's exec/attach reaches there is unknown");
  }

  @Test
  void aRoleIamDoesNotKnowEndsNoPath() {
    role("shop", "maker", rule("", "pods", "create"));
    roleBinding("shop", "devs", "Role", "maker", "Group", "developers");
    var view = new RbacView(roles, clusterBindings, true, roleBindings, true, Set.of());

    PathGraph.Built g = PathGraph.build(new PathGraph.Inputs(KubernetesReach.of(DEVELOPERS, view), accounts, pods, Set.of(),
        Map.of(WEB, new PathGraph.RoleReach(WEB, false, List.of()))));

    assertThat(g.paths()).isEmpty();
    assertThat(g.nodes()).isEmpty();
  }
}
