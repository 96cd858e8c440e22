package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The demo's DaemonSet controller keeps one pod of a set on every node it takes, as a real one does: a deleted pod
 * (the console's Delete, {@code kubectl delete pod}; once its kubelet confirmed) or an evicted one comes back on the same node under a new name, a
 * DaemonSet created after start gets its pods (only on the nodes its nodeSelector takes), and the set's status counts
 * follow. Before, a deleted pod stayed gone and a new DaemonSet had none. On production, whose third node is NotReady:
 * a pod there is placed but never started, and one deleted there stays terminating until forced, with no new one beside it.
 */
class DemoDaemonSetPodsTest extends OnItsOwnDemoCluster {
  private static final String NS = "kube-system";
  private static final String DS = "kube-proxy";

  private List<Pod> pods(String app) {
    return client.pods().inNamespace(NS).withLabel("k8s-app", app).list().getItems();
  }

  private DaemonSet daemonSet(String name) {
    return client.apps().daemonSets().inNamespace(NS).withName(name).get();
  }

  private List<Node> nodes() {
    return client.nodes().list().getItems();
  }

  private static boolean ready(Node node) {
    return node.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private Node aReadyNode() {
    return nodes().stream().filter(DemoDaemonSetPodsTest::ready).findFirst().orElseThrow();
  }

  private Node theNotReadyNode() {
    return nodes().stream().filter(n -> !ready(n)).findFirst().orElseThrow();
  }

  private Pod podOn(String app, String node) {
    List<Pod> on = pods(app).stream().filter(p -> node.equals(p.getSpec().getNodeName())).toList();
    assertThat(on).as("pods of %s on %s", app, node).hasSize(1);
    return on.getFirst();
  }

  @Test
  void aDeletedPodComesBackOnItsNodeUnderANewName() {
    String node = aReadyNode().getMetadata().getName();
    Pod gone = podOn(DS, node);
    String revision = gone.getMetadata().getLabels().get("controller-revision-hash");

    client.pods().inNamespace(NS).withName(gone.getMetadata().getName()).delete();

    // Terminating until its kubelet confirms, and the controller waits for it, as on any node.
    assertThat(podOn(DS, node).getMetadata().getDeletionTimestamp()).isNotNull();
    kubelets.confirmAll();

    Pod back = podOn(DS, node);
    assertThat(back.getMetadata().getName()).startsWith(DS + "-").isNotEqualTo(gone.getMetadata().getName());
    assertThat(back.getMetadata().getLabels()).containsEntry("controller-revision-hash", revision).containsEntry("k8s-app", DS);
    assertThat(back.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(daemonSet(DS).getMetadata().getUid());
    assertThat(back.getStatus().getPhase()).isEqualTo("Running");
    assertThat(ready(back)).isTrue();
    assertThat(pods(DS)).hasSize(nodes().size());
    var status = daemonSet(DS).getStatus();
    assertThat(status.getDesiredNumberScheduled()).isEqualTo(nodes().size());
    assertThat(status.getCurrentNumberScheduled()).isEqualTo(nodes().size());
    assertThat(status.getUpdatedNumberScheduled()).isEqualTo(nodes().size());
    assertThat(status.getNumberReady()).isEqualTo((int) nodes().stream().filter(DemoDaemonSetPodsTest::ready).count());
  }

  @Test
  void deletingTheReplacementTooBringsAThirdName() {
    String node = aReadyNode().getMetadata().getName();
    String first = podOn(DS, node).getMetadata().getName();
    client.pods().inNamespace(NS).withName(first).delete();
    kubelets.confirmAll();
    String second = podOn(DS, node).getMetadata().getName();

    client.pods().inNamespace(NS).withName(second).delete();
    kubelets.confirmAll();

    assertThat(podOn(DS, node).getMetadata().getName()).isNotIn(first, second);
  }

  @Test
  void anEvictedPodComesBackOnItsNode() {
    String node = aReadyNode().getMetadata().getName();
    Pod gone = podOn(DS, node);

    assertThat(client.pods().inNamespace(NS).withName(gone.getMetadata().getName()).evict()).isTrue();

    assertThat(podOn(DS, node).getMetadata().getName()).isNotEqualTo(gone.getMetadata().getName());
  }

  @Test
  void aPodDeletedOnTheNotReadyNodeIsReplacedOnlyOnceItIsForcedAway() {
    String node = theNotReadyNode().getMetadata().getName();
    Pod gone = podOn(DS, node);

    client.pods().inNamespace(NS).withName(gone.getMetadata().getName()).delete();

    // No kubelet confirms: it stays, terminating, and the controller waits for it.
    assertThat(podOn(DS, node).getMetadata().getName()).isEqualTo(gone.getMetadata().getName());
    assertThat(podOn(DS, node).getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(daemonSet(DS).getStatus().getCurrentNumberScheduled()).isEqualTo(nodes().size() - 1);

    client.pods().inNamespace(NS).withName(gone.getMetadata().getName()).withGracePeriod(0).delete();

    Pod back = podOn(DS, node);
    assertThat(back.getMetadata().getName()).isNotEqualTo(gone.getMetadata().getName());
    assertThat(back.getStatus().getPhase()).as("no kubelet starts it").isEqualTo("Pending");
    assertThat(daemonSet(DS).getStatus().getCurrentNumberScheduled()).isEqualTo(nodes().size());
  }

  private DaemonSet agent(String name, Map<String, String> nodeSelector) {
    return new DaemonSetBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(Map.of("k8s-app", name)).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("k8s-app", name)).endMetadata()
        .withNewSpec().withNodeSelector(nodeSelector).addNewContainer().withName(name).withImage("fluent/fluent-bit:3.2.4").endContainer()
        .endSpec().endTemplate().endSpec().build();
  }

  @Test
  void aDaemonSetCreatedAfterStartGetsAPodOnEveryNode() {
    client.apps().daemonSets().inNamespace(NS).resource(agent("log-shipper", Map.of())).create();

    List<Pod> pods = pods("log-shipper");
    assertThat(pods).extracting(p -> p.getSpec().getNodeName())
        .containsExactlyInAnyOrderElementsOf(nodes().stream().map(n -> n.getMetadata().getName()).toList());
    String notReady = theNotReadyNode().getMetadata().getName();
    assertThat(pods).allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo(notReady.equals(p.getSpec().getNodeName()) ? "Pending" : "Running"));
    assertThat(pods).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsKey("controller-revision-hash"));
    assertThat(pods).allSatisfy(p -> assertThat(p.getSpec().getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("node.kubernetes.io/not-ready")));
    var status = daemonSet("log-shipper").getStatus();
    int ready = (int) nodes().stream().filter(DemoDaemonSetPodsTest::ready).count();
    assertThat(status.getDesiredNumberScheduled()).isEqualTo(nodes().size());
    assertThat(status.getCurrentNumberScheduled()).isEqualTo(nodes().size());
    assertThat(status.getNumberReady()).isEqualTo(ready);
    assertThat(status.getNumberAvailable()).isEqualTo(ready);
    assertThat(status.getNumberUnavailable()).isEqualTo(nodes().size() - ready);
    assertThat(status.getNumberMisscheduled()).isZero();
  }

  @Test
  void aNodeSelectorTakesOnlyTheNodesItMatches() {
    String node = aReadyNode().getMetadata().getName();

    client.apps().daemonSets().inNamespace(NS).resource(agent("gpu-agent", Map.of("kubernetes.io/hostname", node))).create();

    assertThat(pods("gpu-agent")).extracting(p -> p.getSpec().getNodeName()).containsExactly(node);
    assertThat(daemonSet("gpu-agent").getStatus().getDesiredNumberScheduled()).isEqualTo(1);
    assertThat(daemonSet("gpu-agent").getStatus().getNumberReady()).isEqualTo(1);
  }

  @Test
  void aNodeSelectorChangeMovesThePodsOffTheNodesItNoLongerTakes() {
    client.apps().daemonSets().inNamespace(NS).resource(agent("log-shipper", Map.of())).create();
    String node = aReadyNode().getMetadata().getName();

    client.apps().daemonSets().inNamespace(NS).withName("log-shipper")
        .edit(ds -> { ds.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("kubernetes.io/hostname", node)); return ds; });

    Set<String> on = pods("log-shipper").stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet());
    assertThat(on).containsExactly(node);
    assertThat(daemonSet("log-shipper").getStatus().getDesiredNumberScheduled()).isEqualTo(1);
    assertThat(daemonSet("log-shipper").getStatus().getNumberMisscheduled()).isZero();
  }
}
