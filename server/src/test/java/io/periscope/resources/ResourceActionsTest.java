package io.periscope.resources;

import static io.periscope.resources.ResourceFixtures.asPerson;
import static io.periscope.resources.ResourceFixtures.json;
import static io.periscope.resources.ResourceFixtures.writes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every action through a real server: the apiserver call it makes (as the person), the audit row
 * it leaves, and bad input that must never reach the apiserver as a write. The CRUD mock does not
 * implement server-side apply, dry-run or RBAC, so those answers are scripted with the apiserver's
 * response shapes (object, {@code Status} 409 with FieldManagerConflict causes, {@code Status} 403).
 */
class ResourceActionsTest {
  private static final String C = "/api/clusters/" + PeriscopeHarness.CLUSTER;
  private static final String CM = C + "/resources/core/v1/configmaps";
  private static final String POD = C + "/resources/core/v1/pods";
  private static PeriscopeHarness harness;
  private static TestBrowser alice;

  @BeforeAll
  static void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.serveDiscovery();
    var admin = harness.apiserver.client();
    // Two custom kinds alike but for the scale subresource: Scale is offered on the one whose CRD declares it.
    admin.apiextensions().v1().customResourceDefinitions().resource(ResourceFixtures.crd("example.com", "Widget", "widgets", false)).create();
    admin.apiextensions().v1().customResourceDefinitions().resource(ResourceFixtures.crd("example.com", "Worker", "workers", true)).create();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
    admin.configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
        .addToData("color", "blue").build()).create();
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static AuditEvent lastAudit() {
    List<AuditEvent> events = harness.audit.events();
    return events.getLast();
  }

  private static int auditCount() {
    return harness.audit.events().size();
  }

  @Test
  void createFromYamlRunsAsThePersonAndIsAudited() throws Exception {
    harness.apiserver.drainRequests();
    String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: created\ndata:\n  a: b\n";

    HttpResponse<String> r = alice.mutate("POST", CM + "?namespace=shop", yaml);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(harness.apiserver.client().configMaps().inNamespace("shop").withName("created").get().getData()).containsEntry("a", "b");
    RecordedRequest post = writes(harness.apiserver.drainRequests()).getFirst();
    assertThat(post.getPath()).isEqualTo("/api/v1/namespaces/shop/configmaps?fieldManager=periscope");
    assertThat(post.getHeaders().headers("Impersonate-User")).containsExactly("alice");
    assertThat(post.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
    AuditEvent e = lastAudit();
    assertThat(e.verb()).isEqualTo(Verb.CREATE);
    assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(e.actor().sub()).isEqualTo("alice");
    assertThat(e.target()).isEqualTo(new AuditEvent.Target("test", "shop", "configmaps", "created"));
  }

  @Test
  void createDryRunAsksTheApiserverWithDryRunAllAndStoresNothing() throws Exception {
    var wouldBe = new ConfigMapBuilder().withNewMetadata().withName("tried").withNamespace("shop").withUid("dry-uid").endMetadata()
        .addToData("a", "b").build();
    harness.apiserver.expect().post().withPath("/api/v1/namespaces/shop/configmaps?fieldManager=periscope&dryRun=All")
        .andReturn(201, wouldBe).once();
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.mutate("POST", CM + "?namespace=shop&dryRun=true",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tried\ndata:\n  a: b\n");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r.body()).get("metadata").get("name").asText()).isEqualTo("tried");
    RecordedRequest post = writes(harness.apiserver.drainRequests()).getFirst();
    assertThat(post.getPath()).isEqualTo("/api/v1/namespaces/shop/configmaps?fieldManager=periscope&dryRun=All");
    assertThat(post.getHeaders().headers("Impersonate-User")).containsExactly("alice");
    assertThat(harness.apiserver.client().configMaps().inNamespace("shop").withName("tried").get()).isNull();
    AuditEvent e = lastAudit();
    assertThat(e.verb()).isEqualTo(Verb.CREATE);
    assertThat(e.extra()).containsEntry("dryRun", true);
  }

  static List<Arguments> badInput() {
    String ok = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n";
    String deploy = C + "/resources/apps/v1/deployments/shop/web";
    return List.of(
        Arguments.of("malformed YAML", "POST", CM + "/shop/settings/apply", "kind: [unclosed\n  : :", 400),
        Arguments.of("kind disagrees with URL", "POST", CM + "/shop/settings/apply", ok.replace("ConfigMap", "Secret"), 422),
        Arguments.of("namespace disagrees with URL", "POST", CM + "/shop/settings/apply", ok.replace("namespace: shop", "namespace: prod"), 422),
        Arguments.of("name disagrees with URL", "POST", CM + "/shop/settings/apply", ok.replace("name: settings", "name: other"), 422),
        Arguments.of("apply without a name", "POST", CM + "/shop/settings/apply", "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", 422),
        Arguments.of("two documents", "POST", CM + "/shop/settings/apply", ok + "---\n" + ok, 400),
        Arguments.of("unknown kind", "POST", C + "/resources/core/v1/gizmos/shop/x/apply", ok, 404),
        Arguments.of("body too large", "POST", CM + "/shop/settings/apply", ok + "data:\n  big: " + "x".repeat(1_100_000) + "\n", 413),
        Arguments.of("create without name", "POST", CM + "?namespace=shop", "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", 422),
        Arguments.of("create of a namespaced kind without namespace", "POST", CM, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n", 422),
        Arguments.of("scale to -1", "POST", deploy + "/scale", "{\"replicas\": -1}", 422),
        Arguments.of("scale to a non-number", "POST", deploy + "/scale", "{\"replicas\": \"three\"}", 400),
        Arguments.of("scale to a fraction", "POST", deploy + "/scale", "{\"replicas\": 2.5}", 400),
        Arguments.of("scale to a number in a string", "POST", deploy + "/scale", "{\"replicas\": \"2\"}", 400),
        Arguments.of("rollback to a fraction of a revision", "POST", deploy + "/rollback", "{\"revision\": 1.7}", 400),
        Arguments.of("rollback to a revision in a string", "POST", deploy + "/rollback", "{\"revision\": \"1\"}", 400),
        Arguments.of("scale of a kind without scale subresource", "POST", CM + "/shop/settings/scale", "{\"replicas\": 2}", 422),
        Arguments.of("restart of a ConfigMap", "POST", CM + "/shop/settings/restart", "", 422),
        Arguments.of("trigger of a ConfigMap", "POST", CM + "/shop/settings/trigger", "", 422),
        Arguments.of("reveal of a ConfigMap", "POST", CM + "/shop/settings/reveal", "", 422),
        Arguments.of("certificate of a ConfigMap", "POST", CM + "/shop/settings/certificate", "", 422),
        Arguments.of("cordon of a ConfigMap", "POST", CM + "/shop/settings/cordon", "", 422),
        Arguments.of("bad propagation policy", "DELETE", CM + "/shop/settings?propagationPolicy=Everything", null, 400),
        Arguments.of("negative grace period", "DELETE", CM + "/shop/settings?gracePeriodSeconds=-1", null, 400),
        Arguments.of("grace period longer than a day", "DELETE", CM + "/shop/settings?gracePeriodSeconds=86401", null, 400),
        Arguments.of("grace period not a number", "DELETE", CM + "/shop/settings?gracePeriodSeconds=now", null, 400),
        Arguments.of("suspend of a ConfigMap", "POST", CM + "/shop/settings/pause", "", 422),
        Arguments.of("debug of a ConfigMap", "POST", CM + "/shop/settings/debug", "{\"image\":\"busybox:1.36\"}", 422),
        Arguments.of("debug without an image", "POST", POD + "/shop/web/debug", "{\"target\":\"app\"}", 422),
        Arguments.of("debug image with a space", "POST", POD + "/shop/web/debug", "{\"image\":\"busybox; rm -rf /\"}", 422),
        Arguments.of("debug target no container name", "POST", POD + "/shop/web/debug", "{\"image\":\"busybox\",\"target\":\"App_1\"}", 422),
        Arguments.of("debug body no JSON", "POST", POD + "/shop/web/debug", "image=busybox", 400),
        Arguments.of("invalid object name", "DELETE", CM + "/shop/Not_A_Name", null, 400),
        Arguments.of("dryRun not a boolean", "POST", CM + "/shop/settings/apply?dryRun=yes", ok, 400),
        Arguments.of("create dryRun not a boolean", "POST", CM + "?namespace=shop&dryRun=yes", ok.replace("settings", "fresh"), 400));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInputIsRejectedWithoutAnyWrite(String name, String method, String path, String body, int status) throws Exception {
    harness.apiserver.drainRequests();
    int audits = auditCount();

    HttpResponse<String> r = alice.mutate(method, path, body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(json(r.body()).get("message").asText()).isNotBlank();
    assertThat(writes(harness.apiserver.drainRequests())).isEmpty();
    assertThat(auditCount()).isEqualTo(audits);
    assertThat(harness.apiserver.client().configMaps().inNamespace("shop").withName("settings").get().getData()).containsEntry("color", "blue");
  }

  @Test
  void serverSideApplySendsApplyPatchAsFieldManagerPeriscope() throws Exception {
    var applied = new ConfigMapBuilder().withNewMetadata().withName("applied").withNamespace("shop").endMetadata().addToData("k", "v").build();
    harness.apiserver.expect().patch().withPath("/api/v1/namespaces/shop/configmaps/applied?fieldManager=periscope")
        .andReturn(200, applied).once();
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.mutate("POST", CM + "/shop/applied/apply",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: v\n");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    RecordedRequest patch = writes(harness.apiserver.drainRequests()).getFirst();
    assertThat(patch.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    assertThat(patch.getUtf8Body()).contains("namespace: shop").contains("name: applied");
    assertThat(patch.getHeaders().headers("Impersonate-User")).containsExactly("alice");
    AuditEvent e = lastAudit();
    assertThat(e.verb()).isEqualTo(Verb.APPLY);
    assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(e.extra()).containsEntry("dryRun", false).containsEntry("fieldManager", "periscope");
    assertThat(e.extra()).containsEntry("changed", List.of("(created)"));
  }

  @Test
  void anAppliesAuditRowNamesTheFieldsItChangedNeverTheirValues() throws Exception {
    var live = harness.apiserver.client().configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("tuned")
        .withNamespace("shop").endMetadata().addToData("color", "blue").addToData("size", "L").build()).create();
    // What the apiserver answers: the same object (uid, creation time) with the applied data.
    var result = new ConfigMapBuilder(live).withData(Map.of("color", "green", "size", "L", "mode", "fast")).build();
    harness.apiserver.expect().patch().withPath("/api/v1/namespaces/shop/configmaps/tuned?fieldManager=periscope").andReturn(200, result).once();

    HttpResponse<String> r = alice.mutate("POST", CM + "/shop/tuned/apply",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tuned\ndata:\n  color: green\n  size: L\n  mode: fast\n");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    AuditEvent e = lastAudit();
    assertThat(e.verb()).isEqualTo(Verb.APPLY);
    assertThat(e.extra().get("changed")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactlyInAnyOrder("/data/color", "/data/mode");
    assertThat(e.extra().toString()).doesNotContain("green").doesNotContain("fast");
  }

  @Test
  void anApplyToASecretNamesTheKeysWhoseValueChangedNeverTheValues() throws Exception {
    var live = harness.apiserver.client().secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName("db")
        .withNamespace("shop").endMetadata().addToData("user", "YWRtaW4=").addToData("password", "b2xkLXNlY3JldA==").build()).create();
    var result = new SecretBuilder(live).withData(Map.of("user", "YWRtaW4=", "password", "bmV3LXNlY3JldA==")).build();
    harness.apiserver.expect().patch().withPath("/api/v1/namespaces/shop/secrets/db?fieldManager=periscope").andReturn(200, result).once();

    HttpResponse<String> r = alice.mutate("POST", C + "/resources/core/v1/secrets/shop/db/apply",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  user: YWRtaW4=\n  password: bmV3LXNlY3JldA==\n");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    AuditEvent e = lastAudit();
    assertThat(e.extra().get("changed")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactly("/data/password");
    assertThat(e.extra().toString()).doesNotContain("bmV3").doesNotContain("b2xk");
  }

  @Test
  void dryRunReturnsADiffOfLiveVersusResultAndWritesNothing() throws Exception {
    var result = new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("shop").endMetadata()
        .addToData("color", "green").addToData("size", "L").build();
    harness.apiserver.expect().patch().withPath("/api/v1/namespaces/shop/configmaps/settings?fieldManager=periscope&dryRun=All")
        .andReturn(200, result).once();

    HttpResponse<String> r = alice.mutate("POST", CM + "/shop/settings/apply?dryRun=true",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: green\n  size: L\n");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json(r.body());
    assertThat(body.get("dryRun").asBoolean()).isTrue();
    assertThat(body.get("live").asText()).contains("color: blue");
    assertThat(body.get("proposed").asText()).contains("color: green");
    assertThat(body.get("changes")).extracting(c -> c.get("op").asText() + " " + c.get("path").asText())
        .contains("replace /data/color", "add /data/size");
    assertThat(harness.apiserver.client().configMaps().inNamespace("shop").withName("settings").get().getData()).containsEntry("color", "blue");
    assertThat(lastAudit().extra()).containsEntry("dryRun", true);
  }

  @Test
  void conflictsAreReportedPerFieldAndForceRetries() throws Exception {
    var conflict = new StatusBuilder().withStatus("Failure").withCode(409).withReason("Conflict")
        .withMessage("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using v1: .data.color")
        .withNewDetails().withKind("configmaps").withName("settings")
        .addNewCause().withReason("FieldManagerConflict").withMessage("conflict with \"kubectl-edit\" using v1").withField(".data.color").endCause()
        .endDetails().build();
    harness.apiserver.expect().patch().withPath("/api/v1/namespaces/shop/configmaps/settings?fieldManager=periscope")
        .andReturn(409, conflict).once();
    var forced = new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("shop").endMetadata().addToData("color", "red").build();
    harness.apiserver.expect().patch().withPath("/api/v1/namespaces/shop/configmaps/settings?fieldManager=periscope&force=true")
        .andReturn(200, forced).once();
    String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: red\n";

    HttpResponse<String> r = alice.mutate("POST", CM + "/shop/settings/apply", yaml);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    JsonNode body = json(r.body());
    assertThat(body.get("code").asText()).isEqualTo("apply_conflict");
    assertThat(body.get("conflicts").get(0).get("field").asText()).isEqualTo(".data.color");
    assertThat(body.get("conflicts").get(0).get("manager").asText()).isEqualTo("kubectl-edit");
    assertThat(lastAudit().outcome()).isEqualTo(Outcome.FAILURE);

    HttpResponse<String> again = alice.mutate("POST", CM + "/shop/settings/apply?force=true", yaml);

    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(lastAudit().extra()).containsEntry("force", true);
    assertThat(lastAudit().outcome()).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void apiserverForbiddenIsA403AndAuditedAsDenied() throws Exception {
    var forbidden = new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
        .withMessage("configmaps \"locked\" is forbidden: User \"alice\" cannot patch resource \"configmaps\" in API group \"\" in the namespace \"shop\"")
        .build();
    harness.apiserver.expect().patch().withPath("/api/v1/namespaces/shop/configmaps/locked?fieldManager=periscope")
        .andReturn(403, forbidden).once();

    HttpResponse<String> r = alice.mutate("POST", CM + "/shop/locked/apply", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: locked\n");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r.body()).get("code").asText()).isEqualTo("forbidden");
    assertThat(json(r.body()).get("message").asText()).contains("cannot patch resource");
    AuditEvent e = lastAudit();
    assertThat(e.verb()).isEqualTo(Verb.APPLY);
    assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(e.reason()).contains("cannot patch resource \"configmaps\"");
  }

  @Test
  void deleteSendsThePropagationPolicy() throws Exception {
    harness.apiserver.client().configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("doomed")
        .endMetadata().build()).create();
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.mutate("DELETE", CM + "/shop/doomed?propagationPolicy=Foreground", null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(harness.apiserver.client().configMaps().inNamespace("shop").withName("doomed").get()).isNull();
    RecordedRequest delete = writes(harness.apiserver.drainRequests()).getFirst();
    assertThat(delete.getMethod()).isEqualTo("DELETE");
    assertThat(delete.getUtf8Body()).contains("\"propagationPolicy\":\"Foreground\"");
    assertThat(lastAudit().verb()).isEqualTo(Verb.DELETE);
    assertThat(lastAudit().extra()).containsEntry("propagationPolicy", "Foreground");
  }

  @Test
  void debugAddsAnEphemeralContainerAsKubectlDebugDoes() throws Exception {
    String ephemeral = "/api/v1/namespaces/shop/pods/web/ephemeralcontainers";
    harness.apiserver.answer("PATCH", ephemeral, q -> new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
        .setBody("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"}}"));
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.mutate("POST", POD + "/shop/web/debug", "{\"image\":\"busybox:1.36\",\"target\":\"app\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String container = json(r.body()).get("container").asText();
    assertThat(container).matches("debugger-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(json(r.body()).get("pod").get("metadata").get("name").asText()).isEqualTo("web");
    RecordedRequest patch = writes(harness.apiserver.drainRequests()).getFirst();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getPath()).isEqualTo(ephemeral);
    assertThat(patch.getHeader("Content-Type")).startsWith("application/strategic-merge-patch+json");
    assertThat(patch.getHeaders().headers("Impersonate-User")).containsExactly("alice");
    assertThat(json(patch.getUtf8Body())).isEqualTo(json("{\"spec\":{\"ephemeralContainers\":[{\"name\":\"" + container
        + "\",\"image\":\"busybox:1.36\",\"stdin\":true,\"tty\":true,\"terminationMessagePolicy\":\"File\",\"targetContainerName\":\"app\"}]}}"));
    assertThat(lastAudit().verb()).isEqualTo(Verb.DEBUG);
    assertThat(lastAudit().target().name()).isEqualTo("web");
    assertThat(lastAudit().extra()).containsEntry("container", container).containsEntry("image", "busybox:1.36").containsEntry("target", "app");
  }

  @Test
  void forceDeleteSendsAZeroGracePeriodAsKubectlDoes() throws Exception {
    harness.apiserver.client().pods().inNamespace("shop").resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
        .withName("stuck").endMetadata().withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
        .build()).create();
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.mutate("DELETE", C + "/resources/core/v1/pods/shop/stuck?gracePeriodSeconds=0", null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    RecordedRequest delete = writes(harness.apiserver.drainRequests()).getFirst();
    assertThat(delete.getMethod()).isEqualTo("DELETE");
    assertThat(json(delete.getUtf8Body())).isEqualTo(json(
        "{\"apiVersion\":\"v1\",\"kind\":\"DeleteOptions\",\"propagationPolicy\":\"Background\",\"gracePeriodSeconds\":0}"));
    assertThat(delete.getHeaders().headers("Impersonate-User")).containsExactly("alice");
    assertThat(lastAudit().verb()).isEqualTo(Verb.DELETE);
    assertThat(lastAudit().target().name()).isEqualTo("stuck");
    assertThat(lastAudit().extra()).containsEntry("gracePeriodSeconds", 0).containsEntry("propagationPolicy", "Background");
  }

  @Test
  void suspendAndResumeACronJobsSchedule() throws Exception {
    harness.apiserver.client().batch().v1().cronjobs().inNamespace("shop").resource(new CronJobBuilder().withNewMetadata()
        .withName("report").endMetadata().withNewSpec().withSchedule("0 3 * * *").withNewJobTemplate().withNewSpec().withNewTemplate()
        .withNewSpec().addNewContainer().withName("run").withImage("busybox").endContainer().withRestartPolicy("Never").endSpec()
        .endTemplate().endSpec().endJobTemplate().endSpec().build()).create();
    String report = C + "/resources/batch/v1/cronjobs/shop/report";
    harness.apiserver.drainRequests();

    HttpResponse<String> suspended = alice.mutate("POST", report + "/pause", "");

    assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
    assertThat(harness.apiserver.client().batch().v1().cronjobs().inNamespace("shop").withName("report").get().getSpec().getSuspend()).isTrue();
    assertThat(ResourceFixtures.writes(harness.apiserver.drainRequests())).singleElement().satisfies(q -> {
      assertThat(q.getMethod()).isEqualTo("PATCH");
      assertThat(q.getHeader("Content-Type")).startsWith("application/merge-patch+json");
      assertThat(q.getHeaders().headers("Impersonate-User")).containsExactly("alice");
    });
    assertThat(lastAudit().verb()).isEqualTo(Verb.PAUSE);
    assertThat(lastAudit().target().resource()).isEqualTo("cronjobs.batch");

    HttpResponse<String> resumed = alice.mutate("POST", report + "/resume", "");

    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    assertThat(harness.apiserver.client().batch().v1().cronjobs().inNamespace("shop").withName("report").get().getSpec().getSuspend()).isFalse();
    assertThat(ResourceFixtures.writes(harness.apiserver.drainRequests())).singleElement()
        .satisfies(q -> assertThat(q.getMethod()).isEqualTo("PATCH"));
    assertThat(lastAudit().verb()).isEqualTo(Verb.RESUME);
  }

  private static void deployment(String name, int replicas) {
    harness.apiserver.client().apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName(name)
        .endMetadata().withNewSpec().withReplicas(replicas).withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .endTemplate().endSpec().build()).create();
  }

  /** An {@code autoscaling/v1} Scale as the apiserver answers one for a Deployment. */
  private static String scaleOf(String name, int replicas) {
    return "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"shop\","
        + "\"resourceVersion\":\"7\"},\"spec\":{\"replicas\":" + replicas + "},\"status\":{\"replicas\":1,\"selector\":\"app=" + name + "\"}}";
  }

  /**
   * As {@code kubectl scale}: the count is read off, and written through, the {@code scale} subresource, so the
   * apiserver judges it as {@code deployments/scale} (the chart's triage tier may, without editing the object).
   * Scripted with the apiserver's Scale answers (the CRUD mock serves {@code /scale} as the object itself).
   */
  @Test
  void scaleReadsAndPatchesTheScaleSubresourceAsThePerson() throws Exception {
    String path = "/apis/apps/v1/namespaces/shop/deployments/web/scale";
    harness.apiserver.expect().get().withPath(path).andReturn(200, scaleOf("web", 1)).once();
    harness.apiserver.expect().patch().withPath(path + "?fieldManager=periscope").andReturn(200, scaleOf("web", 3)).once();
    harness.apiserver.drainRequests();

    HttpResponse<String> scaled = alice.mutate("POST", C + "/resources/apps/v1/deployments/shop/web/scale", "{\"replicas\": 3}");

    assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);
    assertThat(json(scaled.body())).as("the apiserver's Scale").isEqualTo(json(scaleOf("web", 3)));
    List<RecordedRequest> calls = asPerson(harness.apiserver.drainRequests());
    assertThat(calls).extracting(q -> q.getMethod() + " " + q.getPath()).containsExactly("GET " + path, "PATCH " + path + "?fieldManager=periscope");
    RecordedRequest patch = calls.getLast();
    assertThat(patch.getHeader("Content-Type")).startsWith("application/merge-patch+json");
    assertThat(json(patch.getUtf8Body())).isEqualTo(json("{\"spec\":{\"replicas\":3}}"));
    assertThat(calls).allSatisfy(q -> {
      assertThat(q.getHeaders().headers("Impersonate-User")).containsExactly("alice");
      assertThat(q.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
    });
    AuditEvent scaleAudit = lastAudit();
    assertThat(scaleAudit.verb()).isEqualTo(Verb.SCALE);
    assertThat(scaleAudit.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(scaleAudit.extra()).containsEntry("replicas", 3).containsEntry("fromReplicas", 1);
    assertThat(scaleAudit.target()).isEqualTo(new AuditEvent.Target("test", "shop", "deployments.apps", "web"));
  }

  /** Through the CRUD store (which answers {@code /scale} with the object): the count changes and the row says from what. */
  @Test
  void aScaleChangesTheCount() throws Exception {
    deployment("counted", 1);

    HttpResponse<String> scaled = alice.mutate("POST", C + "/resources/apps/v1/deployments/shop/counted/scale", "{\"replicas\": 5}");

    assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);
    assertThat(harness.apiserver.client().apps().deployments().inNamespace("shop").withName("counted").get().getSpec().getReplicas()).isEqualTo(5);
    assertThat(lastAudit().extra()).containsEntry("replicas", 5).containsEntry("fromReplicas", 1);
  }

  @Test
  void aScaleWhoseCountMayNotBeReadStillGoesAheadAndItsRowSaysNoFrom() throws Exception {
    deployment("unread", 2);
    var forbidden = new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden").withMessage("deployments.apps \"unread\""
        + " is forbidden: User \"alice\" cannot get resource \"deployments/scale\" in API group \"apps\" in the namespace \"shop\"").build();
    harness.apiserver.expect().get().withPath("/apis/apps/v1/namespaces/shop/deployments/unread/scale").andReturn(403, forbidden).once();

    HttpResponse<String> scaled = alice.mutate("POST", C + "/resources/apps/v1/deployments/shop/unread/scale", "{\"replicas\": 4}");

    assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);
    assertThat(harness.apiserver.client().apps().deployments().inNamespace("shop").withName("unread").get().getSpec().getReplicas()).isEqualTo(4);
    assertThat(lastAudit().outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(lastAudit().extra()).containsEntry("replicas", 4).doesNotContainKey("fromReplicas");
  }

  /** The apiserver's refusal of the subresource is the person's error, naming the verb and {@code deployments/scale}; nothing changes. */
  @Test
  void aRefusedScaleIsAClear403NamingTheScaleSubresourceAndIsAuditedAsDenied() throws Exception {
    deployment("guarded", 2);
    var forbidden = new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden").withMessage("deployments.apps \"guarded\""
        + " is forbidden: User \"alice\" cannot patch resource \"deployments/scale\" in API group \"apps\" in the namespace \"shop\"")
        .withNewDetails().withName("guarded").withGroup("apps").withKind("deployments").endDetails().build();
    harness.apiserver.expect().patch().withPath("/apis/apps/v1/namespaces/shop/deployments/guarded/scale?fieldManager=periscope")
        .andReturn(403, forbidden).once();
    long scaledBefore = harness.audit.events().stream().filter(e -> e.verb() == Verb.SCALE && e.outcome() == Outcome.SUCCESS).count();

    HttpResponse<String> r = alice.mutate("POST", C + "/resources/apps/v1/deployments/shop/guarded/scale", "{\"replicas\": 0}");

    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode body = json(r.body());
    assertThat(body.get("code").asText()).isEqualTo("forbidden");
    assertThat(body.get("message").asText()).contains("cannot patch resource \"deployments/scale\"");
    assertThat(body.get("requestId").asText()).isNotEmpty();
    assertThat(body.at("/denied/verb").asText()).isEqualTo("patch");
    assertThat(body.at("/denied/resource").asText()).isEqualTo("deployments");
    assertThat(body.at("/denied/subresource").asText()).isEqualTo("scale");
    assertThat(harness.apiserver.client().apps().deployments().inNamespace("shop").withName("guarded").get().getSpec().getReplicas()).isEqualTo(2);
    AuditEvent e = lastAudit();
    assertThat(e.verb()).isEqualTo(Verb.SCALE);
    assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(e.reason()).contains("cannot patch resource \"deployments/scale\"");
    assertThat(harness.audit.events().stream().filter(x -> x.verb() == Verb.SCALE && x.outcome() == Outcome.SUCCESS).count()).isEqualTo(scaledBefore);
  }

  /** A custom kind whose CRD declares no scale subresource: Scale is refused before anything reaches the apiserver. */
  @Test
  void aScaleOfACustomResourceWithoutAScaleSubresourceIsUnsupportedAndSendsNothing() throws Exception {
    harness.apiserver.drainRequests();
    int audits = auditCount();

    HttpResponse<String> r = alice.mutate("POST", C + "/resources/example.com/v1/widgets/shop/w1/scale", "{\"replicas\": 2}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    JsonNode body = json(r.body());
    assertThat(body.get("code").asText()).isEqualTo("unsupported_action");
    assertThat(body.get("message").asText()).isEqualTo("scale is not available for Widget (only kinds with a scale subresource)");
    assertThat(body.get("requestId").asText()).isNotEmpty();
    assertThat(asPerson(harness.apiserver.drainRequests())).isEmpty();
    assertThat(auditCount()).isEqualTo(audits);
  }

  /** A custom kind whose CRD declares the scale subresource is scaled through it, as a Deployment is. */
  @Test
  void aScaleOfACustomResourceWithAScaleSubresourcePatchesItsScale() throws Exception {
    String path = "/apis/example.com/v1/namespaces/shop/workers/crunch/scale";
    String before = scaleOf("crunch", 1);
    String after = scaleOf("crunch", 4);
    harness.apiserver.expect().get().withPath(path).andReturn(200, before).once();
    harness.apiserver.expect().patch().withPath(path + "?fieldManager=periscope").andReturn(200, after).once();
    harness.apiserver.drainRequests();

    HttpResponse<String> scaled = alice.mutate("POST", C + "/resources/example.com/v1/workers/shop/crunch/scale", "{\"replicas\": 4}");

    assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);
    assertThat(json(scaled.body())).isEqualTo(json(after));
    List<RecordedRequest> calls = asPerson(harness.apiserver.drainRequests());
    assertThat(calls).extracting(q -> q.getMethod() + " " + q.getPath()).containsExactly("GET " + path, "PATCH " + path + "?fieldManager=periscope");
    assertThat(calls.getLast().getHeader("Content-Type")).startsWith("application/merge-patch+json");
    assertThat(json(calls.getLast().getUtf8Body())).isEqualTo(json("{\"spec\":{\"replicas\":4}}"));
    assertThat(lastAudit().target()).isEqualTo(new AuditEvent.Target("test", "shop", "workers.example.com", "crunch"));
    assertThat(lastAudit().extra()).containsEntry("replicas", 4).containsEntry("fromReplicas", 1);
  }

  @Test
  void restartADeployment() throws Exception {
    deployment("restarted", 1);

    HttpResponse<String> restarted = alice.mutate("POST", C + "/resources/apps/v1/deployments/shop/restarted/restart", "");

    assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(200);
    var live = harness.apiserver.client().apps().deployments().inNamespace("shop").withName("restarted").get();
    assertThat(live.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("kubectl.kubernetes.io/restartedAt");
    assertThat(lastAudit().verb()).isEqualTo(Verb.RESTART);
    assertThat(lastAudit().outcome()).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void pauseAndResumeADeploymentsRolloutsAsKubectlDoes() throws Exception {
    harness.apiserver.client().apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("api")
        .endMetadata().withNewSpec().withReplicas(1).withNewTemplate().withNewMetadata().addToLabels("app", "api").endMetadata()
        .endTemplate().endSpec().build()).create();
    String api = C + "/resources/apps/v1/deployments/shop/api";
    harness.apiserver.drainRequests();

    HttpResponse<String> paused = alice.mutate("POST", api + "/pause", "");

    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
    assertThat(harness.apiserver.client().apps().deployments().inNamespace("shop").withName("api").get().getSpec().getPaused()).isTrue();
    assertThat(ResourceFixtures.writes(harness.apiserver.drainRequests())).singleElement().satisfies(q -> {
      assertThat(q.getMethod()).isEqualTo("PATCH");
      assertThat(q.getHeader("Content-Type")).startsWith("application/merge-patch+json");
      assertThat(q.getHeaders().headers("Impersonate-User")).containsExactly("alice");
    });
    assertThat(lastAudit().verb()).isEqualTo(Verb.PAUSE);
    assertThat(lastAudit().target().name()).isEqualTo("api");

    HttpResponse<String> resumed = alice.mutate("POST", api + "/resume", "");

    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    assertThat(harness.apiserver.client().apps().deployments().inNamespace("shop").withName("api").get().getSpec().getPaused())
        .isNotEqualTo(Boolean.TRUE);
    assertThat(lastAudit().verb()).isEqualTo(Verb.RESUME);
    assertThat(lastAudit().outcome()).isEqualTo(Outcome.SUCCESS);
    int rows = auditCount();
    HttpResponse<String> onConfigMap = alice.mutate("POST", CM + "/shop/settings/pause", "");
    assertThat(onConfigMap.statusCode()).isEqualTo(422);
    assertThat(auditCount()).isEqualTo(rows);
  }

  @Test
  void cordonAndUncordonANodeAsKubectlDoes() throws Exception {
    harness.apiserver.client().nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("node-a")
        .endMetadata().build()).create();
    String node = C + "/resources/core/v1/nodes/_/node-a";
    harness.apiserver.drainRequests();

    HttpResponse<String> cordoned = alice.mutate("POST", node + "/cordon", "");

    assertThat(cordoned.statusCode()).as(cordoned.body()).isEqualTo(200);
    assertThat(harness.apiserver.client().nodes().withName("node-a").get().getSpec().getUnschedulable()).isTrue();
    var patch = ResourceFixtures.writes(harness.apiserver.drainRequests());
    assertThat(patch).singleElement().satisfies(q -> {
      assertThat(q.getPath()).startsWith("/api/v1/nodes/node-a");
      assertThat(q.getMethod()).isEqualTo("PATCH");
      assertThat(q.getHeader("Content-Type")).startsWith("application/merge-patch+json");
      assertThat(q.getHeaders().headers("Impersonate-User")).containsExactly("alice");
    });
    assertThat(lastAudit().verb()).isEqualTo(Verb.CORDON);
    assertThat(lastAudit().target().resource()).isEqualTo("nodes");
    assertThat(lastAudit().target().name()).isEqualTo("node-a");

    HttpResponse<String> uncordoned = alice.mutate("POST", node + "/uncordon", "");

    assertThat(uncordoned.statusCode()).as(uncordoned.body()).isEqualTo(200);
    assertThat(harness.apiserver.client().nodes().withName("node-a").get().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    assertThat(lastAudit().verb()).isEqualTo(Verb.UNCORDON);
    assertThat(lastAudit().outcome()).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void triggerCreatesAJobOwnedByTheCronJob() {
    var cj = harness.apiserver.client().batch().v1().cronjobs().inNamespace("shop").resource(new CronJobBuilder().withNewMetadata()
        .withName("nightly").endMetadata().withNewSpec().withSchedule("0 3 * * *").withNewJobTemplate().withNewMetadata()
        .addToLabels("job", "nightly").endMetadata().withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("run")
        .withImage("busybox").endContainer().withRestartPolicy("Never").endSpec().endTemplate().endSpec().endJobTemplate().endSpec()
        .build()).create();

    HttpResponse<String> r = alice.mutate("POST", C + "/resources/batch/v1/cronjobs/shop/nightly/trigger", "");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String jobName = json(r.body()).get("metadata").get("name").asText();
    var job = harness.apiserver.client().batch().v1().jobs().inNamespace("shop").withName(jobName).get();
    assertThat(jobName).startsWith("nightly-manual-");
    assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getKind()).isEqualTo("CronJob");
      assertThat(o.getUid()).isEqualTo(cj.getMetadata().getUid());
      assertThat(o.getController()).isTrue();
    });
    assertThat(job.getMetadata().getLabels()).containsEntry("job", "nightly");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("busybox");
    assertThat(lastAudit().verb()).isEqualTo(Verb.TRIGGER);
    assertThat(lastAudit().extra()).containsEntry("job", jobName);
  }

  @Test
  void secretRevealIsASeparateAuditedCall() {
    harness.apiserver.client().secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName("token").endMetadata()
        .addToData("token", "czNjcjN0").addToData("user", "YWRtaW4=").build()).create();

    HttpResponse<String> all = alice.mutate("POST", C + "/resources/core/v1/secrets/shop/token/reveal", "");
    HttpResponse<String> one = alice.mutate("POST", C + "/resources/core/v1/secrets/shop/token/reveal", "{\"key\":\"user\"}");

    assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
    assertThat(all.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(json(all.body()).get("data").get("token").asText()).isEqualTo("czNjcjN0");
    assertThat(json(one.body()).get("data").size()).isEqualTo(1);
    AuditEvent e = lastAudit();
    assertThat(e.verb()).isEqualTo(Verb.SECRET_REVEAL);
    assertThat(e.target()).isEqualTo(new AuditEvent.Target("test", "shop", "secrets", "token"));
    assertThat(e.extra()).containsEntry("key", "user");
  }

  @Test
  void aTlsSecretsCertificateIsReadAsThePersonAuditedAsARevealOfTlsCrtAndTheKeyNeverLeaves() throws Exception {
    java.time.Instant now = java.time.Instant.now();
    var ca = io.periscope.tls.TestCertificates.ca("Shop CA", now.minus(java.time.Duration.ofDays(300)), now.plus(java.time.Duration.ofDays(400)));
    String bundle = io.periscope.tls.TestCertificates.leafBundle(ca, now.minus(java.time.Duration.ofDays(80)),
        now.plus(java.time.Duration.ofDays(10)).plus(java.time.Duration.ofHours(6)), "shop.example.com");
    var b64 = java.util.Base64.getEncoder();
    harness.apiserver.client().secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName("shop-tls").endMetadata()
        .withType("kubernetes.io/tls").addToData("tls.crt", b64.encodeToString(bundle.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .addToData("tls.key", b64.encodeToString("-----BEGIN PRIVATE KEY-----\nprivate\n-----END PRIVATE KEY-----\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .build()).create();
    harness.apiserver.client().secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName("plain").endMetadata().withType("Opaque")
        .addToData("password", "czNjcjN0").build()).create();
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.mutate("POST", C + "/resources/core/v1/secrets/shop/shop-tls/certificate", "");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode chain = json(r.body());
    assertThat(chain.get("state").asText()).isEqualTo("EXPIRES_SOON");
    assertThat(chain.get("daysLeft").asLong()).isEqualTo(10);
    assertThat(chain.at("/certificates/0/names/0").asText()).isEqualTo("shop.example.com");
    assertThat(chain.at("/certificates/0/issuer").asText()).isEqualTo("CN=Shop CA");
    assertThat(r.body()).doesNotContain("PRIVATE").doesNotContain("BEGIN CERTIFICATE");
    List<RecordedRequest> calls = asPerson(harness.apiserver.drainRequests());
    assertThat(calls).extracting(RecordedRequest::getPath).containsExactly("/api/v1/namespaces/shop/secrets/shop-tls");
    assertThat(calls.getFirst().getHeaders().headers("Impersonate-User")).containsExactly("alice");
    AuditEvent e = lastAudit();
    assertThat(e.verb()).isEqualTo(Verb.SECRET_REVEAL);
    assertThat(e.target()).isEqualTo(new AuditEvent.Target("test", "shop", "secrets", "shop-tls"));
    assertThat(e.extra()).containsEntry("key", "tls.crt").containsEntry("view", "certificate");

    HttpResponse<String> none = alice.mutate("POST", C + "/resources/core/v1/secrets/shop/plain/certificate", "");
    assertThat(none.statusCode()).isEqualTo(422);
    assertThat(json(none.body()).get("code").asText()).isEqualTo("certificate_unreadable");
    assertThat(json(none.body()).get("message").asText()).isEqualTo("secret plain has no tls.crt (type Opaque)");
  }

  @Test
  void mutationsNeedTheCsrfToken() throws Exception {
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.send("POST", CM + "/shop/settings/restart", "", Map.of());

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(asPerson(harness.apiserver.drainRequests())).isEmpty();
  }
}
