package io.periscope.resources;

import static io.periscope.resources.ResourceFixtures.asPerson;
import static io.periscope.resources.ResourceFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Discovery, list, get, YAML, events and relations, through a real server against the mock apiserver. */
class ResourceReadTest {
  private static final String C = "/api/clusters/" + PeriscopeHarness.CLUSTER;
  private static PeriscopeHarness harness;
  private static TestBrowser alice;

  @BeforeAll
  static void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.serveDiscovery();
    var admin = harness.apiserver.client();
    admin.apiextensions().v1().customResourceDefinitions().resource(ResourceFixtures.crd("example.com", "Widget", "widgets", false)).create();
    admin.apiextensions().v1().customResourceDefinitions().resource(ResourceFixtures.crd("example.com", "Worker", "workers", true)).create();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
    admin.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("web-1").addToLabels("app", "web").endMetadata().build()).create();
    admin.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("db-1").addToLabels("app", "db").endMetadata().build()).create();
    admin.secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName("db-password")
        // kubectl apply's copy of what it applied, values and all
        .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"data\":{\"password\":\"aHVudGVyMg==\"}}").endMetadata()
        .addToData("password", "aHVudGVyMg==").addToStringData("plain", "hunter2").build()).create();
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void discoveryListsBuiltInKindsAndCrds() {
    HttpResponse<String> r = alice.get(C + "/discovery");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode kinds = json(r.body()).get("kinds");
    assertThat(kinds).anySatisfy(k -> {
      assertThat(k.get("plural").asText()).isEqualTo("deployments");
      assertThat(k.get("group").asText()).isEqualTo("apps");
      assertThat(k.get("namespaced").asBoolean()).isTrue();
      assertThat(k.get("subresources").toString()).contains("scale");
    });
    assertThat(kinds).anySatisfy(k -> assertThat(k.get("plural").asText() + "/" + k.get("namespaced")).isEqualTo("namespaces/false"));
    assertThat(kinds).anySatisfy(k -> assertThat(k.get("kind").asText() + " " + k.get("group").asText()).isEqualTo("Widget example.com"));
    assertThat(kinds).noneSatisfy(k -> assertThat(k.get("plural").asText()).contains("/"));
  }

  @Test
  void discoveryNamesTheActionsEachKindOffersSoTheConsoleNeedsNoCopyOfTheRules() {
    JsonNode kinds = json(alice.get(C + "/discovery").body()).get("kinds");

    assertThat(actionsOf(kinds, "apps", "deployments")).containsExactly("apply", "delete", "scale", "restart", "rollback", "pause");
    assertThat(actionsOf(kinds, "apps", "replicasets")).containsExactly("apply", "delete", "scale");
    assertThat(actionsOf(kinds, "apps", "daemonsets")).containsExactly("apply", "delete", "restart", "rollback");
    assertThat(actionsOf(kinds, "batch", "cronjobs")).containsExactly("apply", "delete", "trigger", "pause");
    assertThat(actionsOf(kinds, "", "secrets")).containsExactly("apply", "delete", "reveal");
    assertThat(actionsOf(kinds, "", "configmaps")).containsExactly("apply", "delete");
    assertThat(actionsOf(kinds, "example.com", "widgets")).containsExactly("apply", "delete");
    // A custom kind is scaled when its CRD declares the scale subresource, as discovery lists it.
    assertThat(actionsOf(kinds, "example.com", "workers")).containsExactly("apply", "delete", "scale");
    // The discovery fields themselves are unchanged beside the new one.
    JsonNode deployments = StreamSupport.stream(kinds.spliterator(), false)
        .filter(k -> k.get("plural").asText().equals("deployments")).findFirst().orElseThrow();
    assertThat(deployments.fieldNames()).toIterable().containsExactlyInAnyOrder(
        "group", "version", "kind", "plural", "namespaced", "verbs", "shortNames", "subresources", "preferred", "actions");
  }

  /** The actions of the (one served version of the) kind, as the discovery answer lists them. */
  private static List<String> actionsOf(JsonNode kinds, String group, String plural) {
    return StreamSupport.stream(kinds.spliterator(), false)
        .filter(k -> k.get("group").asText().equals(group) && k.get("plural").asText().equals(plural))
        .map(k -> StreamSupport.stream(k.get("actions").spliterator(), false).map(JsonNode::asText).toList())
        .findFirst().orElseThrow(() -> new AssertionError("discovery lists no " + plural + " in group '" + group + "'"));
  }

  @Test
  void everyServedVersionResolvesAndOnlyThePreferredIsMarked() {
    JsonNode kinds = json(alice.get(C + "/discovery").body()).get("kinds");

    assertThat(kinds).filteredOn(k -> k.get("plural").asText().equals("horizontalpodautoscalers"))
        .extracting(k -> k.get("version").asText() + ":" + k.get("preferred").asBoolean())
        .containsExactlyInAnyOrder("v2:true", "v1:false");
    assertThat(alice.get(C + "/resources/autoscaling/v1/horizontalpodautoscalers?namespace=shop").statusCode()).isEqualTo(200);
  }

  @Test
  void newCrdIsServedWithoutRestart() {
    alice.get(C + "/discovery");
    assertThat(alice.get(C + "/resources/example.org/v1/gadgets").statusCode()).isEqualTo(404);
    harness.apiserver.client().apiextensions().v1().customResourceDefinitions()
        .resource(ResourceFixtures.crd("example.org", "Gadget", "gadgets", false)).create();
    harness.apiserver.client().genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("example.org")
        .withVersion("v1").withPlural("gadgets").withKind("Gadget").withNamespaced(true).build()).inNamespace("shop")
        .resource(new GenericKubernetesResourceBuilder().withApiVersion("example.org/v1").withKind("Gadget")
            .withNewMetadata().withName("g1").withNamespace("shop").endMetadata().build()).create();

    // An unknown kind re-checks the CRD set at most once a second per cluster.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(200))
        .until(() -> alice.get(C + "/resources/example.org/v1/gadgets?namespace=shop").statusCode() == 200);
    HttpResponse<String> r = alice.get(C + "/resources/example.org/v1/gadgets?namespace=shop");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r.body()).get("items").get(0).get("metadata").get("name").asText()).isEqualTo("g1");
  }

  @Test
  void listAsksForTableAsThePersonAndFallsBackToTheList() throws Exception {
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.get(C + "/resources/core/v1/pods?namespace=shop&labelSelector=app%3Dweb&limit=50");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Periscope-List-Format")).contains("list");
    List<RecordedRequest> calls = asPerson(harness.apiserver.drainRequests());
    assertThat(calls).hasSize(1);
    RecordedRequest call = calls.getFirst();
    assertThat(call.getPath()).isEqualTo("/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb&limit=50");
    assertThat(call.getHeader("Accept")).startsWith("application/json;as=Table;g=meta.k8s.io;v=v1");
    assertThat(call.getHeaders().headers("Impersonate-User")).containsExactly("alice");
    assertThat(call.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
    JsonNode items = json(r.body()).get("items");
    assertThat(StreamSupport.stream(items.spliterator(), false).map(i -> i.get("metadata").get("name").asText())).contains("web-1");
  }

  @Test
  void autoscalersAndQuotasAreListedWithWholeObjectsInTheirTableRowsAndPodsAreNot() throws Exception {
    harness.apiserver.drainRequests();

    assertThat(alice.get(C + "/resources/autoscaling/v2/horizontalpodautoscalers?namespace=shop").statusCode()).isEqualTo(200);
    assertThat(alice.get(C + "/resources/core/v1/pods?namespace=shop").statusCode()).isEqualTo(200);
    assertThat(alice.get(C + "/resources/core/v1/resourcequotas?namespace=shop").statusCode()).isEqualTo(200);

    // A workload's Summary finds its autoscaler (target, bounds) in this list, a namespace's its quotas' amounts: a Table
    // row's metadata alone lacks them.
    assertThat(asPerson(harness.apiserver.drainRequests())).extracting(RecordedRequest::getPath).containsExactly(
        "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers?includeObject=Object", "/api/v1/namespaces/shop/pods",
        "/api/v1/namespaces/shop/resourcequotas?includeObject=Object");
  }

  @Test
  void aCallerMayAskForWholeObjectsInAnyListsRowsAndAnythingButObjectIsRefusedBeforeTheApiserver() throws Exception {
    harness.apiserver.drainRequests();

    // The namespace comparison reads whole ConfigMaps and Secrets (redacted, as every Secret list), not only their columns.
    assertThat(alice.get(C + "/resources/core/v1/configmaps?namespace=shop&includeObject=Object").statusCode()).isEqualTo(200);
    assertThat(alice.get(C + "/resources/core/v1/secrets?namespace=shop&includeObject=Object").statusCode()).isEqualTo(200);
    assertThat(alice.get(C + "/resources/autoscaling/v2/horizontalpodautoscalers?namespace=shop&includeObject=Object").statusCode())
        .isEqualTo(200);
    HttpResponse<String> bad = alice.get(C + "/resources/core/v1/configmaps?namespace=shop&includeObject=Metadata");

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad.body()).get("message").asText()).contains("includeObject must be 'Object'");
    List<RecordedRequest> calls = asPerson(harness.apiserver.drainRequests());
    assertThat(calls).extracting(RecordedRequest::getPath).containsExactly(
        "/api/v1/namespaces/shop/configmaps?includeObject=Object", "/api/v1/namespaces/shop/secrets?includeObject=Object",
        "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers?includeObject=Object");
    assertThat(calls).allSatisfy(call -> assertThat(call.getHeaders().headers("Impersonate-User")).containsExactly("alice"));
  }

  @Test
  void aListTheApiserverCompressedReachesABrowserThatTakesGzipAsItsCompressedBytes() throws Exception {
    String list = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":["
        + java.util.stream.IntStream.range(0, 2_000).mapToObj(i -> "{\"metadata\":{\"name\":\"web-" + i + "\",\"namespace\":\"zipped\"}}")
            .collect(java.util.stream.Collectors.joining(",")) + "]}";
    byte[] zipped = gzip(list.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    var asked = new java.util.concurrent.CopyOnWriteArrayList<String>();
    harness.apiserver.answer("GET", "/api/v1/namespaces/zipped/pods", request -> {
      String acceptEncoding = String.valueOf(request.getHeader("Accept-Encoding"));
      asked.add(acceptEncoding);
      var answer = new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json");
      // as a kube-apiserver does: gzip only when asked for (and the answer is over 128 KiB)
      return acceptEncoding.equals("gzip") ? answer.setHeader("Content-Encoding", "gzip").setBody(zipped) : answer.setBody(list);
    });

    HttpResponse<byte[]> chromium = rawGet(C + "/resources/core/v1/pods?namespace=zipped", "gzip, deflate, br, zstd");
    HttpResponse<byte[]> curl = rawGet(C + "/resources/core/v1/pods?namespace=zipped", null);

    assertThat(chromium.statusCode()).isEqualTo(200);
    assertThat(chromium.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(chromium.headers().firstValue("Vary")).contains("Accept-Encoding");
    assertThat(chromium.headers().firstValue("X-Periscope-List-Format")).contains("list");
    assertThat(chromium.body()).as("relayed as the apiserver compressed it, never decoded and re-encoded").isEqualTo(zipped);
    assertThat(new String(gunzip(chromium.body()), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(list);
    assertThat(curl.statusCode()).isEqualTo(200);
    assertThat(curl.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(new String(curl.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(list);
    assertThat(asked).as("gzip is asked for only when the browser takes it").containsExactly("gzip", "null");
  }

  @Test
  void aCompressedRefusalStillNamesTheApiserversReason() throws Exception {
    String status = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":403,\"reason\":\"Forbidden\","
        + "\"message\":\"pods is forbidden: User \\\"alice\\\" cannot list resource \\\"pods\\\" in the namespace \\\"zipped-locked\\\"\"}";
    harness.apiserver.answer("GET", "/api/v1/namespaces/zipped-locked/pods", request -> new io.fabric8.mockwebserver.http.MockResponse()
        .setResponseCode(403).setHeader("Content-Type", "application/json").setHeader("Content-Encoding", "gzip")
        .setBody(gzip(status.getBytes(java.nio.charset.StandardCharsets.UTF_8))));

    HttpResponse<byte[]> r = rawGet(C + "/resources/core/v1/pods?namespace=zipped-locked", "gzip");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Content-Encoding")).as("Periscope's own error body is plain JSON").isEmpty();
    JsonNode error = json(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(error.get("code").asText()).isEqualTo("forbidden");
    assertThat(error.get("message").asText()).contains("cannot list resource \"pods\" in the namespace \"zipped-locked\"");
  }

  /** A GET as alice whose body is kept as bytes, with the Accept-Encoding a browser (or curl, null) sends. */
  private static HttpResponse<byte[]> rawGet(String path, String acceptEncoding) throws Exception {
    var request = java.net.http.HttpRequest.newBuilder(harness.url(path)).header("Cookie", alice.cookieHeader());
    if (acceptEncoding != null) {
      request.header("Accept-Encoding", acceptEncoding);
    }
    try (var http = java.net.http.HttpClient.newHttpClient()) {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  private static byte[] gzip(byte[] plain) {
    var out = new java.io.ByteArrayOutputStream();
    try (var zip = new java.util.zip.GZIPOutputStream(out)) {
      zip.write(plain);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] zipped) throws java.io.IOException {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped))) {
      return in.readAllBytes();
    }
  }

  @Test
  void invalidLabelSelectorIs400BeforeAnyApiserverCall() throws Exception {
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.get(C + "/resources/core/v1/pods?labelSelector=app%3D%3D%3Dweb%2C%2C(");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r.body()).get("message").asText()).contains("invalid labelSelector");
    assertThat(harness.apiserver.drainRequests()).isEmpty();
  }

  @Test
  void apiserverForbiddenListIs403WithItsMessage() {
    harness.apiserver.expect().get().withPath("/api/v1/namespaces/locked/configmaps").andReturn(403,
        new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
            .withMessage("configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\" in the namespace \"locked\"").build())
        .once();

    HttpResponse<String> r = alice.get(C + "/resources/core/v1/configmaps?namespace=locked");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r.body()).get("code").asText()).isEqualTo("forbidden");
    assertThat(json(r.body()).get("message").asText()).contains("cannot list resource");
  }

  @Test
  void anObjectThatIsNotThereIs404NotFoundWithTheApiserversWords() {
    HttpResponse<String> r = alice.get(C + "/resources/core/v1/pods/shop/nope");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r.body()).get("code").asText()).isEqualTo("not_found");
  }

  @Test
  void unknownKindIs404NamingIt() {
    HttpResponse<String> r = alice.get(C + "/resources/apps/v1/frobnicators");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r.body()).get("code").asText()).isEqualTo("unknown_kind");
    assertThat(json(r.body()).get("message").asText()).contains("frobnicators").contains("apps").contains("'test'");
  }

  @Test
  void secretValuesNeverAppearInListGetOrYamlNorInKubectlApplysCopy() {
    HttpResponse<String> list = alice.get(C + "/resources/core/v1/secrets?namespace=shop");
    HttpResponse<String> get = alice.get(C + "/resources/core/v1/secrets/shop/db-password");
    HttpResponse<String> yaml = alice.get(C + "/resources/core/v1/secrets/shop/db-password/yaml");

    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(json(list.body()).get("items").get(0).get("metadata").get("name").asText()).isEqualTo("db-password");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(yaml.statusCode()).isEqualTo(200);
    HttpResponse<String> whole = alice.get(C + "/resources/core/v1/secrets?namespace=shop&includeObject=Object");
    for (String body : List.of(list.body(), get.body(), yaml.body(), whole.body())) {
      assertThat(body).doesNotContain("aHVudGVyMg==").doesNotContain("last-applied-configuration").doesNotContain("hunter2").doesNotContain("\"data\"").doesNotContain("stringData");
    }
    assertThat(yaml.body()).contains("name: db-password").doesNotContain("managedFields");
  }

  @Test
  void clusterScopedObjectsUseUnderscoreAsNamespace() {
    HttpResponse<String> r = alice.get(C + "/resources/core/v1/namespaces/_/shop");
    HttpResponse<String> yaml = alice.get(C + "/resources/core/v1/namespaces/_/shop?format=yaml");
    HttpResponse<String> wrong = alice.get(C + "/resources/core/v1/namespaces/default/shop");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r.body()).get("metadata").get("name").asText()).isEqualTo("shop");
    assertThat(yaml.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
    assertThat(yaml.body()).contains("kind: Namespace");
    assertThat(wrong.statusCode()).isEqualTo(400);
  }

  /**
   * The mock evaluates field selectors only on metadata fields, so the apiserver's answer to the
   * involvedObject selector is scripted (with one unrelated event, which Periscope filters out too).
   */
  @Test
  void aWorkloadsEventsWithWhatItOwnsIncludeItsReplicaSetsAndPodsButNoOneElses() throws Exception {
    var admin = harness.apiserver.client();
    var deploy = admin.apps().deployments().inNamespace("events").resource(new DeploymentBuilder().withNewMetadata().withName("front")
        .endMetadata().withNewSpec().withReplicas(1).endSpec().build()).create();
    var rs = admin.apps().replicaSets().inNamespace("events").resource(new ReplicaSetBuilder().withNewMetadata().withName("front-7c9")
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("front").withUid(deploy.getMetadata().getUid())
        .withController(true).endOwnerReference().endMetadata().build()).create();
    var pod = admin.pods().inNamespace("events").resource(new PodBuilder().withNewMetadata().withName("front-7c9-x1")
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("front-7c9").withUid(rs.getMetadata().getUid())
        .withController(true).endOwnerReference().endMetadata().build()).create();
    var stranger = admin.pods().inNamespace("events").resource(new PodBuilder().withNewMetadata().withName("other").endMetadata().build()).create();
    java.util.function.BiFunction<io.fabric8.kubernetes.api.model.HasMetadata, String, io.fabric8.kubernetes.api.model.Event> event = (o, reason) ->
        new EventBuilder().withNewMetadata().withGenerateName("e-").withNamespace("events").endMetadata().withNewInvolvedObject()
            .withKind(o.getKind()).withName(o.getMetadata().getName()).withNamespace("events").withUid(o.getMetadata().getUid()).endInvolvedObject()
            .withReason(reason).withType("Warning").withLastTimestamp("2026-12-01T10:00:0" + reason.length() % 10 + "Z").build();
    admin.v1().events().inNamespace("events").resource(event.apply(deploy, "ScalingReplicaSet")).create();
    admin.v1().events().inNamespace("events").resource(event.apply(rs, "FailedCreate")).create();
    admin.v1().events().inNamespace("events").resource(event.apply(pod, "BackOff")).create();
    admin.v1().events().inNamespace("events").resource(event.apply(stranger, "Pulled")).create();
    // An emitter that leaves the uid out: matched on the pod's kind and name.
    var noUid = event.apply(pod, "Unhealthy");
    noUid.getInvolvedObject().setUid(null);
    admin.v1().events().inNamespace("events").resource(noUid).create();
    String url = C + "/resources/apps/v1/deployments/events/front/events";

    JsonNode all = json(alice.get(url + "?include=owned").body()).get("events");
    HttpResponse<String> bad = alice.get(url + "?include=everything");

    assertThat(all).extracting(e -> e.at("/involvedObject/kind").asText() + " " + e.get("reason").asText())
        .containsExactlyInAnyOrder("Deployment ScalingReplicaSet", "ReplicaSet FailedCreate", "Pod BackOff", "Pod Unhealthy");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad.body()).get("message").asText()).isEqualTo("query parameter 'include' may only be 'owned', got 'everything'");
  }

  @Test
  void eventsOfAnObject() throws Exception {
    var pod = harness.apiserver.client().pods().inNamespace("shop").withName("web-1").get();
    var mine = new EventBuilder().withNewMetadata().withName("web-1.1").withNamespace("shop").endMetadata()
        .withNewInvolvedObject().withKind("Pod").withName("web-1").withNamespace("shop").withUid(pod.getMetadata().getUid())
        .endInvolvedObject().withReason("BackOff").withMessage("Back-off restarting failed container").withType("Warning").build();
    var other = new EventBuilder().withNewMetadata().withName("db-1.1").withNamespace("shop").endMetadata()
        .withNewInvolvedObject().withKind("Pod").withName("db-1").withNamespace("shop").endInvolvedObject().withReason("Pulled").build();
    String selector = java.net.URLEncoder.encode("involvedObject.name=web-1,involvedObject.kind=Pod,involvedObject.namespace=shop",
        java.nio.charset.StandardCharsets.UTF_8);
    harness.apiserver.expect().get().withPath("/api/v1/namespaces/shop/events?fieldSelector=" + selector)
        .andReturn(200, new io.fabric8.kubernetes.api.model.EventListBuilder().withItems(mine, other).build()).once();

    HttpResponse<String> r = alice.get(C + "/resources/core/v1/pods/shop/web-1/events");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode events = json(r.body()).get("events");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("reason").asText()).isEqualTo("BackOff");
  }

  @Test
  void ownerChainAndOwnedObjects() {
    var admin = harness.apiserver.client();
    var deploy = admin.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("api")
        .endMetadata().withNewSpec().withReplicas(1).endSpec().build()).create();
    var rs = admin.apps().replicaSets().inNamespace("shop").resource(new ReplicaSetBuilder().withNewMetadata().withName("api-5d8")
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("api").withUid(deploy.getMetadata().getUid())
        .withController(true).endOwnerReference().endMetadata().build()).create();
    admin.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("api-5d8-x1")
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("api-5d8").withUid(rs.getMetadata().getUid())
        .withController(true).endOwnerReference().endMetadata().build()).create();

    JsonNode pod = json(alice.get(C + "/resources/core/v1/pods/shop/api-5d8-x1/related").body());
    JsonNode rsRelated = json(alice.get(C + "/resources/apps/v1/replicasets/shop/api-5d8/related").body());

    assertThat(pod.get("owners")).extracting(o -> o.get("kind").asText() + "/" + o.get("name").asText())
        .containsExactly("ReplicaSet/api-5d8", "Deployment/api");
    assertThat(rsRelated.get("owned")).extracting(o -> o.get("kind").asText() + "/" + o.get("name").asText())
        .containsExactly("Pod/api-5d8-x1");
    assertThat(rsRelated.get("owners").get(0).get("group").asText()).isEqualTo("apps");
  }
}
