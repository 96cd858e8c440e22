package io.periscope.resources;

import static io.periscope.resources.ResourceFixtures.asPerson;
import static io.periscope.resources.ResourceFixtures.json;
import static io.periscope.resources.ResourceFixtures.writes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
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

/**
 * The two 409s of server-side apply, told apart: fields other managers own (force takes them over)
 * and a manifest whose resourceVersion the object has moved past (force cannot help; a fresh read
 * can). The CRUD mock implements neither, so the apiserver's 409 Status bodies are scripted as a
 * real apiserver sends them, byte for byte; everything else (the object, its moved resourceVersion)
 * is the mock's own.
 */
class ApplyRefusalsTest {
  private static final String DEPLOYMENTS = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/resources/apps/v1/deployments/shop/";
  private static final String APISERVER = "/apis/apps/v1/namespaces/shop/deployments/";

  /** A resourceVersion precondition failure (k8s.io/apimachinery errors.NewConflict), as kube-apiserver writes it. */
  private static final String STALE = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
      + "\"message\":\"Operation cannot be fulfilled on deployments.apps \\\"web\\\": the object has been modified; please apply your"
      + " changes to the latest version and try again\",\"reason\":\"Conflict\",\"details\":{\"name\":\"web\",\"group\":\"apps\","
      + "\"kind\":\"deployments\"},\"code\":409}";
  /**
   * A field-manager conflict (errors.NewApplyConflict). A StatusCause's Go field {@code Type} is
   * serialised as {@code "reason"}, so that is the key the apiserver sends.
   */
  private static final String FIELDS = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
      + "\"message\":\"Apply failed with 1 conflict: conflict with \\\"kubectl-edit\\\" using apps/v1: .spec.replicas\","
      + "\"reason\":\"Conflict\",\"details\":{\"causes\":[{\"reason\":\"FieldManagerConflict\","
      + "\"message\":\"conflict with \\\"kubectl-edit\\\" using apps/v1\",\"field\":\".spec.replicas\"}]},\"code\":409}";
  /** A 409 that is neither: an apply that creates, racing another create. */
  private static final String EXISTS = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
      + "\"message\":\"deployments.apps \\\"cache\\\" already exists\",\"reason\":\"AlreadyExists\","
      + "\"details\":{\"name\":\"cache\",\"group\":\"apps\",\"kind\":\"deployments\"},\"code\":409}";

  private static PeriscopeHarness harness;
  private static TestBrowser alice;

  @BeforeAll
  static void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.serveDiscovery();
    harness.apiserver.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
    refuse("web", STALE);
    refuse("api", FIELDS);
    refuse("cache", EXISTS);
    refuse("edge", STALE.replace("\\\"web\\\"", "\\\"edge\\\""));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  /** Every apply (PATCH) of the Deployment is refused with {@code status}; reads go to the CRUD mock. */
  private static void refuse(String name, String status) {
    harness.apiserver.answer("PATCH", APISERVER + name + "?", q -> new MockResponse().setResponseCode(409)
        .setHeader("Content-Type", "application/json").setBody(status));
  }

  private static Deployment deployment(String name, int replicas) {
    return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().endTemplate().endSpec().build();
  }

  /** The Deployment as a person's edit of it: apiVersion, kind, the resourceVersion they read, replicas 5. */
  private static String edit(String name, String resourceVersion) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\n  namespace: shop\n"
        + (resourceVersion == null ? "" : "  resourceVersion: \"" + resourceVersion + "\"\n") + "spec:\n  replicas: 5\n";
  }

  private static int replicas(String name) {
    return harness.apiserver.client().apps().deployments().inNamespace("shop").withName(name).get().getSpec().getReplicas();
  }

  @Test
  void aStaleResourceVersionIsObjectChangedWithBothVersionsAndNoForceOffer() throws Exception {
    var deployments = harness.apiserver.client().apps().deployments().inNamespace("shop");
    String read = deployments.resource(deployment("web", 2)).create().getMetadata().getResourceVersion();
    // Someone else scales it after the person opened it: its resourceVersion moves on.
    String now = deployments.withName("web").edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(3).endSpec().build())
        .getMetadata().getResourceVersion();
    assertThat(now).isNotEqualTo(read);
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.mutate("POST", DEPLOYMENTS + "web/apply", edit("web", read));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    JsonNode body = json(r.body());
    assertThat(body.get("code").asText()).isEqualTo("object_changed");
    assertThat(body.get("message").asText())
        .startsWith("Deployment shop/web changed since it was read (the edit carries resourceVersion " + read
            + ", the live object is at " + now + "); nothing was applied. Reload it and apply the edit again; force=true does not help")
        .contains("the object has been modified");
    assertThat(body.get("requestId").asText()).isNotEmpty();
    assertThat(body.has("conflicts")).as("no field-manager table for a stale read").isFalse();
    assertThat(replicas("web")).as("nothing applied").isEqualTo(3);
    List<RecordedRequest> calls = asPerson(harness.apiserver.drainRequests());
    assertThat(calls).as("the object read for the audit row, the refused apply, then one read for the live resourceVersion")
        .extracting(RecordedRequest::getMethod).containsExactly("GET", "PATCH", "GET");
    assertThat(writes(calls).getFirst().getUtf8Body()).contains("resourceVersion: \"" + read + "\"");
    assertThat(harness.audit.events().getLast().verb()).isEqualTo(Verb.APPLY);
    assertThat(harness.audit.events().getLast().outcome()).isEqualTo(Outcome.FAILURE);

    HttpResponse<String> forced = alice.mutate("POST", DEPLOYMENTS + "web/apply?force=true", edit("web", read));

    assertThat(forced.statusCode()).as(forced.body()).isEqualTo(409);
    assertThat(json(forced.body()).get("code").asText()).as("force does not turn it into a field conflict").isEqualTo("object_changed");

    HttpResponse<String> dryRun = alice.mutate("POST", DEPLOYMENTS + "web/apply?dryRun=true", edit("web", read));

    assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(409);
    assertThat(json(dryRun.body()).get("code").asText()).as("the dry run says the same").isEqualTo("object_changed");
    assertThat(json(dryRun.body()).get("message").asText()).contains("the live object is at " + now);
    assertThat(harness.audit.events().getLast().extra()).containsEntry("dryRun", true);
    assertThat(replicas("web")).isEqualTo(3);
  }

  @Test
  void fieldsOwnedByAnotherManagerStayAnApplyConflictWithTheTable() throws Exception {
    harness.apiserver.client().apps().deployments().inNamespace("shop").resource(deployment("api", 2)).create();
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.mutate("POST", DEPLOYMENTS + "api/apply", edit("api", null));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    JsonNode body = json(r.body());
    assertThat(body.get("code").asText()).isEqualTo("apply_conflict");
    assertThat(body.get("message").asText()).startsWith("apply conflicts with fields owned by other managers; review them and retry with force=true")
        .contains("Apply failed with 1 conflict");
    assertThat(body.get("conflicts")).singleElement().satisfies(c -> {
      assertThat(c.get("field").asText()).isEqualTo(".spec.replicas");
      assertThat(c.get("manager").asText()).isEqualTo("kubectl-edit");
    });
    assertThat(replicas("api")).as("nothing applied").isEqualTo(2);
    assertThat(asPerson(harness.apiserver.drainRequests())).as("the object read for the audit row, then the apply: no second read for a field conflict")
        .extracting(RecordedRequest::getMethod).containsExactly("GET", "PATCH");

    HttpResponse<String> dryRun = alice.mutate("POST", DEPLOYMENTS + "api/apply?dryRun=true", edit("api", null));

    assertThat(dryRun.statusCode()).isEqualTo(409);
    assertThat(json(dryRun.body()).get("code").asText()).isEqualTo("apply_conflict");
  }

  @Test
  void aConflictForAManifestWithoutResourceVersionIsTheApiserversOwnErrorNotAStaleRead() throws Exception {
    harness.apiserver.client().apps().deployments().inNamespace("shop").resource(deployment("edge", 1)).create();

    HttpResponse<String> r = alice.mutate("POST", DEPLOYMENTS + "edge/apply", edit("edge", null));

    // Reloading cannot help an edit that names no resourceVersion: the apiserver's words, not "changed since you read it".
    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    assertThat(json(r.body()).get("code").asText()).isEqualTo("apiserver_error");
  }

  @Test
  void anyOther409IsTheApiserversOwnError() throws Exception {
    HttpResponse<String> r = alice.mutate("POST", DEPLOYMENTS + "cache/apply", edit("cache", null));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    assertThat(json(r.body()).get("code").asText()).isEqualTo("apiserver_error");
    assertThat(json(r.body()).get("message").asText()).isEqualTo("deployments.apps \"cache\" already exists");
  }
}
