package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A workload created with a POST (the console's "create object", {@code kubectl create}) is followed by its controller
 * as an applied or edited one is: a Deployment gets its first ReplicaSet and that one its pods, a StatefulSet its pods
 * by ordinal, a ReplicaSet its pods; the counts in their status follow. Before, they sat with no pods until written again.
 */
class DemoCreatedWorkloadsTest extends OnItsOwnDemoCluster {
  private static final String NS = "platform";

  private static PodTemplateSpec template(String app) {
    return new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", app)).endMetadata()
        .withNewSpec().addNewContainer().withName(app).withImage("nginx:1.27.3").endContainer().endSpec().build();
  }

  private List<Pod> pods(String app) {
    return client.pods().inNamespace(NS).withLabel("app", app).list().getItems();
  }

  @Test
  void aDeploymentCreatedWithAPostGetsItsFirstReplicaSetItsPodsAndItsStatus() {
    client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
        .withNewMetadata().withName("echo").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "echo")).endSelector()
        .withTemplate(template("echo")).endSpec().build()).create();

    List<ReplicaSet> owned = client.apps().replicaSets().inNamespace(NS).withLabel("app", "echo").list().getItems();
    Deployment d = client.apps().deployments().inNamespace(NS).withName("echo").get();
    assertThat(owned).singleElement().satisfies(rs -> {
      assertThat(rs.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getUid()).isEqualTo(d.getMetadata().getUid()));
      assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
      String hash = rs.getMetadata().getLabels().get("pod-template-hash");
      assertThat(rs.getMetadata().getName()).isEqualTo("echo-" + hash);
      assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash);
      assertThat(rs.getSpec().getReplicas()).isEqualTo(2);
      assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(2);
    });
    ReplicaSet rs = owned.getFirst();
    assertThat(pods("echo")).hasSize(2).allSatisfy(p -> {
      assertThat(p.getMetadata().getName()).startsWith(rs.getMetadata().getName() + "-");
      assertThat(p.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(rs.getMetadata().getUid());
      assertThat(p.getStatus().getPhase()).isEqualTo("Running");
    });
    assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
    assertThat(d.getStatus().getReplicas()).isEqualTo(2);
    assertThat(d.getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(d.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Available");
      assertThat(c.getStatus()).isEqualTo("True");
    });
  }

  @Test
  void aStatefulSetCreatedWithAPostGetsItsPodsByOrdinal() {
    client.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder()
        .withNewMetadata().withName("cache").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(2).withServiceName("cache").withNewSelector().withMatchLabels(Map.of("app", "cache")).endSelector()
        .withTemplate(template("cache")).endSpec().build()).create();

    assertThat(pods("cache")).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("cache-0", "cache-1");
    StatefulSet set = client.apps().statefulSets().inNamespace(NS).withName("cache").get();
    assertThat(set.getStatus().getReplicas()).isEqualTo(2);
    assertThat(set.getStatus().getReadyReplicas()).isEqualTo(2);
  }

  @Test
  void aReplicaSetCreatedWithAPostGetsItsPods() {
    client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder()
        .withNewMetadata().withName("worker").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(Map.of("app", "worker")).endSelector()
        .withTemplate(template("worker")).endSpec().build()).create();

    assertThat(pods("worker")).hasSize(3).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences().getFirst().getName()).isEqualTo("worker"));
    assertThat(client.apps().replicaSets().inNamespace(NS).withName("worker").get().getStatus().getReplicas()).isEqualTo(3);
  }

  @Test
  void aDryRunCreateStartsNoPods() {
    client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
        .withNewMetadata().withName("echo").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "echo")).endSelector()
        .withTemplate(template("echo")).endSpec().build()).dryRun().create();

    assertThat(client.apps().deployments().inNamespace(NS).withName("echo").get()).isNull();
    assertThat(client.apps().replicaSets().inNamespace(NS).withLabel("app", "echo").list().getItems()).isEmpty();
    assertThat(pods("echo")).isEmpty();
  }
}
