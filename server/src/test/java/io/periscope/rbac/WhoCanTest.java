package io.periscope.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.json.Json;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Who can" through a real server over RBAC objects stored in the CRUD mock apiserver, read as
 * the person. Bob may not list ClusterRoleBindings (a scripted 403 in the apiserver's words): his
 * answer must say it is partial and why, and must not show the grants only those bindings give.
 */
class WhoCanTest {
  private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1/";
  private static final String ASK = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/rbac/who-can";
  private static PeriscopeHarness harness;
  private static TestBrowser alice;
  private static TestBrowser bob;

  @BeforeAll
  static void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.serveDiscovery();
    var admin = harness.apiserver.client();
    for (String ns : List.of("shop", "legacy")) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("pod-reader").endMetadata()
        .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("pods", "pods/log").withVerbs("get", "list").build()).build()).create();
    admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("cluster-admin").endMetadata()
        .withRules(new PolicyRuleBuilder().withApiGroups("*").withResources("*").withVerbs("*").build(),
            new PolicyRuleBuilder().withNonResourceURLs("*").withVerbs("*").build()).build()).create();
    admin.rbac().roles().inNamespace("shop").resource(new RoleBuilder().withNewMetadata().withName("one-pod-deleter").withNamespace("shop")
        .endMetadata().withRules(new PolicyRuleBuilder().withApiGroups("").withResources("pods").withVerbs("delete")
            .withResourceNames("web-0").build()).build()).create();
    admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("admins").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
        .addNewSubject().withKind("Group").withName("platform").withApiGroup("rbac.authorization.k8s.io").endSubject().build()).create();
    admin.rbac().roleBindings().inNamespace("shop").resource(new RoleBindingBuilder().withNewMetadata().withName("readers").withNamespace("shop")
        .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "pod-reader")
        .addNewSubject().withKind("User").withName("carol").withApiGroup("rbac.authorization.k8s.io").endSubject()
        .addNewSubject().withKind("ServiceAccount").withName("ci").withNamespace("tools").endSubject().build()).create();
    admin.rbac().roleBindings().inNamespace("shop").resource(new RoleBindingBuilder().withNewMetadata().withName("deleter").withNamespace("shop")
        .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "one-pod-deleter")
        .addNewSubject().withKind("User").withName("dan").withApiGroup("rbac.authorization.k8s.io").endSubject().build()).create();
    admin.rbac().roleBindings().inNamespace("legacy").resource(new RoleBindingBuilder().withNewMetadata().withName("dangling").withNamespace("legacy")
        .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "gone")
        .addNewSubject().withKind("User").withName("eve").withApiGroup("rbac.authorization.k8s.io").endSubject().build()).create();
    harness.apiserver.answer("GET", RBAC + "clusterrolebindings", r -> "bob".equals(r.getHeader("Impersonate-User"))
        ? MockApiServer.forbidden("clusterrolebindings.rbac.authorization.k8s.io is forbidden: User \"bob\" cannot list resource"
            + " \"clusterrolebindings\" in API group \"rbac.authorization.k8s.io\" at the cluster scope")
        : null);
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
    bob = harness.browser();
    bob.login("bob", List.of("devs"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static JsonNode ask(TestBrowser who, String query) throws IOException {
    HttpResponse<String> r = who.get(ASK + "?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  private static List<String> subjects(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.get("subjects").forEach(s -> out.add(s.get("kind").asText() + ":" + (s.get("namespace").asText().isEmpty() ? ""
        : s.get("namespace").asText() + "/") + s.get("name").asText()));
    return out;
  }

  @Test
  void theAnswerNamesEverySubjectWithTheBindingAndRoleThatGrantIt() throws Exception {
    harness.apiserver.drainRequests();

    JsonNode a = ask(alice, "verb=get&resource=pods/log&namespace=shop");

    assertThat(a.get("complete").asBoolean()).isTrue();
    assertThat(subjects(a)).containsExactly("Group:platform", "ServiceAccount:tools/ci", "User:carol");
    JsonNode carol = a.get("subjects").get(2).get("grants").get(0);
    assertThat(carol.get("scope").asText()).isEqualTo("shop");
    assertThat(carol.get("binding").toString()).isEqualTo("{\"kind\":\"RoleBinding\",\"namespace\":\"shop\",\"name\":\"readers\"}");
    assertThat(carol.get("role").toString()).isEqualTo("{\"kind\":\"ClusterRole\",\"namespace\":\"\",\"name\":\"pod-reader\"}");
    JsonNode platform = a.get("subjects").get(0).get("grants").get(0);
    assertThat(platform.get("scope").asText()).isEqualTo("cluster");
    List<RecordedRequest> reads = harness.apiserver.drainRequests();
    assertThat(reads).extracting(RecordedRequest::getPath).containsExactlyInAnyOrder(RBAC + "clusterroles", RBAC + "clusterrolebindings",
        RBAC + "namespaces/shop/roles", RBAC + "namespaces/shop/rolebindings");
    assertThat(reads).allSatisfy(r -> {
      assertThat(r.getHeaders().headers("Impersonate-User")).containsExactly("alice");
      assertThat(r.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
    });
  }

  @Test
  void resourceNamesNarrowAGrantAndABindingToAMissingRoleMakesTheAnswerPartial() throws Exception {
    JsonNode a = ask(alice, "verb=delete&resource=pods");

    assertThat(subjects(a)).containsExactly("Group:platform", "User:dan");
    assertThat(a.get("subjects").get(1).get("grants").get(0).get("resourceNames").toString()).isEqualTo("[\"web-0\"]");
    assertThat(a.get("complete").asBoolean()).isFalse();
    assertThat(a.get("unresolved")).hasSize(1);
    assertThat(a.get("unresolved").get(0).get("why").asText()).isEqualTo("Role gone does not exist");
  }

  @Test
  void whatThePersonMayNotReadIsReportedAndItsGrantsAreNotShown() throws Exception {
    JsonNode a = ask(bob, "verb=get&resource=pods&namespace=shop");

    assertThat(a.get("complete").asBoolean()).isFalse();
    assertThat(subjects(a)).containsExactly("ServiceAccount:tools/ci", "User:carol");
    JsonNode refused = a.get("unreadable").get(0);
    assertThat(refused.get("what").asText()).isEqualTo("clusterrolebindings");
    assertThat(refused.get("status").asInt()).isEqualTo(403);
    assertThat(refused.get("message").asText()).contains("User \"bob\" cannot list resource \"clusterrolebindings\"");
  }

  /** The console's Rules / Role / Subjects columns need whole objects, which a Table row carries only when asked. */
  @Test
  void listsOfRbacKindsAskForWholeObjectsInTableRowsAndOtherListsDoNot() throws Exception {
    String resources = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/resources/";
    harness.apiserver.drainRequests();

    assertThat(alice.get(resources + "rbac.authorization.k8s.io/v1/clusterroles").statusCode()).isEqualTo(200);
    assertThat(alice.get(resources + "core/v1/namespaces").statusCode()).isEqualTo(200);

    List<RecordedRequest> lists = harness.apiserver.drainRequests().stream()
        .filter(r -> r.getPath().startsWith(RBAC + "clusterroles") || r.getPath().startsWith("/api/v1/namespaces")).toList();
    assertThat(lists).hasSize(2);
    assertThat(lists.get(0).getPath()).isEqualTo(RBAC + "clusterroles?includeObject=Object");
    assertThat(lists.get(0).getHeader("Accept")).contains("as=Table");
    assertThat(lists.get(1).getPath()).doesNotContain("includeObject");
  }

  @Test
  void aBadQuestionIsA400WithoutAnyApiserverRead() throws Exception {
    harness.apiserver.drainRequests();
    for (String q : List.of("resource=pods", "verb=get", "verb=get&resource=Pods", "verb=get&resource=pods&namespace=Shop_1",
        "verb=get&resource=pods&group=Apps!", "verb=get%20list&resource=pods")) {
      HttpResponse<String> r = alice.get(ASK + "?" + q);
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(Json.mapper().readTree(r.body()).get("message").asText()).as(q).isNotBlank();
    }
    assertThat(harness.apiserver.drainRequests()).isEmpty();
  }
}
