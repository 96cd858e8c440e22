package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scaling a demo Deployment (the console's Scale: a merge patch of {@code spec.replicas}) converges as
 * on a real cluster: the current ReplicaSet takes the count, new pods start Running and Ready on ready
 * nodes, surplus pods go (the pending one first), and the ReplicaSet's, Deployment's and Service
 * endpoints' counts follow the pods.
 */
class DemoScaleTest {
  private static final String NS = "checkout";
  private static final String APP = "cart-service";
  private DemoCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() throws Exception {
    cluster = DemoCluster.start(DemoEstate.production(), Clock.systemUTC());
    client = DemoClusterClients.of(cluster);
  }

  @AfterEach
  void stop() {
    client.close();
    cluster.close();
  }

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
    assertThat(pods).hasSize(2).allSatisfy(p -> {
      assertThat(ready(p)).isTrue();
      assertThat(p.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(current().getMetadata().getUid());
    });
    // Spread over the two nodes that take pods.
    assertThat(pods).extracting(p -> p.getSpec().getNodeName()).doesNotHaveDuplicates();
    // Not a rollback: the revision stays.
    assertThat(deployment().getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
    assertThat(deployment().getStatus().getReadyReplicas()).isEqualTo(2);
  }
}
