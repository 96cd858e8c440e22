package io.periscope.attackpaths;

import static io.periscope.testkit.AwsWorkloads.pod;
import static io.periscope.testkit.AwsWorkloads.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.audit.Verb;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.json.Json;
import io.periscope.testkit.FixedClientConnector;
import io.periscope.testkit.IamStub;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Attack paths through a real server: RBAC objects, ServiceAccounts and pods in fabric8's CRUD mock apiserver, read
 * as the person (Impersonate-* headers asserted); IAM policies from {@link IamStub} (IAM API reference shapes). The
 * {@code developers} group holds one binding per capability. Bob may not list Roles in namespace {@code platform}
 * (a scripted 403 in the apiserver's words): the path through the Role there is shown, marked incomplete.
 */
class AttackPathFinderTest {
  private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1/";
  private static final String ASK = "/api/clusters/prod/attack-paths";
  private static final MockApiServer apiserver = new MockApiServer();
  private static final IamStub iam = new IamStub();
  private static PeriscopeHarness harness;
  private static TestBrowser alice;
  private static TestBrowser bob;

  @BeforeAll
  static void start() {
    iam.role("deploy-bot", Map.of("ops", allow("iam:PassRole", "*")), List.of())
        .role("web", Map.of("buckets", allow("s3:DeleteBucket", "arn:aws:s3:::shop-*")), List.of())
        .role("batch", Map.of("read", allow("secretsmanager:GetSecretValue", "*")), List.of());
    var aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("iam", iam.endpoint()), Duration.ofSeconds(10), Clock.systemUTC());
    var spec = new ClusterSpec("prod", Backend.EKS, Optional.of("eu-west-1"), Optional.empty(), Optional.empty(), "production", Map.of(),
        Optional.empty(), Optional.empty(), Optional.empty());
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), List.of(spec),
        List.of(new FixedClientConnector(Backend.EKS, apiserver.client())), b -> b.aws(aws));
    KubernetesClient k = apiserver.client();
    for (String ns : List.of("platform", "shop", "batch", "jobs")) {
      k.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    serviceAccount(k, "platform", "deploy-bot", "deploy-bot");
    serviceAccount(k, "shop", "web", "web");
    serviceAccount(k, "batch", "runner", "batch");
    serviceAccount(k, "shop", "plain", null);
    serviceAccount(k, "jobs", "ghost", "deploy-bot"); // no binding of the group reaches namespace jobs
    pod(k, "platform", "deploy-bot-7f9", "deploy-bot");
    pod(k, "shop", "web-0", "web");

    role(k, "platform", "pod-exec", rule("", "pods/exec", "create"));
    roleBinding(k, "platform", "devs-exec", "Role", "pod-exec");
    clusterRole(k, "pod-maker", rule("", "pods", "create"));
    roleBinding(k, "shop", "devs-pods", "ClusterRole", "pod-maker");
    clusterRole(k, "job-maker", rule("batch", "jobs", "create"));
    roleBinding(k, "batch", "devs-jobs", "ClusterRole", "job-maker");
    clusterRole(k, "token-minter", new PolicyRuleBuilder().withApiGroups("").withResources("serviceaccounts/token")
        .withResourceNames("deploy-bot").withVerbs("create").build());
    clusterRoleBinding(k, "devs-tokens", "token-minter");
    role(k, "shop", "secret-reader", rule("", "secrets", "get", "list"));
    roleBinding(k, "shop", "devs-secrets", "Role", "secret-reader");
    role(k, "batch", "sa-impersonator", rule("", "serviceaccounts", "impersonate"));
    roleBinding(k, "batch", "devs-impersonate", "Role", "sa-impersonator");
    role(k, "shop", "binder", rule("rbac.authorization.k8s.io", "clusterroles", "bind"), rule("rbac.authorization.k8s.io", "rolebindings", "create"));
    roleBinding(k, "shop", "devs-bind", "Role", "binder");

    apiserver.answer("GET", RBAC + "roles", r -> bobAsks(r, "roles.rbac.authorization.k8s.io is forbidden: User \"bob\" cannot list resource"
        + " \"roles\" in API group \"rbac.authorization.k8s.io\" at the cluster scope"));
    apiserver.answer("GET", RBAC + "namespaces/platform/roles", r -> bobAsks(r, "roles.rbac.authorization.k8s.io is forbidden: User \"bob\""
        + " cannot list resource \"roles\" in API group \"rbac.authorization.k8s.io\" in the namespace \"platform\""));
    // Carol and Dave may read nothing in namespace jobs, nor list roles, bindings, accounts or pods cluster-wide;
    // Dave may list namespaces, Carol may not.
    apiserver.answer("GET", "/", r -> {
      String who = r.getHeader("Impersonate-User");
      String path = r.getPath().split("\\?", 2)[0];
      boolean shut = List.of(RBAC + "roles", RBAC + "rolebindings", "/api/v1/serviceaccounts", "/api/v1/pods").contains(path)
          || path.contains("/namespaces/jobs/") || path.equals("/api/v1/namespaces") && "carol".equals(who);
      return ("carol".equals(who) || "dave".equals(who)) && shut ? MockApiServer.forbidden("forbidden: User \"" + who + "\" cannot list " + path) : null;
    });
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
    bob = harness.browser();
    bob.login("bob", List.of("devs"));
  }

  private static io.fabric8.mockwebserver.http.MockResponse bobAsks(RecordedRequest r, String message) {
    return "bob".equals(r.getHeader("Impersonate-User")) ? MockApiServer.forbidden(message) : null;
  }

  @AfterAll
  static void stop() {
    harness.close();
    apiserver.close();
    iam.close();
  }

  private static String allow(String action, String resource) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Grant\",\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\""
        + resource + "\"}]}";
  }

  private static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
  }

  private static void role(KubernetesClient k, String ns, String name, PolicyRule... rules) {
    k.rbac().roles().inNamespace(ns).resource(new RoleBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withRules(rules).build()).create();
  }

  private static void clusterRole(KubernetesClient k, String name, PolicyRule... rules) {
    k.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata().withRules(rules).build()).create();
  }

  private static void roleBinding(KubernetesClient k, String ns, String name, String roleKind, String role) {
    k.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", roleKind, role)
        .addNewSubject().withKind("Group").withName("developers").withApiGroup("rbac.authorization.k8s.io").endSubject().build()).create();
  }

  private static void clusterRoleBinding(KubernetesClient k, String name, String role) {
    k.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
        .addNewSubject().withKind("Group").withName("developers").withApiGroup("rbac.authorization.k8s.io").endSubject().build()).create();
  }

  private static JsonNode ask(TestBrowser who, String query) throws Exception {
    var r = who.get(ASK + "?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  private static List<String> paths(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.get("paths").forEach(p -> {
      List<String> ids = new ArrayList<>();
      p.get("nodes").forEach(n -> ids.add(n.asText()));
      out.add((p.get("incomplete").asBoolean() ? "INCOMPLETE " : "") + String.join(" > ", ids));
    });
    return out;
  }

  private static String explanation(JsonNode answer, String from, String to) {
    for (JsonNode e : answer.get("edges")) {
      if (e.get("from").asText().equals(from) && e.get("to").asText().equals(to)) {
        return e.get("explanation").asText();
      }
    }
    throw new AssertionError("no edge " + from + " → " + to + " in " + answer.get("edges"));
  }

  @Test
  void everyCapabilityLeadsToTheServiceAccountsItReachesAndTheirRolesSensitiveActionsReadAsThePerson() throws Exception {
    apiserver.drainRequests();

    JsonNode a = ask(alice, "group=developers");

    String g = "subject:Group developers > ";
    String bot = " > sa:platform/deploy-bot > role:" + IamStub.roleArn("deploy-bot") + " > action:iam:PassRole";
    String web = " > sa:shop/web > role:" + IamStub.roleArn("web") + " > action:s3:DeleteBucket";
    String batch = " > sa:batch/runner > role:" + IamStub.roleArn("batch") + " > action:secretsmanager:GetSecretValue";
    assertThat(paths(a)).containsExactlyInAnyOrder(
        g + "binding:RoleBinding platform/devs-exec > cap:EXEC_PODS:platform:[]" + bot,
        g + "binding:ClusterRoleBinding devs-tokens > cap:SERVICE_ACCOUNT_TOKEN::[deploy-bot]" + bot,
        g + "binding:RoleBinding shop/devs-pods > cap:CREATE_PODS:shop:[]" + web,
        g + "binding:RoleBinding shop/devs-secrets > cap:READ_SECRETS:shop:[]" + web,
        g + "binding:RoleBinding shop/devs-bind > cap:BIND_OR_ESCALATE:shop:[]" + web,
        g + "binding:RoleBinding batch/devs-jobs > cap:CREATE_WORKLOADS:batch:[]" + batch,
        g + "binding:RoleBinding batch/devs-impersonate > cap:IMPERSONATE:batch:[]" + batch);
    assertThat(a.get("complete").asBoolean()).isTrue();
    assertThat(a.get("incomplete")).isEmpty();
    assertThat(explanation(a, "cap:EXEC_PODS:platform:[]", "sa:platform/deploy-bot"))
        .isEqualTo("pod deploy-bot-7f9 runs as platform/deploy-bot; a shell there has its credentials");
    assertThat(explanation(a, "role:" + IamStub.roleArn("deploy-bot"), "action:iam:PassRole"))
        .isEqualTo("deploy-bot allows iam:PassRole on every resource (inline:ops Grant)");
    assertThat(explanation(a, "role:" + IamStub.roleArn("web"), "action:s3:DeleteBucket")).contains("arn:aws:s3:::shop-*");

    List<RecordedRequest> reads = apiserver.drainRequests().stream().filter(r -> r.getHeader("Impersonate-User") != null).toList();
    assertThat(reads).extracting(RecordedRequest::getPath).contains(RBAC + "clusterroles", RBAC + "clusterrolebindings", RBAC + "roles",
        RBAC + "rolebindings", "/api/v1/serviceaccounts", "/api/v1/pods");
    assertThat(reads).allSatisfy(r -> {
      assertThat(r.getHeaders().headers("Impersonate-User")).containsExactly("alice");
      assertThat(r.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
    });
    assertThat(harness.audit.events()).filteredOn(e -> e.verb() == Verb.AWS_IAM_READ && "attack_paths".equals(e.extra().get("op")) && e.actor().sub().equals("alice"))
        .singleElement().satisfies(e -> {
          assertThat(e.actor().sub()).isEqualTo("alice");
          assertThat(e.extra()).containsEntry("groups", List.of("developers")).containsEntry("paths", 7);
        });
  }

  @Test
  void aRoleThePersonMayNotReadMakesItsPathIncompleteWithTheApiserversWords() throws Exception {
    JsonNode a = ask(bob, "group=developers");

    assertThat(a.get("complete").asBoolean()).isFalse();
    assertThat(paths(a)).contains("INCOMPLETE subject:Group developers > binding:RoleBinding platform/devs-exec > "
        + "unknown:RoleBinding platform/devs-exec > sa:platform/deploy-bot > role:" + IamStub.roleArn("deploy-bot") + " > action:iam:PassRole");
    assertThat(paths(a)).doesNotContain("subject:Group developers > binding:RoleBinding platform/devs-exec > cap:EXEC_PODS:platform:[]"
        + " > sa:platform/deploy-bot > role:" + IamStub.roleArn("deploy-bot") + " > action:iam:PassRole");
    assertThat(a.get("incomplete").toString())
        .contains("you may not list roles in namespace platform (403: roles.rbac.authorization.k8s.io is forbidden: User \\\"bob\\\"")
        .contains("you may not read Roles in namespace platform, so what Role pod-exec grants is unknown");
    // Roles of the other namespaces were read one namespace at a time, and their paths are whole.
    assertThat(paths(a)).contains("subject:Group developers > binding:RoleBinding shop/devs-secrets > cap:READ_SECRETS:shop:[] > sa:shop/web > role:"
        + IamStub.roleArn("web") + " > action:s3:DeleteBucket");
  }

  @Test
  void aNamespaceThePersonNeitherListsNorReadsInIsNotNamedBackToThem() throws Exception {
    TestBrowser carol = harness.browser();
    carol.login("carol", List.of("devs"));

    JsonNode a = ask(carol, "group=developers");

    // The server's own index knows namespace jobs holds an IAM-bound ServiceAccount; Carol does not, and is not told.
    // ("devs-jobs" and "job-maker" are names of bindings and roles Carol reads, in namespace batch.)
    assertThat(a.toString()).doesNotContain("namespace jobs").doesNotContain("jobs/").doesNotContain("\"jobs\"").doesNotContain("ghost");
    assertThat(a.get("complete").asBoolean()).isFalse();
    assertThat(a.get("incomplete")).extracting(g -> g.get("reason").asText())
        .containsExactly("some namespaces with ServiceAccounts bound to IAM roles are ones you may neither list nor read in: grants, roles and paths"
            + " there are unknown, and they are not named");
  }

  @Test
  void aNamespaceThePersonMayListIsNamedInItsGaps() throws Exception {
    TestBrowser dave = harness.browser();
    dave.login("dave", List.of("devs"));

    JsonNode a = ask(dave, "group=developers");

    assertThat(a.get("incomplete").toString()).contains("you may not list roles in namespace jobs")
        .doesNotContain("some namespaces with ServiceAccounts bound to IAM roles");
  }

  @Test
  void aQuestionWithoutSubjectIsA400AndAskNothing() throws Exception {
    int before = apiserver.requestCount();

    var r = alice.get(ASK + "?user=");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(r.body()).get("message").asText()).contains("name a user (user=) or at least one group (group=)");
    assertThat(apiserver.requestCount()).isEqualTo(before);
  }
}
