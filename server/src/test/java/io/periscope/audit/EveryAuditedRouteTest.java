package io.periscope.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.periscope.logs.PodLogsTest;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route that acts as a person on a cluster leaves exactly one audit row through the one
 * audit path: {@code denied} for a person without an identity and for an apiserver 403,
 * {@code success} otherwise.
 */
class EveryAuditedRouteTest {
  private static final String R = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/resources";
  private PeriscopeHarness harness;

  record Route(String method, String path, String body, Verb verb, int okStatus) {
    @Override
    public String toString() {
      return verb.wireName() + " " + method + " " + path;
    }
  }

  static Stream<Arguments> routes() {
    String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fresh\n  namespace: shop\ndata:\n  a: b\n";
    String applied = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  a: c\n";
    return Stream.of(
        new Route("POST", R + "/core/v1/configmaps?namespace=shop", cm, Verb.CREATE, 201),
        new Route("POST", R + "/core/v1/configmaps/shop/settings/apply", applied, Verb.APPLY, 200),
        new Route("DELETE", R + "/core/v1/configmaps/shop/settings", null, Verb.DELETE, 200),
        new Route("POST", R + "/apps/v1/deployments/shop/web/scale", "{\"replicas\":3}", Verb.SCALE, 200),
        new Route("POST", R + "/apps/v1/deployments/shop/web/restart", "", Verb.RESTART, 200),
        new Route("POST", R + "/batch/v1/cronjobs/shop/nightly/trigger", "", Verb.TRIGGER, 201),
        new Route("POST", R + "/core/v1/secrets/shop/creds/reveal", "", Verb.SECRET_REVEAL, 200),
        new Route("POST", R + "/core/v1/pods/shop/web/evict", "", Verb.EVICT, 201),
        new Route("POST", R + "/core/v1/nodes/_/node-a/cordon", "", Verb.CORDON, 200),
        new Route("POST", R + "/core/v1/nodes/_/node-a/uncordon", "", Verb.UNCORDON, 200),
        new Route("POST", R + "/apps/v1/deployments/shop/web/rollback", "{\"revision\":1}", Verb.ROLLBACK, 200),
        new Route("POST", R + "/apps/v1/deployments/shop/web/pause", "", Verb.PAUSE, 200),
        new Route("POST", R + "/apps/v1/deployments/shop/web/resume", "", Verb.RESUME, 200),
        new Route("POST", R + "/batch/v1/cronjobs/shop/nightly/pause", "", Verb.PAUSE, 200),
        new Route("POST", R + "/batch/v1/cronjobs/shop/nightly/resume", "", Verb.RESUME, 200),
        new Route("DELETE", R + "/core/v1/pods/shop/web?gracePeriodSeconds=0", null, Verb.DELETE, 200),
        new Route("POST", R + "/core/v1/pods/shop/web/debug", "{\"image\":\"busybox:1.36\"}", Verb.DEBUG, 201),
        new Route("GET", "/api/clusters/" + PeriscopeHarness.CLUSTER + "/helm/releases?namespace=shop", null, Verb.HELM_READ, 200),
        new Route("GET", "/api/clusters/" + PeriscopeHarness.CLUSTER + "/pods/shop/web/logs?container=app", null, Verb.LOG_OPEN, 200),
        new Route("GET", R + "/apps/v1/deployments/shop/web/logs?tailLines=10", null, Verb.LOG_OPEN, 200))
        .flatMap(r -> Stream.of("success", "no_identity", "apiserver_403").map(c -> Arguments.of(r, c)));
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("routes")
  void oneRowWithTheOutcome(Route route, String condition) {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "tier", "auth.authorization.groupTiers", "devs=admin"));
    harness.apiserver.serveDiscovery();
    seed();
    TestBrowser person = harness.browser();
    person.login("alice", List.of(condition.equals("no_identity") ? "contractors" : "devs"));
    if (condition.equals("apiserver_403")) {
      for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
        for (String prefix : List.of("/api/v1/namespaces/shop", "/apis/apps/v1/namespaces/shop", "/apis/batch/v1/namespaces/shop", "/api/v1/nodes")) {
          harness.apiserver.answer(method, prefix, req -> MockApiServer.forbidden("alice may not touch shop"));
        }
      }
    }

    // The CRUD mock has no eviction subresource; registered after the 403s, which (when set) answer first.
    harness.apiserver.answer("POST", "/api/v1/namespaces/shop/pods/web/eviction", req -> new io.fabric8.mockwebserver.http.MockResponse()
        .setResponseCode(201).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\",\"code\":201}"));
    // Nor the ephemeralcontainers subresource: the patched pod, as the apiserver answers.
    harness.apiserver.answer("PATCH", "/api/v1/namespaces/shop/pods/web/ephemeralcontainers", req -> new io.fabric8.mockwebserver.http.MockResponse()
        .setResponseCode(200).setBody("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"}}"));
    HttpResponse<String> r = route.method().equals("GET")
        ? person.get(route.path())
        : person.mutate(route.method(), route.path(), route.body());

    Outcome expected = condition.equals("success") ? Outcome.SUCCESS : Outcome.DENIED;
    assertThat(r.statusCode()).as(r.body()).isEqualTo(condition.equals("success") ? route.okStatus() : 403);
    await().atMost(Duration.ofSeconds(5)).until(() -> rows(route).size() == 1);
    AuditEvent row = rows(route).getFirst();
    assertThat(row.outcome()).isEqualTo(expected);
    assertThat(row.actor().sub()).isEqualTo("alice");
    assertThat(row.target().cluster()).isEqualTo(PeriscopeHarness.CLUSTER);
    assertThat(row.target().namespace()).isEqualTo(route.path().contains("/nodes/") ? "" : "shop");
    if (condition.equals("apiserver_403")) {
      assertThat(row.reason()).contains("alice may not touch shop");
    }
  }

  private List<AuditEvent> rows(Route route) {
    return harness.audit.events().stream().filter(e -> e.verb() == route.verb()).toList();
  }

  private void seed() {
    var c = harness.apiserver.client();
    c.configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
        .addToData("a", "b").build()).create();
    c.secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
        .addToStringData("password", "hunter2").build()).create();
    var web = c.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer()
        .withName("app").withImage("shop:2.1").endContainer().endSpec().endTemplate().endSpec().build()).create();
    // Its first revision, to roll back to.
    c.apps().replicaSets().inNamespace("shop").resource(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder().withNewMetadata()
        .withName("web-1a").addToAnnotations("deployment.kubernetes.io/revision", "1").addNewOwnerReference().withApiVersion("apps/v1")
        .withKind("Deployment").withName("web").withUid(web.getMetadata().getUid()).withController(true).endOwnerReference()
        .addToLabels("app", "web").endMetadata().withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").addToLabels("pod-template-hash", "1a").endMetadata().withNewSpec()
        .addNewContainer().withName("app").withImage("shop:2.0").endContainer().endSpec().endTemplate().endSpec().build()).create();
    c.batch().v1().cronjobs().inNamespace("shop").resource(new CronJobBuilder().withNewMetadata().withName("nightly").endMetadata()
        .withNewSpec().withSchedule("0 2 * * *").withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec()
        .addNewContainer().withName("job").withImage("busybox").endContainer().withRestartPolicy("Never").endSpec()
        .endTemplate().endSpec().endJobTemplate().endSpec().build()).create();
    c.pods().inNamespace("shop").resource(PodLogsTest.pod()).create();
    c.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("node-a").endMetadata().build()).create();
    // The CRUD mock does not implement server-side apply: answer it as the apiserver would.
    harness.apiserver.expect().patch().withPath("/api/v1/namespaces/shop/configmaps/settings?fieldManager=periscope")
        .andReturn(200, new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("shop").endMetadata()
            .addToData("a", "c").build()).always();
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/pods/web/log", req -> new io.fabric8.mockwebserver.http.MockResponse()
        .setResponseCode(200).setBody("hello\n"));
  }
}
