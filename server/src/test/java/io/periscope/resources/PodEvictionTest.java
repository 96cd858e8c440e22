package io.periscope.resources;

import static io.periscope.resources.ResourceFixtures.json;
import static io.periscope.resources.ResourceFixtures.writes;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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

/**
 * Pod eviction through a real server: a POST of a {@code policy/v1 Eviction} to the pod's
 * {@code eviction} subresource as the person. The CRUD mock has no eviction logic, so the
 * apiserver's answers are scripted in its shapes: 201 {@code Status Success}, and the 429 a
 * PodDisruptionBudget causes (message and {@code DisruptionBudget} cause as kube-apiserver sends them).
 */
class PodEvictionTest {
  private static final String PODS = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/resources/core/v1/pods/shop/";
  private static final String PDB_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
  private static PeriscopeHarness harness;
  private static TestBrowser alice;

  @BeforeAll
  static void start() {
    // Production clients never retry (ClientConfigs); the mock's own client would retry the 429 for seconds.
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), api -> new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(api.client().getConfiguration()).withRequestRetryBackoffLimit(0).build()).build(), b -> { });
    harness.apiserver.serveDiscovery();
    var admin = harness.apiserver.client();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
    for (String name : List.of("worker", "guarded")) {
      admin.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
          .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec().build()).create();
    }
    harness.apiserver.answer("POST", "/api/v1/namespaces/shop/pods/worker/eviction", r -> new MockResponse().setResponseCode(201)
        .setHeader("Content-Type", "application/json")
        .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"code\":201}"));
    harness.apiserver.answer("POST", "/api/v1/namespaces/shop/pods/guarded/eviction", r -> new MockResponse().setResponseCode(429)
        .setHeader("Content-Type", "application/json")
        .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"" + PDB_MESSAGE
            + "\",\"reason\":\"TooManyRequests\",\"details\":{\"causes\":[{\"reason\":\"DisruptionBudget\",\"message\":"
            + "\"The disruption budget web-pdb needs 2 healthy pods and has 2 currently\"}]},\"code\":429}"));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void evictionPostsAnEvictionAsThePersonAndIsAudited() throws Exception {
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.mutate("POST", PODS + "worker/evict", "");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    RecordedRequest post = writes(harness.apiserver.drainRequests()).getFirst();
    assertThat(post.getPath()).isEqualTo("/api/v1/namespaces/shop/pods/worker/eviction");
    assertThat(post.getHeaders().headers("Impersonate-User")).containsExactly("alice");
    assertThat(post.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
    var eviction = json(post.getBody().readUtf8());
    assertThat(eviction.get("apiVersion").asText()).isEqualTo("policy/v1");
    assertThat(eviction.get("kind").asText()).isEqualTo("Eviction");
    assertThat(eviction.at("/metadata/name").asText()).isEqualTo("worker");
    assertThat(eviction.at("/metadata/namespace").asText()).isEqualTo("shop");
    AuditEvent e = harness.audit.events().getLast();
    assertThat(e.verb()).isEqualTo(Verb.EVICT);
    assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(e.target()).isEqualTo(new AuditEvent.Target(PeriscopeHarness.CLUSTER, "shop", "pods", "worker"));
  }

  @Test
  void aDisruptionBudgetRefusalShowsTheApiserversMessageAndIsAuditedAsFailed() throws Exception {
    HttpResponse<String> r = alice.mutate("POST", PODS + "guarded/evict", "");

    assertThat(r.statusCode()).isEqualTo(429);
    var body = json(r.body());
    assertThat(body.get("code").asText()).isEqualTo("eviction_refused");
    assertThat(body.get("message").asText()).isEqualTo("the apiserver refused to evict pod shop/guarded: " + PDB_MESSAGE
        + " (The disruption budget web-pdb needs 2 healthy pods and has 2 currently)");
    AuditEvent e = harness.audit.events().getLast();
    assertThat(e.verb()).isEqualTo(Verb.EVICT);
    assertThat(e.outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(e.reason()).contains(PDB_MESSAGE);
    assertThat(harness.apiserver.client().pods().inNamespace("shop").withName("guarded").get()).isNotNull();
  }

  @Test
  void anEvictionThatIsAStepOfADrainSaysWhichNodeInItsAuditRow() throws Exception {
    HttpResponse<String> r = alice.mutate("POST", PODS + "worker/evict?drain=ip-10-0-1-11.ec2.internal", "");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    AuditEvent e = harness.audit.events().getLast();
    assertThat(e.verb()).isEqualTo(Verb.EVICT);
    assertThat(e.extra()).containsEntry("drain", "ip-10-0-1-11.ec2.internal");
  }

  @Test
  void aDrainThatIsNoNodeNameIsRefusedBeforeAnyEviction() throws Exception {
    harness.apiserver.drainRequests();
    int rows = harness.audit.events().size();

    HttpResponse<String> r = alice.mutate("POST", PODS + "worker/evict?drain=Not%20a%20node", "");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r.body()).get("message").asText()).contains("invalid drain 'Not a node'");
    assertThat(writes(harness.apiserver.drainRequests())).isEmpty();
    assertThat(harness.audit.events()).hasSize(rows);
  }

  @Test
  void onlyPodsCanBeEvictedAndDiscoveryOffersItOnPodsOnly() throws Exception {
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.mutate("POST", "/api/clusters/" + PeriscopeHarness.CLUSTER
        + "/resources/core/v1/configmaps/shop/settings/evict", "");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(json(r.body()).get("message").asText()).contains("evict is not available for ConfigMap (only pods)");
    assertThat(writes(harness.apiserver.drainRequests())).isEmpty();
    var discovery = json(alice.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/discovery").body());
    for (var k : discovery.get("kinds")) {
      boolean pods = k.get("group").asText().isEmpty() && k.get("plural").asText().equals("pods");
      assertThat(k.get("actions").toString().contains("\"evict\"")).as(k.get("plural").asText()).isEqualTo(pods);
    }
  }
}
