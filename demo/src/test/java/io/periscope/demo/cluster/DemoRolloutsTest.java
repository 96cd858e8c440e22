package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The demo's Deployments keep two earlier revisions, and a rollback ({@code kubectl rollout undo}'s
 * patch) rolls the pods out as the Deployment controller would: the revision rolled back to comes
 * back under the next number and takes the replicas, and the pods run its image. A DaemonSet's rollback
 * renumbers its ControllerRevision and replaces its pods node by node ({@link DemoDaemonSetRolloutsTest} has more).
 */
class DemoRolloutsTest extends OnItsOwnDemoCluster {

  private List<ReplicaSet> replicaSets() {
    return client.apps().replicaSets().inNamespace("payments").withLabel("app.kubernetes.io/name", "payments-api").list().getItems().stream()
        .sorted(Comparator.comparing(rs -> rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))).toList();
  }

  private List<Pod> pods() {
    return client.pods().inNamespace("payments").withLabel("app.kubernetes.io/name", "payments-api").list().getItems();
  }

  @Test
  void aDeploymentHasThreeRevisionsOnlyTheNewestRunning() {
    List<ReplicaSet> rs = replicaSets();
    assertThat(rs).extracting(r -> r.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
        .allSatisfy(i -> assertThat(i).contains("example/payments-api:"))
        .extracting(i -> i.substring(i.lastIndexOf(':') + 1)).containsExactly("2.13.3", "2.14.0", "2.14.1");
    assertThat(rs).extracting(r -> r.getSpec().getReplicas()).containsExactly(0, 0, 3);
    assertThat(rs.getFirst().getMetadata().getAnnotations()).containsEntry("kubernetes.io/change-cause", "deploy-bot: release 2.13.3");
    assertThat(Workloads.earlierImage("grafana/grafana:11.3.0", 1)).isEqualTo("grafana/grafana:11.2.3");
    assertThat(Workloads.earlierImage("ghcr.io/example/recommendations:3.0.0-rc1", 1)).isNull();
    assertThat(Workloads.earlierImage("registry.k8s.io/coredns/coredns:v1.11.3", 2)).isEqualTo("registry.k8s.io/coredns/coredns:v1.11.1");
  }

  @Test
  void aRollbackPatchRollsThePodsOutToTheRevisionRolledBackTo() throws Exception {
    ReplicaSet second = replicaSets().get(1);
    ObjectNode template = (ObjectNode) new ObjectMapper().readTree(Serialization.asJson(second.getSpec().getTemplate()));
    ((ObjectNode) template.path("metadata").path("labels")).remove("pod-template-hash");
    String patch = "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":" + template + "}]";

    client.apps().deployments().inNamespace("payments").withName("payments-api").patch(PatchContext.of(PatchType.JSON), patch);

    List<ReplicaSet> after = replicaSets();
    ReplicaSet rolled = after.stream().filter(r -> r.getMetadata().getName().equals(second.getMetadata().getName())).findFirst().orElseThrow();
    assertThat(rolled.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "4");
    assertThat(rolled.getSpec().getReplicas()).isEqualTo(3);
    assertThat(after).filteredOn(r -> r != rolled).allSatisfy(r -> assertThat(r.getSpec().getReplicas()).isZero());
    assertThat(client.apps().deployments().inNamespace("payments").withName("payments-api").get().getMetadata().getAnnotations())
        .containsEntry("deployment.kubernetes.io/revision", "4");
    List<Pod> pods = pods();
    assertThat(pods).hasSize(3).allSatisfy(p -> {
      assertThat(p.getMetadata().getName()).startsWith(rolled.getMetadata().getName() + "-");
      assertThat(p.getSpec().getContainers().getFirst().getImage()).endsWith(":2.14.0");
      assertThat(p.getStatus().getContainerStatuses().getFirst().getImage()).endsWith(":2.14.0");
      assertThat(p.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(rolled.getMetadata().getUid());
      assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", rolled.getMetadata().getLabels().get("pod-template-hash"));
    });
  }

  @Test
  void aDaemonSetKeepsThreeControllerRevisionsAndRollsBackWithTheRevisionsOwnPatch() throws Exception {
    var revisions = client.apps().controllerRevisions().inNamespace("kube-system").withLabel("k8s-app", "aws-node").list().getItems().stream()
        .sorted(Comparator.comparing(r -> r.getRevision())).toList();
    assertThat(revisions).extracting(r -> r.getRevision()).containsExactly(1L, 2L, 3L);
    ObjectMapper json = new ObjectMapper();
    // data is a RawExtension: as JSON, it is the stored patch.
    assertThat(revisions).extracting(r -> json.readTree(Serialization.asJson(r.getData())).at("/spec/template/spec/containers/0/image").asText())
        .extracting(i -> i.substring(i.lastIndexOf(':') + 1)).containsExactly("v1.18.1-eksbuild.3", "v1.18.2-eksbuild.3", "v1.18.3-eksbuild.3");
    var ds = client.apps().daemonSets().inNamespace("kube-system").withName("aws-node").get();
    assertThat(revisions.getFirst().getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(ds.getMetadata().getUid());

    List<Pod> before = client.pods().inNamespace("kube-system").withLabel("k8s-app", "aws-node").list().getItems();
    String patch = Serialization.asJson(revisions.get(1).getData());
    client.apps().daemonSets().inNamespace("kube-system").withName("aws-node").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);

    var after = client.apps().daemonSets().inNamespace("kube-system").withName("aws-node").get();
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).endsWith(":v1.18.2-eksbuild.3");
    assertThat(json.valueToTree(after.getSpec().getTemplate()).has("$patch")).isFalse();
    assertThat(client.apps().controllerRevisions().inNamespace("kube-system").withName(revisions.get(1).getMetadata().getName()).get()
        .getRevision()).isEqualTo(4L);
    List<Pod> pods = client.pods().inNamespace("kube-system").withLabel("k8s-app", "aws-node").list().getItems();
    String hash = revisions.get(1).getMetadata().getLabels().get("controller-revision-hash");
    // Replaced, not updated in place: new pods (names and uids) on the nodes the old ones ran on, as the controller does.
    // maxUnavailable 1: the NotReady node's old pod goes at once (it was unavailable) and one Ready node's with it; the
    // new pod on the NotReady node never starts, so it holds the last node's old pod, as on a real cluster.
    Map<String, Pod> byNode = pods.stream().collect(Collectors.toMap(p -> p.getSpec().getNodeName(), p -> p));
    assertThat(byNode).containsOnlyKeys(before.stream().map(p -> p.getSpec().getNodeName()).toList());
    assertThat(pods).hasSize(3).allSatisfy(p -> {
      assertThat(p.getMetadata().getName()).startsWith("aws-node-");
      assertThat(p.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(ds.getMetadata().getUid());
    });
    for (String node : List.of("ip-10-0-1-11.ec2.internal", "ip-10-0-3-13.ec2.internal")) {
      Pod p = byNode.get(node);
      assertThat(p.getMetadata().getName()).isNotIn(before.stream().map(b -> b.getMetadata().getName()).toList());
      assertThat(p.getSpec().getContainers().getFirst().getImage()).endsWith(":v1.18.2-eksbuild.3");
      assertThat(p.getMetadata().getLabels()).containsEntry("controller-revision-hash", hash);
    }
    assertThat(byNode.get("ip-10-0-1-11.ec2.internal").getStatus().getContainerStatuses().getFirst().getImage()).endsWith(":v1.18.2-eksbuild.3");
    assertThat(byNode.get("ip-10-0-3-13.ec2.internal").getStatus().getPhase()).as("no kubelet starts it").isEqualTo("Pending");
    Pod held = byNode.get("ip-10-0-2-12.ec2.internal");
    assertThat(held.getMetadata().getName()).isIn(before.stream().map(b -> b.getMetadata().getName()).toList());
    assertThat(held.getSpec().getContainers().getFirst().getImage()).endsWith(":v1.18.3-eksbuild.3");
    var status = client.apps().daemonSets().inNamespace("kube-system").withName("aws-node").get().getStatus();
    assertThat(status.getUpdatedNumberScheduled()).isEqualTo(2);
    assertThat(status.getNumberAvailable()).isEqualTo(2);
    assertThat(status.getNumberUnavailable()).isEqualTo(1);
  }
}
