package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The classic "delete a pod, watch it come back": a pod a ReplicaSet, StatefulSet or DaemonSet controls, deleted on a
 * Ready node (the console's Delete and {@code kubectl delete pod}, a DELETE on the pod) or with others by a label
 * selector ({@code kubectl delete pods -l ...}, a DELETE on the collection), is replaced by its controller: a ReplicaSet's
 * under a new name, a StatefulSet's under the same name (its ordinal), a DaemonSet's on the same node; the owners' status
 * counts say so. Before, only evictions, pods on lost nodes and a DaemonSet's single deleted pod were replaced.
 *
 * <p>The deletion is graceful, as on a cluster: the pod is marked (Terminating) and goes once its kubelet confirms
 * ({@link #kubelets}, on demand here). A ReplicaSet's replacement starts beside the terminating pod; a StatefulSet's and a
 * DaemonSet's only once it is gone.
 */
class DemoDeletedPodsTest extends OnItsOwnDemoCluster {
  private static final String NS = "payments";
  private static final String APP = "payments-api";
  private static final String STS_NS = "platform";

  private List<Pod> pods(String namespace, String key, String value) {
    return client.pods().inNamespace(namespace).withLabel(key, value).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  /** The pod {@code name} as stored now, terminating or not; null when gone. */
  private Pod stored(String namespace, String name) {
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  private static void assertTerminating(Pod pod, long grace) {
    assertThat(pod).as("still there until its kubelet confirms").isNotNull();
    assertThat(pod.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(pod.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(grace);
  }

  private List<Pod> paymentsPods() {
    return pods(NS, "app.kubernetes.io/name", APP);
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private Set<String> readyNodes() {
    return client.nodes().list().getItems().stream()
        .filter(n -> n.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
        .map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
  }

  private static Set<String> names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
  }

  private void createCache() {
    client.apps().statefulSets().inNamespace(STS_NS).resource(new StatefulSetBuilder()
        .withNewMetadata().withName("cache").withNamespace(STS_NS).endMetadata()
        .withNewSpec().withReplicas(3).withServiceName("cache").withNewSelector().withMatchLabels(Map.of("app", "cache")).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "cache")).endMetadata()
        .withNewSpec().addNewContainer().withName("cache").withImage("valkey/valkey:8.0.1").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
  }

  @Test
  void aDeploymentsPodDeletedOnAReadyNodeComesBackUnderANewName() {
    List<Pod> before = paymentsPods();
    assertThat(before).hasSize(3);
    Pod gone = before.stream().filter(p -> readyNodes().contains(p.getSpec().getNodeName())).findFirst().orElseThrow();
    String owner = gone.getMetadata().getOwnerReferences().getFirst().getUid();

    client.pods().inNamespace(NS).withName(gone.getMetadata().getName()).delete();

    // Marked, and already replaced: a terminating pod no longer counts for its ReplicaSet.
    assertTerminating(stored(NS, gone.getMetadata().getName()), 30);
    List<Pod> after = paymentsPods();
    assertThat(after).hasSize(3).allSatisfy(p -> {
      assertThat(ready(p)).isTrue();
      assertThat(p.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(owner);
    });
    Set<String> added = names(after);
    added.removeAll(names(before));
    assertThat(added).singleElement().satisfies(n -> assertThat(n).startsWith(gone.getMetadata().getOwnerReferences().getFirst().getName() + "-"));
    assertThat(names(after)).doesNotContain(gone.getMetadata().getName());
    var rs = client.apps().replicaSets().inNamespace(NS).withName(gone.getMetadata().getOwnerReferences().getFirst().getName()).get().getStatus();
    assertThat(rs.getReplicas()).isEqualTo(3);
    assertThat(rs.getReadyReplicas()).isEqualTo(3);
    var d = client.apps().deployments().inNamespace(NS).withName(APP).get().getStatus();
    assertThat(d.getReplicas()).isEqualTo(3);
    assertThat(d.getReadyReplicas()).isEqualTo(3);
    assertThat(d.getAvailableReplicas()).isEqualTo(3);

    assertThat(kubelets.confirmAll()).isEqualTo(1);

    assertThat(stored(NS, gone.getMetadata().getName())).as("gone once its kubelet confirmed").isNull();
    assertThat(names(paymentsPods())).isEqualTo(names(after));
  }

  @Test
  void deletingTheReplacementTooBringsAThirdName() {
    Pod first = paymentsPods().stream().filter(p -> readyNodes().contains(p.getSpec().getNodeName())).findFirst().orElseThrow();
    Set<String> seen = names(paymentsPods());
    client.pods().inNamespace(NS).withName(first.getMetadata().getName()).delete();
    Set<String> second = names(paymentsPods());
    second.removeAll(seen);
    seen.addAll(second);

    client.pods().inNamespace(NS).withName(second.iterator().next()).delete();

    Set<String> third = names(paymentsPods());
    third.removeAll(seen);
    assertThat(third).as("a name none of its pods had").hasSize(1);
    assertThat(paymentsPods()).hasSize(3);
  }

  @Test
  void aReplicaSetOfItsOwnFillsAgain() {
    client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder()
        .withNewMetadata().withName("ledger-worker").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "ledger-worker")).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "ledger-worker")).endMetadata()
        .withNewSpec().addNewContainer().withName("worker").withImage("example/ledger-worker:1.0.0").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
    List<Pod> before = pods(NS, "app", "ledger-worker");
    assertThat(before).hasSize(2);

    client.pods().inNamespace(NS).withName(before.getFirst().getMetadata().getName()).delete();

    List<Pod> after = pods(NS, "app", "ledger-worker");
    assertThat(after).hasSize(2).allSatisfy(p -> assertThat(ready(p)).isTrue());
    assertThat(names(after)).doesNotContain(before.getFirst().getMetadata().getName()).contains(before.getLast().getMetadata().getName());
    ReplicaSet rs = client.apps().replicaSets().inNamespace(NS).withName("ledger-worker").get();
    assertThat(rs.getStatus().getReplicas()).isEqualTo(2);
    assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(2);
  }

  @Test
  void aStatefulSetsPodComesBackUnderItsOwnName() {
    createCache();
    Pod gone = client.pods().inNamespace(STS_NS).withName("cache-1").get();

    client.pods().inNamespace(STS_NS).withName("cache-1").delete();

    // The set waits for the name: nothing new while the old pod terminates.
    Pod terminating = stored(STS_NS, "cache-1");
    assertTerminating(terminating, 30);
    assertThat(terminating.getMetadata().getUid()).isEqualTo(gone.getMetadata().getUid());
    assertThat(client.apps().statefulSets().inNamespace(STS_NS).withName("cache").get().getStatus().getReadyReplicas()).isEqualTo(2);

    kubelets.confirmAll();

    Pod back = client.pods().inNamespace(STS_NS).withName("cache-1").get();
    assertThat(back).isNotNull();
    assertThat(back.getMetadata().getUid()).as("a new pod, not the old one").isNotEqualTo(gone.getMetadata().getUid());
    assertThat(back.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "cache-1");
    assertThat(ready(back)).isTrue();
    assertThat(names(pods(STS_NS, "app", "cache"))).containsExactlyInAnyOrder("cache-0", "cache-1", "cache-2");
    assertThat(eventsOf(STS_NS, "StatefulSet", "cache")).as("once at its creation, once for the replacement")
        .filteredOn(e -> e.equals("SuccessfulCreate: create Pod cache-1 in StatefulSet cache successful")).hasSize(2);
    var status = client.apps().statefulSets().inNamespace(STS_NS).withName("cache").get().getStatus();
    assertThat(status.getReplicas()).isEqualTo(3);
    assertThat(status.getReadyReplicas()).isEqualTo(3);
    assertThat(status.getCurrentReplicas()).isEqualTo(3);
  }

  @Test
  void aLabelSelectedDeleteOfADeploymentsPodsBringsNewOnes() {
    Set<String> before = names(paymentsPods());

    client.pods().inNamespace(NS).withLabel("app.kubernetes.io/name", APP).delete();

    before.forEach(name -> assertTerminating(stored(NS, name), 30));
    List<Pod> after = paymentsPods();
    assertThat(after).hasSize(3).allSatisfy(p -> assertThat(ready(p)).isTrue());
    assertThat(names(after)).doesNotContainAnyElementsOf(before);
    kubelets.confirmAll();
    before.forEach(name -> assertThat(stored(NS, name)).isNull());
    assertThat(client.apps().deployments().inNamespace(NS).withName(APP).get().getStatus().getReadyReplicas()).isEqualTo(3);
  }

  @Test
  void aLabelSelectedDeleteOfAStatefulSetsPodsBringsThemBackByName() {
    createCache();
    Set<String> uids = pods(STS_NS, "app", "cache").stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());

    client.pods().inNamespace(STS_NS).withLabel("app", "cache").delete();

    assertThat(pods(STS_NS, "app", "cache")).as("all three terminating").isEmpty();
    kubelets.confirmAll();

    List<Pod> after = pods(STS_NS, "app", "cache");
    assertThat(names(after)).containsExactlyInAnyOrder("cache-0", "cache-1", "cache-2");
    assertThat(after).allSatisfy(p -> {
      assertThat(uids).doesNotContain(p.getMetadata().getUid());
      assertThat(ready(p)).isTrue();
    });
    assertThat(client.apps().statefulSets().inNamespace(STS_NS).withName("cache").get().getStatus().getReadyReplicas()).isEqualTo(3);
  }

  @Test
  void aLabelSelectedDeleteOfADaemonSetsPodsPutsOneBackOnEveryNode() {
    List<Pod> before = pods("kube-system", "k8s-app", "kube-proxy");
    Set<String> ready = readyNodes();
    Set<String> onReady = before.stream().filter(p -> ready.contains(p.getSpec().getNodeName())).map(p -> p.getMetadata().getName())
        .collect(Collectors.toSet());

    client.pods().inNamespace("kube-system").withLabel("k8s-app", "kube-proxy").delete();

    assertThat(pods("kube-system", "k8s-app", "kube-proxy")).as("all terminating; the controller waits for each").isEmpty();
    kubelets.confirmAll();

    List<Pod> after = pods("kube-system", "k8s-app", "kube-proxy");
    assertThat(after.stream().filter(p -> ready.contains(p.getSpec().getNodeName())).map(p -> p.getSpec().getNodeName()))
        .containsExactlyInAnyOrderElementsOf(ready);
    assertThat(names(after)).doesNotContainAnyElementsOf(onReady);
    assertThat(client.apps().daemonSets().inNamespace("kube-system").withName("kube-proxy").get().getStatus().getNumberReady())
        .isEqualTo(ready.size());
    // As a single DELETE there: no kubelet on the NotReady node confirms, so its pod stays terminating and is not replaced.
    assertThat(before).filteredOn(p -> !ready.contains(p.getSpec().getNodeName())).isNotEmpty()
        .allSatisfy(p -> assertTerminating(stored("kube-system", p.getMetadata().getName()), 30));
  }
  @Test
  void aWatchFromAListSeesTheDeletionAfterThatListThenTheReplacement() throws Exception {
    String node = readyNodes().iterator().next();
    Pod gone = pods("kube-system", "k8s-app", "kube-proxy").stream().filter(p -> node.equals(p.getSpec().getNodeName())).findFirst().orElseThrow();
    var proxies = client.pods().inNamespace("kube-system").withLabel("k8s-app", "kube-proxy");
    long listed = Long.parseLong(proxies.list().getMetadata().getResourceVersion());
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch replaced = new java.util.concurrent.CountDownLatch(1);

    try (var ignored = proxies.watch(new io.fabric8.kubernetes.client.Watcher<Pod>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        events.add(action + " " + pod.getMetadata().getName() + " " + pod.getMetadata().getResourceVersion());
        if (action == Action.ADDED && node.equals(pod.getSpec().getNodeName()) && !pod.getMetadata().getName().equals(gone.getMetadata().getName())
            && Long.parseLong(pod.getMetadata().getResourceVersion()) > listed) {
          replaced.countDown();
        }
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
    })) {
      client.pods().inNamespace("kube-system").withName(gone.getMetadata().getName()).delete();
      kubelets.confirmAll();
      assertThat(replaced.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the replacement's ADDED, events: %s", events).isTrue();
    }

    // A watcher that skips what its list showed (the console's stream) must still see the deletion: after the list, as an
    // apiserver's DELETED carries the revision of the deletion, and before the replacement that followed it.
    List<String> deleted = events.stream().filter(e -> e.startsWith("DELETED " + gone.getMetadata().getName() + " ")).toList();
    assertThat(deleted).as("events: %s", events).singleElement()
        .satisfies(e -> assertThat(Long.parseLong(e.substring(e.lastIndexOf(' ') + 1))).isGreaterThan(listed));
    int replacement = java.util.stream.IntStream.range(0, events.size())
        .filter(i -> events.get(i).startsWith("ADDED ") && !events.get(i).contains(gone.getMetadata().getName())
            && Long.parseLong(events.get(i).substring(events.get(i).lastIndexOf(' ') + 1)) > listed).findFirst().orElseThrow();
    assertThat(events.indexOf(deleted.getFirst())).isLessThan(replacement);
    // Marked first (Terminating), as an apiserver tells its watchers: MODIFIED, then DELETED.
    int marked = events.indexOf(events.stream().filter(e -> e.startsWith("MODIFIED " + gone.getMetadata().getName() + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no MODIFIED for the marked pod: " + events)));
    assertThat(marked).isLessThan(events.indexOf(deleted.getFirst()));
  }

  /**
   * The console lists, then opens its watch from that list's version. A deletion in between must still reach it: an
   * apiserver replays what came after the version; the CRUD mock starts a watch with ADDED for what is stored now, which
   * leaves the deletion out, and the deleted pod stayed in the console beside its replacement.
   */
  @Test
  void aWatchOpenedAfterADeletionFromAnOlderListIsToldOfIt() throws Exception {
    var payments = client.pods().inNamespace(NS).withLabel("app.kubernetes.io/name", APP);
    long listed = Long.parseLong(payments.list().getMetadata().getResourceVersion());
    Pod gone = paymentsPods().getFirst();
    client.pods().inNamespace(NS).withName(gone.getMetadata().getName()).delete();
    kubelets.confirmAll();
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch deleted = new java.util.concurrent.CountDownLatch(1);

    try (var ignored = payments.withResourceVersion(Long.toString(listed)).watch(new io.fabric8.kubernetes.client.Watcher<Pod>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        events.add(action + " " + pod.getMetadata().getName() + " " + pod.getMetadata().getResourceVersion());
        if (action == Action.DELETED && pod.getMetadata().getName().equals(gone.getMetadata().getName())) {
          deleted.countDown();
        }
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
    })) {
      assertThat(deleted.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the deletion's DELETED, events: %s", events).isTrue();
    }
    assertThat(events.stream().filter(e -> e.startsWith("DELETED " + gone.getMetadata().getName() + " ")))
        .singleElement().satisfies(e -> assertThat(Long.parseLong(e.substring(e.lastIndexOf(' ') + 1))).isGreaterThan(listed));
  }

  /** A watch from a version after the deletion, or from none, is not told of it again. */
  @Test
  void aWatchFromAfterTheDeletionIsNotToldOfItAgain() throws Exception {
    var payments = client.pods().inNamespace(NS).withLabel("app.kubernetes.io/name", APP);
    Pod gone = paymentsPods().getFirst();
    client.pods().inNamespace(NS).withName(gone.getMetadata().getName()).delete();
    kubelets.confirmAll();
    String after = payments.list().getMetadata().getResourceVersion();
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

    try (var ignored = payments.withResourceVersion(after).watch(new io.fabric8.kubernetes.client.Watcher<Pod>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        events.add(action + " " + pod.getMetadata().getName());
        started.countDown();
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
    })) {
      // The mock starts every watch with an ADDED per stored pod; once those came, a replayed DELETED would have too.
      assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> events.stream().filter(e -> e.startsWith("ADDED ")).count() >= paymentsPods().size());
    }
    assertThat(events).noneMatch(e -> e.startsWith("DELETED "));
  }

  /** The events about {@code kind/name}, as "Reason: message", oldest first. */
  private List<String> eventsOf(String namespace, String kind, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getKind().equals(kind) && e.getInvolvedObject().getName().equals(name))
        .sorted(java.util.Comparator.comparing(e -> e.getMetadata().getName()))
        .map(e -> e.getReason() + ": " + e.getMessage()).toList();
  }

  private List<Pod> ledgerPods() {
    return pods(NS, "app.kubernetes.io/name", "ledger-worker");
  }

  /** The one pod of {@code after} that {@code before} did not have. */
  private static Pod added(List<Pod> before, List<Pod> after) {
    Set<String> old = names(before);
    List<Pod> added = after.stream().filter(p -> !old.contains(p.getMetadata().getName())).toList();
    assertThat(added).as("pods added").hasSize(1);
    return added.getFirst();
  }

  @Test
  void aCrashLoopingPodsReplacementRunsThenCrashLoopsAfterItsFirstRestartWhileAHealthyPodsIsReady() {
    List<Pod> before = ledgerPods();
    assertThat(before).hasSize(2);
    Pod crashing = before.stream().filter(p -> !ready(p)).findFirst().orElseThrow();
    Pod healthy = before.stream().filter(DemoDeletedPodsTest::ready).findFirst().orElseThrow();
    Instant deleted = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    client.pods().inNamespace(NS).withName(crashing.getMetadata().getName()).delete();

    List<Pod> afterCrashing = ledgerPods();
    Pod replacement = added(before, afterCrashing);
    assertThat(afterCrashing).hasSize(2);
    assertThat(ready(replacement)).as("the cause is in what it runs: it fails again").isFalse();
    // A new pod's container has not crashed yet: it runs, not ready, on its first run.
    var container = replacement.getStatus().getContainerStatuses().getFirst();
    assertThat(container.getState().getRunning()).isNotNull();
    assertThat(container.getState().getRunning().getStartedAt()).isEqualTo(replacement.getStatus().getStartTime());
    assertThat(container.getReady()).isFalse();
    assertThat(container.getRestartCount()).isZero();
    assertThat(container.getLastState() == null || container.getLastState().getTerminated() == null).as("no earlier run").isTrue();
    assertThat(kubelets.delays()).contains(SeededTrouble.FIRST_CRASH_AFTER);
    assertThat(Instant.parse(replacement.getStatus().getStartTime())).isAfterOrEqualTo(deleted);
    assertThat(readyNodes()).contains(replacement.getSpec().getNodeName());
    String rs = crashing.getMetadata().getOwnerReferences().getFirst().getName();
    assertThat(client.apps().replicaSets().inNamespace(NS).withName(rs).get().getStatus().getReadyReplicas()).isEqualTo(1);

    // As on a cluster: the ReplicaSet's word, the scheduler's and the kubelet's for the new pod.
    assertThat(eventsOf(NS, "ReplicaSet", crashing.getMetadata().getOwnerReferences().getFirst().getName()))
        .contains("SuccessfulCreate: Created pod: " + replacement.getMetadata().getName());
    assertThat(eventsOf(NS, "Pod", replacement.getMetadata().getName())).containsExactly(
        "Scheduled: Successfully assigned " + NS + "/" + replacement.getMetadata().getName() + " to " + replacement.getSpec().getNodeName(),
        "Pulled: Container image \"" + container.getImage() + "\" already present on machine",
        "Created: Created container: " + container.getName(),
        "Started: Started container " + container.getName());

    kubelets.confirmAll();

    // Its first crash: an Error, one restart, and the kubelet's back-off (kubectl: CrashLoopBackOff, RESTARTS 1).
    var crashed = stored(NS, replacement.getMetadata().getName()).getStatus().getContainerStatuses().getFirst();
    assertThat(crashed.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(crashed.getState().getWaiting().getMessage()).startsWith("back-off 10s restarting failed container=" + crashed.getName());
    assertThat(crashed.getRestartCount()).isEqualTo(1);
    assertThat(crashed.getLastState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(crashed.getLastState().getTerminated().getStartedAt()).isEqualTo(container.getState().getRunning().getStartedAt());
    assertThat(eventsOf(NS, "Pod", replacement.getMetadata().getName())).last().asString()
        .startsWith("BackOff: Back-off restarting failed container " + crashed.getName() + " in pod " + replacement.getMetadata().getName() + "_");

    client.pods().inNamespace(NS).withName(healthy.getMetadata().getName()).delete();

    List<Pod> afterHealthy = ledgerPods();
    assertThat(ready(added(afterCrashing, afterHealthy))).as("the seed's one crash-looping pod is there already").isTrue();
    assertThat(afterHealthy).hasSize(2).filteredOn(p -> !ready(p)).singleElement()
        .satisfies(p -> assertThat(p.getMetadata().getName()).isEqualTo(replacement.getMetadata().getName()));
  }

  @Test
  void imagePullingAndUnschedulablePodsComeBackFailingAlikeAndAScaleBackUpBringsTheCrashLoopBack() {
    client.pods().inNamespace("checkout").withLabel("app.kubernetes.io/name", "recommendations").delete();

    assertThat(pods("checkout", "app.kubernetes.io/name", "recommendations")).singleElement().satisfies(p -> {
      assertThat(ready(p)).isFalse();
      assertThat(p.getStatus().getContainerStatuses().getFirst().getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff");
      assertThat(eventsOf("checkout", "Pod", p.getMetadata().getName()).stream().map(e -> e.substring(0, e.indexOf(':'))))
          .containsExactly("Scheduled", "Pulling", "Failed", "BackOff");
    });

    List<Pod> carts = pods("checkout", "app.kubernetes.io/name", "cart-service");
    Pod pending = carts.stream().filter(p -> p.getSpec().getNodeName() == null).findFirst().orElseThrow();
    client.pods().inNamespace("checkout").withName(pending.getMetadata().getName()).delete();

    Pod again = added(carts, pods("checkout", "app.kubernetes.io/name", "cart-service"));
    assertThat(again.getSpec().getNodeName()).as("no node takes it now either").isNull();
    assertThat(eventsOf("checkout", "Pod", again.getMetadata().getName())).singleElement().asString().startsWith("FailedScheduling: 0/");
    assertThat(again.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(again.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Unschedulable"));

    // The scale subresource's path: scaled down, the controller drops the crash-looping pod first; back up, it crash-loops again.
    List<Pod> two = ledgerPods();
    client.apps().deployments().inNamespace(NS).withName("ledger-worker").scale(1);
    assertThat(ledgerPods()).singleElement().satisfies(p -> assertThat(ready(p)).isTrue());
    Pod dropped = two.stream().filter(p -> !ready(p)).findFirst().orElseThrow();
    assertThat(eventsOf(NS, "ReplicaSet", dropped.getMetadata().getOwnerReferences().getFirst().getName()))
        .contains("SuccessfulDelete: Deleted pod: " + dropped.getMetadata().getName());
    client.apps().deployments().inNamespace(NS).withName("ledger-worker").scale(2);
    assertThat(ledgerPods()).hasSize(2).filteredOn(p -> !ready(p)).hasSize(1);
  }
}
