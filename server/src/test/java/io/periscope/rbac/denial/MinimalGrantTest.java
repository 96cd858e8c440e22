package io.periscope.rbac.denial;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.periscope.authz.ImpersonatedIdentity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The refused request read from Forbidden Statuses worded as the apiserver words them
 * (k8s.io/apiserver responsewriters.forbiddenMessage + apierrors.NewForbidden), and the grant
 * written for it, read back as RBAC objects.
 */
class MinimalGrantTest {
  private static Status forbidden(String message, String group, String kind, String name) {
    return new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403).withMessage(message)
        .withNewDetails().withGroup(group).withKind(kind).withName(name).endDetails().build();
  }

  private static DeniedRequest denied(String message, String group, String kind, String name) {
    return DeniedRequest.of(forbidden(message, group, kind, name)).orElseThrow();
  }

  private static String[] docs(String yaml) {
    String[] docs = yaml.split("\n---\n");
    assertThat(docs).hasSize(2);
    return docs;
  }

  private static PolicyRule onlyRule(List<PolicyRule> rules) {
    assertThat(rules).hasSize(1);
    return rules.get(0);
  }

  @Test
  void namespacedNamedSubresourceIsARoleNarrowedToTheObject() {
    DeniedRequest d = denied("pods \"web-0\" is forbidden: User \"alice\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"shop\"",
        "", "pods", "web-0");
    assertThat(d).isEqualTo(new DeniedRequest("alice", "get", "", "pods", "log", "shop", "web-0", ""));

    String[] docs = docs(MinimalGrant.yaml(d, MinimalGrant.SubjectKind.User, "alice"));
    Role role = Serialization.unmarshal(docs[0], Role.class);
    RoleBinding binding = Serialization.unmarshal(docs[1], RoleBinding.class);
    assertThat(role.getMetadata().getNamespace()).isEqualTo("shop");
    PolicyRule rule = onlyRule(role.getRules());
    assertThat(rule.getApiGroups()).containsExactly("");
    assertThat(rule.getResources()).containsExactly("pods/log");
    assertThat(rule.getResourceNames()).containsExactly("web-0");
    assertThat(rule.getVerbs()).containsExactly("get");
    assertThat(binding.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName()).isEqualTo("ask-alice-get-pods-log");
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("User");
      assertThat(s.getName()).isEqualTo("alice");
      assertThat(s.getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
    });
    assertThat(MinimalGrant.describe(d)).isEqualTo("get pods/log \"web-0\" in namespace \"shop\"");
  }

  @Test
  void execIsCreateOnPodsExecForThatPod() {
    DeniedRequest d = denied("pods \"web-0\" is forbidden: User \"alice\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"shop\"",
        "", "pods", "web-0");
    PolicyRule rule = onlyRule(Serialization.unmarshal(docs(MinimalGrant.yaml(d, MinimalGrant.SubjectKind.User, "alice"))[0], Role.class).getRules());
    assertThat(rule.getResources()).containsExactly("pods/exec");
    assertThat(rule.getVerbs()).containsExactly("create");
    assertThat(rule.getResourceNames()).containsExactly("web-0");
  }

  @Test
  void theGrantOfferedForAPodIsNotNarrowedToANameTheNextRolloutReplaces() {
    DeniedRequest d = denied("pods \"web-0\" is forbidden: User \"alice\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"shop\"",
        "", "pods", "web-0");

    DeniedRequest lasting = DenialExplainer.lasting(d);

    assertThat(lasting).isEqualTo(new DeniedRequest("alice", "create", "", "pods", "exec", "shop", "", ""));
    PolicyRule rule = onlyRule(Serialization.unmarshal(docs(MinimalGrant.yaml(lasting, MinimalGrant.SubjectKind.User, "alice"))[0], Role.class)
        .getRules());
    assertThat(rule.getResourceNames()).isNullOrEmpty();
    // Other named objects keep their name: a ConfigMap is not replaced under another.
    DeniedRequest configMap = new DeniedRequest("alice", "get", "", "configmaps", "", "shop", "settings", "");
    assertThat(DenialExplainer.lasting(configMap)).isSameAs(configMap);
    // A write to one pod stays narrowed to it: a namespace-wide delete is not what was asked for.
    DeniedRequest deleteOne = new DeniedRequest("alice", "delete", "", "pods", "", "shop", "web-0", "");
    assertThat(DenialExplainer.lasting(deleteOne)).isSameAs(deleteOne);
    DeniedRequest logs = new DeniedRequest("alice", "get", "", "pods", "log", "shop", "web-0", "");
    assertThat(DenialExplainer.lasting(logs).name()).isEmpty();
  }

  @Test
  void clusterScopedKindIsAClusterRoleAndBinding() {
    DeniedRequest d = denied("nodes is forbidden: User \"alice\" cannot list resource \"nodes\" in API group \"\" at the cluster scope",
        "", "nodes", null);
    assertThat(d.clusterWide()).isTrue();
    String[] docs = docs(MinimalGrant.yaml(d, MinimalGrant.SubjectKind.User, "alice"));
    assertThat(docs[0]).contains("kind: ClusterRole\n").doesNotContain("namespace:");
    ClusterRole role = Serialization.unmarshal(docs[0], ClusterRole.class);
    ClusterRoleBinding binding = Serialization.unmarshal(docs[1], ClusterRoleBinding.class);
    PolicyRule rule = onlyRule(role.getRules());
    assertThat(rule.getResources()).containsExactly("nodes");
    assertThat(rule.getResourceNames()).as("a list names no object").isNullOrEmpty();
    assertThat(rule.getVerbs()).containsExactly("list");
    assertThat(binding.getKind()).isEqualTo("ClusterRoleBinding");
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(MinimalGrant.describe(d)).isEqualTo("list nodes cluster-wide");
  }

  @Test
  void aNamespacedKindAcrossAllNamespacesIsClusterWide() {
    DeniedRequest d = denied("pods is forbidden: User \"alice\" cannot watch resource \"pods\" in API group \"\" at the cluster scope",
        "", "pods", "");
    String[] docs = docs(MinimalGrant.yaml(d, MinimalGrant.SubjectKind.User, "alice"));
    assertThat(Serialization.unmarshal(docs[0], ClusterRole.class).getRules().get(0).getVerbs()).containsExactly("watch");
    assertThat(Serialization.unmarshal(docs[1], ClusterRoleBinding.class).getRoleRef().getName()).isEqualTo("ask-alice-watch-pods");
  }

  @Test
  void aNamedGroupAndAListWithoutName() {
    DeniedRequest patch = denied("deployments.apps \"web\" is forbidden: User \"alice\" cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"shop\"",
        "apps", "deployments", "web");
    PolicyRule rule = onlyRule(Serialization.unmarshal(docs(MinimalGrant.yaml(patch, MinimalGrant.SubjectKind.User, "alice"))[0], Role.class).getRules());
    assertThat(rule.getApiGroups()).containsExactly("apps");
    assertThat(rule.getResourceNames()).containsExactly("web");
    assertThat(MinimalGrant.objectName(patch, MinimalGrant.SubjectKind.User, "alice")).isEqualTo("ask-alice-patch-deployments.apps");

    DeniedRequest list = denied("secrets is forbidden: User \"alice\" cannot list resource \"secrets\" in API group \"\" in the namespace \"shop\"",
        "", "secrets", "");
    Role role = Serialization.unmarshal(docs(MinimalGrant.yaml(list, MinimalGrant.SubjectKind.User, "alice"))[0], Role.class);
    assertThat(role.getRules().get(0).getResourceNames()).isNullOrEmpty();
    assertThat(role.getRules().get(0).getVerbs()).containsExactly("list");
  }

  @Test
  void aGrantToReadSecretsSaysThatItReadsTheirValues() {
    DeniedRequest all = denied("secrets is forbidden: User \"alice\" cannot list resource \"secrets\" in API group \"\" at the cluster scope",
        "", "secrets", "");
    assertThat(DenialExplainer.explain(all, java.util.Optional.empty()).askAdmin().note())
        .isEqualTo("Reading Secrets returns their values: whoever holds this grant can read the credentials in every Secret in the cluster.");
    DeniedRequest one = denied("secrets \"db\" is forbidden: User \"alice\" cannot get resource \"secrets\" in API group \"\" in the namespace \"shop\"",
        "", "secrets", "db");
    assertThat(DenialExplainer.explain(one, java.util.Optional.empty()).askAdmin().note()).endsWith("the credentials in Secret db.");
    DeniedRequest configMaps = denied("configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"shop\"",
        "", "configmaps", "");
    assertThat(DenialExplainer.explain(configMaps, java.util.Optional.empty()).askAdmin().note()).isEmpty();
  }

  @Test
  void theNameComesFromTheMessageWhenDetailsLackIt() {
    DeniedRequest d = DeniedRequest.of(new StatusBuilder().withCode(403).withMessage(
        "configmaps \"settings\" is forbidden: User \"alice\" cannot update resource \"configmaps\" in API group \"\" in the namespace \"shop\"")
        .build()).orElseThrow();
    assertThat(d.name()).isEqualTo("settings");
    assertThat(d.verb()).isEqualTo("update");
  }

  @Test
  void aWebhookReasonAfterTheMessageIsIgnored() {
    DeniedRequest d = denied("pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" in the namespace \"shop\": "
        + "denied by opa: no rule for \"alice\" in namespace \"other\"", "", "pods", "");
    assertThat(d).isEqualTo(new DeniedRequest("alice", "list", "", "pods", "", "shop", "", ""));
  }

  @Test
  void aNonResourceUrlIsAClusterRoleWithTheUrl() {
    DeniedRequest d = DeniedRequest.of(new StatusBuilder().withCode(403).withReason("Forbidden")
        .withMessage("forbidden: User \"alice\" cannot get path \"/metrics\"").build()).orElseThrow();
    assertThat(d.nonResource()).isTrue();
    String[] docs = docs(MinimalGrant.yaml(d, MinimalGrant.SubjectKind.Group, "oidc:devs"));
    PolicyRule rule = onlyRule(Serialization.unmarshal(docs[0], ClusterRole.class).getRules());
    assertThat(rule.getNonResourceURLs()).containsExactly("/metrics");
    assertThat(rule.getResources()).isNullOrEmpty();
    assertThat(rule.getVerbs()).containsExactly("get");
    assertThat(Serialization.unmarshal(docs[1], ClusterRoleBinding.class).getSubjects().get(0).getKind()).isEqualTo("Group");
  }

  @Test
  void otherRefusalsAreNotExplained() {
    assertThat(DeniedRequest.of(new StatusBuilder().withCode(403)
        .withMessage("admission webhook \"policy.example.com\" denied the request: no privileged pods").build())).isEmpty();
    assertThat(DeniedRequest.of(new StatusBuilder().withCode(403).build())).isEmpty();
    assertThat(DeniedRequest.of(null)).isEmpty();
  }

  @Test
  void namesThatLookLikeYamlStayValues() {
    String user = "eve\"\n  namespace: kube-system\n#";
    var d = new DeniedRequest(user, "get", "", "secrets", "", "shop", "a: b", "");
    String[] docs = docs(MinimalGrant.yaml(d, MinimalGrant.SubjectKind.User, user));
    Role role = Serialization.unmarshal(docs[0], Role.class);
    RoleBinding binding = Serialization.unmarshal(docs[1], RoleBinding.class);
    assertThat(role.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(role.getRules().get(0).getResourceNames()).containsExactly("a: b");
    assertThat(binding.getSubjects().get(0).getName()).isEqualTo(user);
    assertThat(role.getMetadata().getName()).matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void theExplainerOffersTheUserAndEachImpersonatedGroup() {
    DeniedRequest d = denied("secrets is forbidden: User \"alice\" cannot list resource \"secrets\" in API group \"\" in the namespace \"shop\"",
        "", "secrets", "");
    var e = DenialExplainer.explain(d, Optional.of(new ImpersonatedIdentity("alice", List.of("oidc:devs", "oidc:oncall"), Optional.empty())));

    assertThat(e.askAdmin().grants()).extracting(g -> g.subjectKind() + " " + g.subject())
        .containsExactly("User alice", "Group oidc:devs", "Group oidc:oncall");
    assertThat(e.askAdmin().grants().get(1).yaml()).contains("name: \"ask-group-oidc-devs-list-secrets\"").contains("kind: Group");
    assertThat(e.askAdmin().scope()).isEqualTo("namespace");
    assertThat(e.askAdmin().note()).as("a Secret list: its values come with it").startsWith("Reading Secrets returns their values");
  }

  @Test
  void aRefusalOfTheServersOwnIdentitySaysWhatAGrantMeans() {
    DeniedRequest d = denied("nodes is forbidden: User \"system:serviceaccount:periscope:periscope\" cannot list resource \"nodes\" in API group \"\" at the cluster scope",
        "", "nodes", "");
    var e = DenialExplainer.explain(d, Optional.empty());
    assertThat(e.askAdmin().grants()).singleElement().satisfies(g -> assertThat(g.subject()).isEqualTo("system:serviceaccount:periscope:periscope"));
    assertThat(e.askAdmin().note()).contains("every Periscope user");
    assertThat(e.askAdmin().scope()).isEqualTo("cluster");
  }
}
