package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every way a person writes a workload's {@code spec.replicas} (server-side apply, a merge, strategic merge or JSON
 * patch, a PUT of the object) is followed by the demo's controllers as a scale through the {@code scale}
 * subresource is ({@link DemoScaleTest}): the pods and the counts converge, for Deployments, StatefulSets and
 * ReplicaSets; a ReplicaSet a Deployment controls is put back by it; a dry run changes nothing.
 */
class DemoWorkloadWritesTest extends OnItsOwnDemoCluster {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "checkout";
  private static final String APP = "cart-service";
  private static final String DEPLOYMENT = "/apis/apps/v1/namespaces/" + NS + "/deployments/" + APP;
  private static final String SET_NS = "payments";
  private static final String SET = "fraud-scorer";
  private static final String STATEFULSET = "/apis/apps/v1/namespaces/" + SET_NS + "/statefulsets/" + SET;

  /** The ways a write reaches the object itself, each sending {@code spec.replicas} as its content type has it. */
  enum Write {
    APPLY("PATCH", "?fieldManager=kubectl&force=true", "application/apply-patch+yaml") {
      @Override
      String body(String kind, String name, int replicas, String stored) {
        return "apiVersion: apps/v1\nkind: " + kind + "\nmetadata:\n  name: " + name + "\nspec:\n  replicas: " + replicas + "\n";
      }
    },
    MERGE_PATCH("PATCH", "", "application/merge-patch+json") {
      @Override
      String body(String kind, String name, int replicas, String stored) {
        return "{\"spec\":{\"replicas\":" + replicas + "}}";
      }
    },
    STRATEGIC_MERGE_PATCH("PATCH", "", "application/strategic-merge-patch+json") {
      @Override
      String body(String kind, String name, int replicas, String stored) {
        return "{\"spec\":{\"replicas\":" + replicas + "}}";
      }
    },
    JSON_PATCH("PATCH", "", "application/json-patch+json") {
      @Override
      String body(String kind, String name, int replicas, String stored) {
        return "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":" + replicas + "}]";
      }
    },
    PUT("PUT", "", "application/json") {
      @Override
      String body(String kind, String name, int replicas, String stored) throws Exception {
        ObjectNode object = (ObjectNode) JSON.readTree(stored);
        ((ObjectNode) object.get("spec")).put("replicas", replicas);
        return object.toString();
      }
    };

    final String method;
    final String query;
    final String contentType;

    Write(String method, String query, String contentType) {
      this.method = method;
      this.query = query;
      this.contentType = contentType;
    }

    /** The request body; {@code stored} is the object as the store holds it (what a PUT edits). */
    abstract String body(String kind, String name, int replicas, String stored) throws Exception;
  }

  private HttpResponse<String> write(Write w, String path, String kind, String name, int replicas) throws Exception {
    String body = w.body(kind, name, replicas, call("GET", path, null, null).body());
    return call(w.method, path + w.query, w.contentType, body);
  }

  @ParameterizedTest
  @EnumSource(Write.class)
  void aDeploymentsPodsFollowItsReplicasWhicheverWayTheyAreWritten(Write w) throws Exception {
    assertThat(pods(NS, APP)).hasSize(2);

    HttpResponse<String> r = write(w, DEPLOYMENT, "Deployment", APP, 4);

    assertThat(r.code()).as(r.body()).isBetween(200, 299);
    assertThat(pods(NS, APP)).hasSize(4);
    ReplicaSet current = currentReplicaSet();
    assertThat(current.getSpec().getReplicas()).isEqualTo(4);
    assertThat(current.getStatus().getReplicas()).isEqualTo(4);
    Deployment d = client.apps().deployments().inNamespace(NS).withName(APP).get();
    assertThat(d.getSpec().getReplicas()).isEqualTo(4);
    assertThat(d.getStatus().getReplicas()).isEqualTo(4);
    // The seeded pending pod stays pending (no node takes it); the two new ones start Ready.
    assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(d.getMetadata().getAnnotations()).as("a scale, not a rollout").containsEntry("deployment.kubernetes.io/revision", "3");
  }

  @ParameterizedTest
  @EnumSource(Write.class)
  void aStatefulSetsPodsFollowItsReplicasWhicheverWayTheyAreWritten(Write w) throws Exception {
    assertThat(setPods()).containsExactly(SET + "-0");

    HttpResponse<String> down = write(w, STATEFULSET, "StatefulSet", SET, 0);

    assertThat(down.code()).as(down.body()).isBetween(200, 299);
    assertThat(setPods()).isEmpty();
    assertThat(client.apps().statefulSets().inNamespace(SET_NS).withName(SET).get().getStatus().getReplicas()).isZero();

    HttpResponse<String> up = write(w, STATEFULSET, "StatefulSet", SET, 2);

    assertThat(up.code()).as(up.body()).isBetween(200, 299);
    // Its first pod starts pending again, as seeded (no node has its GPU: SeededTrouble), so OrderedReady holds the second.
    assertThat(setPods()).containsExactly(SET + "-0");
    var set = client.apps().statefulSets().inNamespace(SET_NS).withName(SET).get();
    assertThat(set.getSpec().getReplicas()).isEqualTo(2);
    assertThat(set.getStatus().getReplicas()).isEqualTo(1);
    assertThat(set.getStatus().getReadyReplicas()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Write.class)
  void aReplicaSetOfItsOwnHasItsPodsFollowItsReplicas(Write w) throws Exception {
    ReplicaSet own = currentReplicaSet();
    client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder()
        .withNewMetadata().withName("batch-worker").withNamespace(NS).withLabels(Map.of("app", "batch-worker")).endMetadata()
        .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(Map.of("app", "batch-worker")).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "batch-worker")).endMetadata()
        .withSpec(own.getSpec().getTemplate().getSpec()).endTemplate().endSpec().build()).create();
    String path = "/apis/apps/v1/namespaces/" + NS + "/replicasets/batch-worker";

    HttpResponse<String> r = write(w, path, "ReplicaSet", "batch-worker", 2);

    assertThat(r.code()).as(r.body()).isBetween(200, 299);
    List<Pod> pods = client.pods().inNamespace(NS).withLabel("app", "batch-worker").list().getItems();
    assertThat(pods).hasSize(2).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences().getFirst().getName()).isEqualTo("batch-worker"));
    ReplicaSet after = client.apps().replicaSets().inNamespace(NS).withName("batch-worker").get();
    assertThat(after.getSpec().getReplicas()).isEqualTo(2);
    assertThat(after.getStatus().getReplicas()).isEqualTo(2);
  }

  @Test
  void aReplicaSetItsDeploymentControlsIsPutBackByTheDeployment() throws Exception {
    ReplicaSet current = currentReplicaSet();
    String path = "/apis/apps/v1/namespaces/" + NS + "/replicasets/" + current.getMetadata().getName();

    HttpResponse<String> r = write(Write.MERGE_PATCH, path, "ReplicaSet", current.getMetadata().getName(), 5);

    assertThat(r.code()).as(r.body()).isBetween(200, 299);
    assertThat(currentReplicaSet().getSpec().getReplicas()).as("the Deployment's count").isEqualTo(2);
    assertThat(pods(NS, APP)).hasSize(2);

    ReplicaSet older = client.apps().replicaSets().inNamespace(NS).withLabel("app.kubernetes.io/name", APP).list().getItems().stream()
        .filter(rs -> "2".equals(rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))).findFirst().orElseThrow();
    String olderPath = "/apis/apps/v1/namespaces/" + NS + "/replicasets/" + older.getMetadata().getName();

    HttpResponse<String> o = write(Write.APPLY, olderPath, "ReplicaSet", older.getMetadata().getName(), 2);

    assertThat(o.code()).as(o.body()).isBetween(200, 299);
    ReplicaSet olderAfter = client.apps().replicaSets().inNamespace(NS).withName(older.getMetadata().getName()).get();
    assertThat(olderAfter.getSpec().getReplicas()).as("an older revision goes back to none").isZero();
    assertThat(olderAfter.getStatus().getReplicas()).isZero();
    assertThat(pods(NS, APP)).hasSize(2).allSatisfy(p ->
        assertThat(p.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(current.getMetadata().getUid()));
  }

  @Test
  void aStrategicMergePatchOfAContainerMergesItByNameAsKubectlSetImageDoes() throws Exception {
    var before = client.apps().deployments().inNamespace(NS).withName(APP).get().getSpec().getTemplate().getSpec().getContainers();
    String name = before.getFirst().getName();
    assertThat(before.getFirst().getResources().getRequests()).as("something the patch does not name").isNotEmpty();

    HttpResponse<String> r = call("PATCH", DEPLOYMENT, Write.STRATEGIC_MERGE_PATCH.contentType,
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"" + name + "\",\"image\":\"example/cart-service:1.0.0\"}]}}}}");

    assertThat(r.code()).as(r.body()).isEqualTo(200);
    var after = client.apps().deployments().inNamespace(NS).withName(APP).get().getSpec().getTemplate().getSpec().getContainers();
    assertThat(after).hasSameSizeAs(before);
    assertThat(after.getFirst().getImage()).isEqualTo("example/cart-service:1.0.0");
    assertThat(after.getFirst().getResources()).as("the container's other fields stay").isEqualTo(before.getFirst().getResources());
    assertThat(after.getFirst().getPorts()).isEqualTo(before.getFirst().getPorts());
  }

  @Test
  void aStrategicMergePatchOfAMissingWorkloadIsNotFoundAndNotJsonIsABadRequest() throws Exception {
    HttpResponse<String> missing = call("PATCH", "/apis/apps/v1/namespaces/" + NS + "/deployments/nothing-here",
        Write.STRATEGIC_MERGE_PATCH.contentType, "{\"spec\":{\"replicas\":1}}");
    HttpResponse<String> garbled = call("PATCH", DEPLOYMENT, Write.STRATEGIC_MERGE_PATCH.contentType, "{\"spec\":");

    assertThat(missing.code()).as(missing.body()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).get("message").asText()).isEqualTo("deployments.apps \"nothing-here\" not found");
    assertThat(garbled.code()).as(garbled.body()).isEqualTo(400);
    assertThat(client.apps().deployments().inNamespace(NS).withName(APP).get().getSpec().getReplicas()).isEqualTo(2);
    assertThat(pods(NS, APP)).hasSize(2);
  }

  @Test
  void aDryRunApplyChangesNeitherTheCountNorThePods() throws Exception {
    String manifest = Write.APPLY.body("Deployment", APP, 4, null);

    HttpResponse<String> r = call("PATCH", DEPLOYMENT + "?fieldManager=kubectl&dryRun=All", Write.APPLY.contentType, manifest);

    assertThat(r.code()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).at("/spec/replicas").asInt()).isEqualTo(4);
    assertThat(client.apps().deployments().inNamespace(NS).withName(APP).get().getSpec().getReplicas()).isEqualTo(2);
    assertThat(pods(NS, APP)).hasSize(2);
  }

  // The two applies below start pods: they run here, each on a cluster of its own (DemoClusterTest's is shared).

  @Test
  void serverSideApplyMergesTheManifestAndDryRunStoresNothing() {
    var deployments = client.apps().deployments().inNamespace("checkout");
    var manifest = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
        .withNewMetadata().withName("cart-service").withNamespace("checkout").endMetadata()
        .withNewSpec().withReplicas(4).endSpec().build();
    var dry = deployments.resource(manifest).dryRun().fieldManager("test").serverSideApply();
    assertThat(dry.getSpec().getReplicas()).isEqualTo(4);
    assertThat(dry.getSpec().getTemplate().getSpec().getContainers()).as("merged into the stored object").isNotEmpty();
    assertThat(deployments.withName("cart-service").get().getSpec().getReplicas()).isEqualTo(2);
    assertThat(pods(NS, APP)).as("a dry run starts no pod").hasSize(2);
    deployments.resource(manifest).fieldManager("test").serverSideApply();
    assertThat(deployments.withName("cart-service").get().getSpec().getReplicas()).isEqualTo(4);
    assertThat(pods(NS, APP)).hasSize(4);
  }

  @Test
  void anApplyOfNewReplicasForAnAutoscaledWorkloadConflictsWithTheAutoscalerUnlessForced() {
    var deployments = client.apps().deployments().inNamespace("checkout");
    int held = deployments.withName("checkout-web").get().getSpec().getReplicas();
    var same = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
        .withNewMetadata().withName("checkout-web").withNamespace("checkout").addToLabels("team", "checkout").endMetadata()
        .withNewSpec().withReplicas(held).endSpec().build();
    var more = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(same).editSpec().withReplicas(held + 3).endSpec().build();

    deployments.resource(same).fieldManager("test").serverSideApply();
    var refused = org.assertj.core.api.Assertions.catchThrowableOfType(io.fabric8.kubernetes.client.KubernetesClientException.class,
        () -> deployments.resource(more).fieldManager("test").serverSideApply());

    assertThat(deployments.withName("checkout-web").get().getMetadata().getLabels()).as("the same count is no conflict").containsEntry("team", "checkout");
    assertThat(refused.getCode()).isEqualTo(409);
    assertThat(refused.getStatus().getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"kube-controller-manager\" "
        + "with subresource \"scale\" using apps/v1: .spec.replicas");
    assertThat(refused.getStatus().getDetails().getCauses()).singleElement().satisfies(c -> {
      assertThat(c.getReason()).isEqualTo("FieldManagerConflict");
      assertThat(c.getField()).isEqualTo(".spec.replicas");
    });
    assertThat(deployments.withName("checkout-web").get().getSpec().getReplicas()).isEqualTo(held);

    assertThat(notTerminating(NS, "checkout-web")).as("the refused apply started no pod").hasSize(held);

    deployments.resource(more).fieldManager("test").forceConflicts().serverSideApply();
    assertThat(deployments.withName("checkout-web").get().getSpec().getReplicas()).isEqualTo(held + 3);
    assertThat(notTerminating(NS, "checkout-web")).hasSize(held + 3);
  }

  private List<Pod> pods(String namespace, String app) {
    return client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/name", app).list().getItems();
  }

  /** The app's pods a controller counts: one stuck terminating on the lost node has been replaced already. */
  private List<Pod> notTerminating(String namespace, String app) {
    return pods(namespace, app).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  private List<String> setPods() {
    return client.pods().inNamespace(SET_NS).list().getItems().stream().map(p -> p.getMetadata().getName())
        .filter(n -> n.matches(SET + "-\\d+")).sorted().toList();
  }

  private ReplicaSet currentReplicaSet() {
    return client.apps().replicaSets().inNamespace(NS).withLabel("app.kubernetes.io/name", APP).list().getItems().stream()
        .filter(rs -> "3".equals(rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))).findFirst().orElseThrow();
  }

  /** A request to the demo apiserver as an administrator (no impersonation: the demo's RBAC lets it through). */
  private HttpResponse<String> call(String method, String path, String contentType, String body) throws Exception {
    var http = client.getHttpClient();
    var request = http.newHttpRequestBuilder().uri(client.getMasterUrl() + path.substring(1));
    request = switch (method) {
      case "GET" -> request;
      case "PUT" -> request.put(contentType, new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), body.length());
      default -> request.method(method, contentType, body);
    };
    return http.sendAsync(request.build(), String.class).get();
  }
}
