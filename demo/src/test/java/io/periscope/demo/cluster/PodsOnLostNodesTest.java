package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On the showcase cluster's NotReady node no kubelet confirms a deletion: a pod deleted there stays
 * terminating until it is deleted with a grace period of 0, as on a cluster that lost a node.
 */
class PodsOnLostNodesTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String LOST = "ip-10-0-3-13.ec2.internal";
  private DemoCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() throws Exception {
    cluster = DemoCluster.start(DemoEstate.production(), Clock.fixed(NOW, ZoneOffset.UTC));
    client = DemoClusterClients.of(cluster);
  }

  @AfterEach
  void stop() {
    client.close();
    cluster.close();
  }

  private List<Pod> onLostNode() {
    return client.pods().inAnyNamespace().withField("spec.nodeName", LOST).list().getItems();
  }

  @Test
  void theShowcaseStartsWithAPodStuckTerminatingThatOnlyAForcedDeletionRemoves() {
    Pod stuck = onLostNode().stream().filter(p -> p.getMetadata().getDeletionTimestamp() != null).findFirst().orElseThrow();
    assertThat(stuck.getMetadata().getNamespace()).isEqualTo("checkout");
    assertThat(stuck.getMetadata().getName()).startsWith("checkout-web-");
    // Deleted 47 minutes ago: its 30 s of grace ran out 30 s later.
    assertThat(stuck.getMetadata().getDeletionTimestamp()).isEqualTo(NOW.minusSeconds(47 * 60 - 30).toString());
    assertThat(stuck.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30);
    assertThat(stuck.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("ReplicaSet"));
    int webPods = client.pods().inNamespace("checkout").withLabel("app.kubernetes.io/name", "checkout-web").list().getItems().size();

    client.pods().inNamespace("checkout").withName(stuck.getMetadata().getName()).delete();

    assertThat(client.pods().inNamespace("checkout").withName(stuck.getMetadata().getName()).get().getMetadata().getDeletionTimestamp())
        .isEqualTo(stuck.getMetadata().getDeletionTimestamp());

    client.pods().inNamespace("checkout").withName(stuck.getMetadata().getName()).withGracePeriod(0).delete();

    assertThat(client.pods().inNamespace("checkout").withName(stuck.getMetadata().getName()).get()).isNull();
    // Its ReplicaSet had replaced it long ago: nothing new appears.
    assertThat(client.pods().inNamespace("checkout").withLabel("app.kubernetes.io/name", "checkout-web").list().getItems())
        .hasSize(webPods - 1);
  }

  @Test
  void aPodDeletedOnTheLostNodeIsMarkedAndStays() {
    Pod proxy = onLostNode().stream().filter(p -> p.getMetadata().getName().startsWith("kube-proxy-")).findFirst().orElseThrow();
    assertThat(proxy.getMetadata().getDeletionTimestamp()).isNull();

    client.pods().inNamespace("kube-system").withName(proxy.getMetadata().getName()).delete();

    Pod marked = client.pods().inNamespace("kube-system").withName(proxy.getMetadata().getName()).get();
    long grace = proxy.getSpec().getTerminationGracePeriodSeconds() == null ? 30 : proxy.getSpec().getTerminationGracePeriodSeconds();
    assertThat(marked.getMetadata().getDeletionTimestamp()).isEqualTo(NOW.plusSeconds(grace).toString());
    assertThat(marked.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(grace);

    client.pods().inNamespace("kube-system").withName(proxy.getMetadata().getName()).withGracePeriod(0).delete();

    assertThat(client.pods().inNamespace("kube-system").withName(proxy.getMetadata().getName()).get()).isNull();
  }

  private Pod podOnLostNode(String namespace, String name, String ownerKind, String ownerName, String ownerUid) {
    return client.pods().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName(name)
        .addNewOwnerReference().withApiVersion("apps/v1").withKind(ownerKind).withName(ownerName).withUid(ownerUid).withController(true)
        .endOwnerReference().endMetadata().withNewSpec().withNodeName(LOST).addNewContainer().withName("app").withImage("busybox")
        .endContainer().endSpec().withNewStatus().withPhase("Running").endStatus().build()).create();
  }

  @Test
  void aReplicaSetReplacesItsPodAtOnceAStatefulSetOnlyOnceTheNameIsFree() {
    var rs = client.apps().replicaSets().inNamespace("checkout").withLabel("app.kubernetes.io/name", "checkout-web").list().getItems()
        .stream().filter(r -> r.getSpec().getReplicas() > 0).findFirst().orElseThrow();
    // One of the ReplicaSet's own pods (not one beyond its count, which its controller would delete as surplus) on the lost node.
    Pod counted = client.pods().inNamespace("checkout").withLabel("app.kubernetes.io/name", "checkout-web").list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getMetadata().getOwnerReferences().getFirst().getUid().equals(rs.getMetadata().getUid()))
        .findFirst().orElseThrow();
    String lost = counted.getMetadata().getName();
    client.pods().inNamespace("checkout").withName(lost).edit(p -> {
      p.getSpec().setNodeName(LOST);
      return p;
    });
    List<String> names = client.pods().inNamespace("checkout").list().getItems().stream().map(p -> p.getMetadata().getName()).toList();

    client.pods().inNamespace("checkout").withName(lost).delete();

    // Marked and kept, and a new pod of the ReplicaSet on a ready node beside it.
    assertThat(client.pods().inNamespace("checkout").withName(lost).get().getMetadata().getDeletionTimestamp()).isNotNull();
    List<Pod> after = client.pods().inNamespace("checkout").list().getItems();
    assertThat(after).hasSize(names.size() + 1);
    assertThat(after).filteredOn(p -> !names.contains(p.getMetadata().getName())).singleElement().satisfies(p -> {
      assertThat(p.getMetadata().getName()).startsWith(rs.getMetadata().getName() + "-");
      assertThat(p.getSpec().getNodeName()).isNotEqualTo(LOST);
      assertThat(p.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(rs.getMetadata().getUid());
    });

    podOnLostNode("monitoring", "loki-0", "StatefulSet", "loki", "sts-uid-loki");
    client.pods().inNamespace("monitoring").withName("loki-0").delete();
    Pod waiting = client.pods().inNamespace("monitoring").withName("loki-0").get();
    assertThat(waiting.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(waiting.getSpec().getNodeName()).isEqualTo(LOST);

    client.pods().inNamespace("monitoring").withName("loki-0").withGracePeriod(0).delete();

    Pod recreated = client.pods().inNamespace("monitoring").withName("loki-0").get();
    assertThat(recreated.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(recreated.getSpec().getNodeName()).isNotEqualTo(LOST);
  }

  /**
   * On a Ready node the pod's kubelet confirms, on the cluster's own timer (no test hook here): a watcher sees the pod
   * MODIFIED (marked, Terminating) and then DELETED, within {@link PodDeletion#KUBELET_STOPS_IN} and some slack.
   */
  @Test
  void aPodOnAReadyNodeTerminatesAndItsKubeletRemovesItSoonAfter() throws Exception {
    Pod debug = client.pods().inNamespace("default").withName("netshoot-debug").get();
    assertThat(debug.getSpec().getNodeName()).isNotEqualTo(LOST);
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch deleted = new java.util.concurrent.CountDownLatch(1);

    // The namespace's pods: a one-name watch is the quiet one the demo keeps for exec's readiness wait.
    try (var ignored = client.pods().inNamespace("default").watch(new io.fabric8.kubernetes.client.Watcher<Pod>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        if (!pod.getMetadata().getName().equals("netshoot-debug")) {
          return;
        }
        events.add(action + (pod.getMetadata().getDeletionTimestamp() == null ? "" : " terminating"));
        if (action == Action.DELETED) {
          deleted.countDown();
        }
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
    })) {
      client.pods().inNamespace("default").withName("netshoot-debug").delete();

      assertThat(client.pods().inNamespace("default").withName("netshoot-debug").get().getMetadata().getDeletionTimestamp())
          .as("marked first").isEqualTo(NOW.plusSeconds(30).toString());
      assertThat(deleted.await(PodDeletion.KUBELET_STOPS_IN.toSeconds() + 8, java.util.concurrent.TimeUnit.SECONDS))
          .as("its kubelet's confirmation, events: %s", events).isTrue();
    }
    assertThat(events).containsSubsequence("MODIFIED terminating", "DELETED terminating");
    assertThat(client.pods().inNamespace("default").withName("netshoot-debug").get()).isNull();
  }

  /** {@code kubectl delete pods -l} through a client that sends one DELETE to the collection: the same as one by one. */
  @Test
  void aLabelSelectedDeleteLeavesThePodOnTheLostNodeTerminatingToo() {
    Pod proxy = onLostNode().stream().filter(p -> p.getMetadata().getName().startsWith("kube-proxy-")).findFirst().orElseThrow();

    client.pods().inNamespace("kube-system").withLabel("k8s-app", "kube-proxy").delete();

    Pod marked = client.pods().inNamespace("kube-system").withName(proxy.getMetadata().getName()).get();
    assertThat(marked).as("no kubelet confirms on the lost node").isNotNull();
    assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(onLostNode()).filteredOn(p -> p.getMetadata().getName().startsWith("kube-proxy-")).singleElement()
        .as("its DaemonSet waits for it").satisfies(p -> assertThat(p.getMetadata().getName()).isEqualTo(proxy.getMetadata().getName()));
  }
}
