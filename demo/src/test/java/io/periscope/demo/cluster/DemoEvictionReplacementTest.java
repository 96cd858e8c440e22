package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An evicted demo pod comes back as its controller and the scheduler would bring it back: on another
 * ready node that takes pods, or pending with the scheduler's reason when none does. So a drain of a
 * demo node moves its pods instead of shrinking the estate.
 */
class DemoEvictionReplacementTest extends OnItsOwnDemoCluster {
  @Override
  DemoEstate estate() {
    return DemoEstate.staging();
  }

  private List<Pod> pods(String app) {
    return client.pods().inNamespace("checkout").withLabel("app.kubernetes.io/name", app).list().getItems();
  }

  @Test
  void aReplicaSetsEvictedPodIsReplacedOnAnotherReadyNode() {
    Pod first = pods("checkout-web").stream().filter(p -> "Running".equals(p.getStatus().getPhase())).findFirst().orElseThrow();
    String from = first.getSpec().getNodeName();
    client.nodes().withName(from).edit(n -> { n.getSpec().setUnschedulable(true); return n; });

    assertThat(client.pods().inNamespace("checkout").withName(first.getMetadata().getName()).evict()).isTrue();

    assertThat(client.pods().inNamespace("checkout").withName(first.getMetadata().getName()).get()).isNull();
    List<Pod> now = pods("checkout-web");
    assertThat(now).hasSize(2);
    Pod replacement = now.stream().filter(p -> p.getMetadata().getCreationTimestamp() != null
        && !p.getMetadata().getName().equals(first.getMetadata().getName()) && !from.equals(p.getSpec().getNodeName())
        && "Running".equals(p.getStatus().getPhase()) && p.getStatus().getContainerStatuses().getFirst().getRestartCount() == 0)
        .filter(p -> p.getMetadata().getName().startsWith(first.getMetadata().getOwnerReferences().getFirst().getName() + "-"))
        .findFirst().orElseThrow();
    assertThat(replacement.getSpec().getNodeName()).isNotEqualTo(from);
    assertThat(replacement.getMetadata().getOwnerReferences()).isEqualTo(first.getMetadata().getOwnerReferences());
    assertThat(replacement.getStatus().getHostIP()).startsWith("10.20.");
  }

  @Test
  void withEveryOtherNodeCordonedTheReplacementIsPendingWithTheSchedulersReason() {
    Pod coredns = client.pods().inNamespace("kube-system").withLabel("app.kubernetes.io/name", "coredns").list().getItems().getFirst();
    client.nodes().list().getItems().forEach(n -> client.nodes().withName(n.getMetadata().getName())
        .edit(x -> { x.getSpec().setUnschedulable(true); return x; }));

    assertThat(client.pods().inNamespace("kube-system").withName(coredns.getMetadata().getName()).evict()).isTrue();

    Pod pending = client.pods().inNamespace("kube-system").withLabel("app.kubernetes.io/name", "coredns").list().getItems().stream()
        .filter(p -> "Pending".equals(p.getStatus().getPhase())).findFirst().orElseThrow();
    assertThat(pending.getSpec().getNodeName()).isNull();
    assertThat(pending.getStatus().getConditions().getFirst().getMessage())
        .startsWith("0/2 nodes are available: 2 node(s) were unschedulable.");
  }

  @Test
  void aPodNoControllerRecreatesIsGoneForGood() {
    client.pods().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("debug")
        .endMetadata().withNewSpec().withNodeName("ip-10-20-1-21.us-west-2.compute.internal").addNewContainer().withName("sh")
        .withImage("busybox").endContainer().endSpec().build()).create();

    assertThat(client.pods().inNamespace("default").withName("debug").evict()).isTrue();

    assertThat(client.pods().inNamespace("default").list().getItems()).isEmpty();
  }
}
