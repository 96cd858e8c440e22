package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scaling a demo Deployment (a merge patch of {@code spec.replicas}, or of its {@code scale} subresource as the
 * console and {@code kubectl scale} send it) converges as on a real cluster: the current ReplicaSet takes the count, new pods start Running and Ready on ready
 * nodes (but the seed's troubled pod, once gone, comes back troubled: {@link SeededTrouble}), surplus pods go (the pending one first), and the ReplicaSet's, Deployment's and Service
 * endpoints' counts follow the pods.
 */
class DemoScaleTest extends OnItsOwnDemoCluster {
  private static final String NS = "checkout";
  private static final String APP = "cart-service";

  private void scale(int replicas) {
    client.apps().deployments().inNamespace(NS).withName(APP)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  private List<Pod> pods() {
    return client.pods().inNamespace(NS).withLabel("app.kubernetes.io/name", APP).list().getItems();
  }

  private ReplicaSet current() {
    return client.apps().replicaSets().inNamespace(NS).withLabel("app.kubernetes.io/name", APP).list().getItems().stream()
        .filter(rs -> "3".equals(rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))).findFirst().orElseThrow();
  }

  private Deployment deployment() {
    return client.apps().deployments().inNamespace(NS).withName(APP).get();
  }

  private static boolean ready(Pod p) {
    return p.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private List<Endpoint> endpoints() {
    return client.discovery().v1().endpointSlices().inNamespace(NS).withLabel("kubernetes.io/service-name", APP).list().getItems()
        .getFirst().getEndpoints();
  }

  @Test
  void scalingUpStartsANewReadyPodOnAReadyNodeAndTheCountsFollow() {
    List<Pod> before = pods();
    assertThat(before).hasSize(2);
    assertThat(before).filteredOn(DemoScaleTest::ready).hasSize(1);

    scale(3);

    List<Pod> after = pods();
    assertThat(after).hasSize(3);
    Pod added = after.stream().filter(p -> before.stream().noneMatch(b -> b.getMetadata().getName().equals(p.getMetadata().getName())))
        .findFirst().orElseThrow();
    ReplicaSet rs = current();
    assertThat(added.getMetadata().getName()).startsWith(rs.getMetadata().getName() + "-");
    assertThat(added.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(rs.getMetadata().getUid());
    assertThat(added.getMetadata().getLabels()).containsEntry("pod-template-hash", rs.getMetadata().getLabels().get("pod-template-hash"));
    assertThat(added.getStatus().getPhase()).isEqualTo("Running");
    assertThat(ready(added)).isTrue();
    assertThat(added.getStatus().getContainerStatuses()).singleElement()
        .satisfies(c -> assertThat(c.getImage()).endsWith("example/cart-service:0.9.4"));
    // The not-ready node (its kubelet stopped posting status) takes no new pod.
    assertThat(added.getSpec().getNodeName()).isIn("ip-10-0-1-11.ec2.internal", "ip-10-0-2-12.ec2.internal");
    assertThat(added.getStatus().getPodIP()).startsWith(added.getStatus().getHostIP().substring(0, added.getStatus().getHostIP().lastIndexOf('.')));

    assertThat(rs.getSpec().getReplicas()).isEqualTo(3);
    assertThat(rs.getStatus().getReplicas()).isEqualTo(3);
    assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(2);
    Deployment d = deployment();
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(d.getStatus().getUnavailableReplicas()).isEqualTo(1);
    assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
    assertThat(endpoints()).extracting(e -> e.getTargetRef().getName()).contains(added.getMetadata().getName());
  }

  @Test
  void scalingDownRemovesThePendingPodFirstAndTheDeploymentBecomesAvailable() {
    Pod running = pods().stream().filter(DemoScaleTest::ready).findFirst().orElseThrow();

    scale(1);

    assertThat(pods()).extracting(p -> p.getMetadata().getName()).containsExactly(running.getMetadata().getName());
    ReplicaSet rs = current();
    assertThat(rs.getSpec().getReplicas()).isEqualTo(1);
    assertThat(rs.getStatus().getReplicas()).isEqualTo(1);
    assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(1);
    Deployment d = deployment();
    assertThat(d.getStatus().getReplicas()).isEqualTo(1);
    assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(1);
    assertThat(d.getStatus().getUnavailableReplicas()).isZero();
    assertThat(d.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Available"))
        .singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(endpoints()).extracting(e -> e.getTargetRef().getName()).containsExactly(running.getMetadata().getName());
  }

  @Test
  void scaledToZeroAndBackTheSameRevisionRunsItsPodsAgain() {
    scale(0);
    assertThat(pods()).isEmpty();
    assertThat(deployment().getStatus().getReplicas()).isZero();
    assertThat(endpoints()).isEmpty();

    scale(2);

    List<Pod> pods = pods();
    assertThat(pods).hasSize(2).allSatisfy(p ->
        assertThat(p.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(current().getMetadata().getUid()));
    // The same template, so the same trouble as seeded: one pod asks for more memory than any node has (SeededTrouble).
    assertThat(pods).filteredOn(DemoScaleTest::ready).singleElement()
        .satisfies(p -> assertThat(p.getSpec().getNodeName()).isIn("ip-10-0-1-11.ec2.internal", "ip-10-0-2-12.ec2.internal"));
    assertThat(pods).filteredOn(p -> !ready(p)).singleElement().satisfies(p -> {
      assertThat(p.getSpec().getNodeName()).isNull();
      assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
    });
    // Not a rollback: the revision stays.
    assertThat(deployment().getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
    assertThat(deployment().getStatus().getReadyReplicas()).isEqualTo(1);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request to the demo apiserver as an administrator (no impersonation: the demo's RBAC lets it through). */
  private HttpResponse<String> call(String method, String path, String contentType, String body) throws Exception {
    var http = client.getHttpClient();
    var request = http.newHttpRequestBuilder().uri(client.getMasterUrl() + path.substring(1));
    request = switch (method) {
      case "GET" -> request;
      case "PUT" -> request.put(contentType, new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)), body.length());
      default -> request.method(method, contentType, body);
    };
    return http.sendAsync(request.build(), String.class).get();
  }

  private static final String SCALE = "/apis/apps/v1/namespaces/" + NS + "/deployments/" + APP + "/scale";
  private static final String MERGE = "application/merge-patch+json";

  @Test
  void theScaleSubresourceAnswersTheDeploymentsScale() throws Exception {
    HttpResponse<String> r = call("GET", SCALE, null, null);

    assertThat(r.code()).as(r.body()).isEqualTo(200);
    JsonNode scale = JSON.readTree(r.body());
    Deployment d = deployment();
    assertThat(scale.get("kind").asText()).isEqualTo("Scale");
    assertThat(scale.get("apiVersion").asText()).isEqualTo("autoscaling/v1");
    assertThat(scale.at("/metadata/name").asText()).isEqualTo(APP);
    assertThat(scale.at("/metadata/namespace").asText()).isEqualTo(NS);
    assertThat(scale.at("/metadata/uid").asText()).isEqualTo(d.getMetadata().getUid());
    assertThat(scale.at("/metadata/resourceVersion").asText()).isEqualTo(d.getMetadata().getResourceVersion());
    assertThat(scale.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(scale.at("/status/replicas").asInt()).isEqualTo(d.getStatus().getReplicas());
    assertThat(scale.at("/status/selector").asText()).isEqualTo("app.kubernetes.io/name=" + APP);
  }

  @Test
  void aMergePatchOfTheScaleConvergesAsAScaleOfTheObjectDoes() throws Exception {
    HttpResponse<String> r = call("PATCH", SCALE, MERGE, "{\"spec\":{\"replicas\":3}}");

    assertThat(r.code()).as(r.body()).isEqualTo(200);
    JsonNode scale = JSON.readTree(r.body());
    assertThat(scale.get("kind").asText()).isEqualTo("Scale");
    assertThat(scale.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(scale.at("/status/replicas").asInt()).as("the pods followed before the answer").isEqualTo(3);
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
    assertThat(pods()).hasSize(3);
    assertThat(current().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void aPutOfTheScaleIsRefusedWhenStaleAndOtherwiseScales() throws Exception {
    JsonNode scale = JSON.readTree(call("GET", SCALE, null, null).body());
    ((com.fasterxml.jackson.databind.node.ObjectNode) scale.get("spec")).put("replicas", 1);
    ((com.fasterxml.jackson.databind.node.ObjectNode) scale.get("metadata")).put("resourceVersion", "1");

    HttpResponse<String> stale = call("PUT", SCALE, "application/json", scale.toString());

    assertThat(stale.code()).as(stale.body()).isEqualTo(409);
    assertThat(JSON.readTree(stale.body()).get("message").asText()).contains("the object has been modified");
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(2);

    ((com.fasterxml.jackson.databind.node.ObjectNode) scale.get("metadata")).put("resourceVersion", deployment().getMetadata().getResourceVersion());
    HttpResponse<String> put = call("PUT", SCALE, "application/json", scale.toString());

    assertThat(put.code()).as(put.body()).isEqualTo(200);
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(1);
    assertThat(pods()).hasSize(1);
  }

  @Test
  void aNegativeCountIsRefusedAsTheApiserverDoesAndChangesNothing() throws Exception {
    HttpResponse<String> r = call("PATCH", SCALE, MERGE, "{\"spec\":{\"replicas\":-1}}");

    assertThat(r.code()).isEqualTo(422);
    assertThat(JSON.readTree(r.body()).get("message").asText()).isEqualTo("Scale.autoscaling \"" + APP
        + "\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(2);
    assertThat(call("GET", "/apis/apps/v1/namespaces/" + NS + "/deployments/nothing-here/scale", null, null).code()).isEqualTo(404);
  }

  private static final String SET = "fraud-scorer";
  private static final String SET_NS = "payments";

  private List<String> setPods() {
    return client.pods().inNamespace(SET_NS).list().getItems().stream().map(p -> p.getMetadata().getName())
        .filter(n -> n.matches(SET + "-\\d+")).sorted().toList();
  }

  /**
   * The showcase's fraud-scorer StatefulSet waits on its one pod (no node has its GPU): with the default
   * OrderedReady policy no second pod starts while the first is not Ready; scaled to 0 its pod goes, and back
   * up its first pod is pending again (nothing gave it a GPU since), so the second still waits.
   */
  @Test
  void aStatefulSetsPodsFollowItsScaleInOrdinalOrder() throws Exception {
    String scale = "/apis/apps/v1/namespaces/" + SET_NS + "/statefulsets/" + SET + "/scale";
    assertThat(setPods()).containsExactly(SET + "-0");

    assertThat(call("PATCH", scale, MERGE, "{\"spec\":{\"replicas\":2}}").code()).isEqualTo(200);
    assertThat(client.apps().statefulSets().inNamespace(SET_NS).withName(SET).get().getSpec().getReplicas()).isEqualTo(2);
    assertThat(setPods()).as("the first pod is still pending").containsExactly(SET + "-0");

    HttpResponse<String> down = call("PATCH", scale, MERGE, "{\"spec\":{\"replicas\":0}}");
    assertThat(down.code()).as(down.body()).isEqualTo(200);
    assertThat(JSON.readTree(down.body()).at("/status/replicas").asInt()).isZero();
    assertThat(setPods()).isEmpty();

    assertThat(call("PATCH", scale, MERGE, "{\"spec\":{\"replicas\":2}}").code()).isEqualTo(200);
    // Still no node with its GPU: the first pod is pending again, as seeded (SeededTrouble), so the second waits.
    assertThat(setPods()).containsExactly(SET + "-0");
    Pod first = client.pods().inNamespace(SET_NS).withName(SET + "-0").get();
    assertThat(ready(first)).isFalse();
    assertThat(first.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(first.getSpec().getNodeName()).isNull();
    assertThat(first.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", SET + "-0");
    assertThat(first.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("StatefulSet");
    var status = client.apps().statefulSets().inNamespace(SET_NS).withName(SET).get().getStatus();
    assertThat(status.getReplicas()).isEqualTo(1);
    assertThat(status.getReadyReplicas()).isZero();
  }
}
