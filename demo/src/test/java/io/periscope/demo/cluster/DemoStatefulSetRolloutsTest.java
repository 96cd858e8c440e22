package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A StatefulSet keeps its templates as ControllerRevisions, and a change of template (an update, or
 * {@code kubectl rollout undo}'s patch back to an earlier revision) rolls its pods as the StatefulSet controller's
 * RollingUpdate does: one at a time from the highest ordinal down, each keeping its name, the revision numbers and the
 * set's current and update revisions following; an OrderedReady set with a pod that is not Ready waits instead;
 * {@code maxUnavailable} above 1 replaces that many at a time.
 */
class DemoStatefulSetRolloutsTest extends OnItsOwnDemoCluster {
  private static final String NS = "platform";

  private List<ControllerRevision> revisions(String app) {
    return client.apps().controllerRevisions().inNamespace(NS).withLabel("app", app).list().getItems().stream()
        .sorted(Comparator.comparing(ControllerRevision::getRevision)).toList();
  }

  private List<Pod> pods(String app) {
    return client.pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
        .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
  }

  private void createCache() {
    client.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder()
        .withNewMetadata().withName("cache").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(3).withServiceName("cache").withNewSelector().withMatchLabels(Map.of("app", "cache")).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "cache")).endMetadata()
        .withNewSpec().addNewContainer().withName("cache").withImage("valkey/valkey:8.0.1").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
  }

  private void setImage(String image) {
    client.apps().statefulSets().inNamespace(NS).withName("cache").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"cache\",\"image\":\"" + image + "\"}]}}}}");
  }

  @Test
  void anUpdateAndARollbackReplaceThePodsInReverseOrdinalOrder() throws Exception {
    createCache();
    setImage("valkey/valkey:8.0.2");
    List<ControllerRevision> before = revisions("cache");
    assertThat(before).extracting(ControllerRevision::getRevision).containsExactly(1L, 2L);
    String first = before.getFirst().getMetadata().getName();
    String second = before.getLast().getMetadata().getName();
    assertThat(pods("cache")).hasSize(3).allSatisfy(p -> {
      assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo("valkey/valkey:8.0.2");
      assertThat(p.getMetadata().getLabels()).containsEntry("controller-revision-hash", second);
    });

    List<String> deleted = new CopyOnWriteArrayList<>();
    CountDownLatch three = new CountDownLatch(3);
    try (Watch ignored = client.pods().inNamespace(NS).withLabel("app", "cache").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        if (action == Action.DELETED) {
          deleted.add(pod.getMetadata().getName());
          three.countDown();
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      // What the console's rollback and kubectl rollout undo send: the revision's own data, a strategic merge patch.
      client.apps().statefulSets().inNamespace(NS).withName("cache").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
          Serialization.asJson(before.getFirst().getData()));
      assertThat(three.await(10, TimeUnit.SECONDS)).as("three pods replaced, deleted so far: %s", deleted).isTrue();
    }

    assertThat(deleted).containsExactly("cache-2", "cache-1", "cache-0");
    assertThat(pods("cache")).extracting(p -> p.getMetadata().getName()).containsExactly("cache-0", "cache-1", "cache-2");
    assertThat(pods("cache")).allSatisfy(p -> {
      assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo("valkey/valkey:8.0.1");
      assertThat(p.getStatus().getContainerStatuses().getFirst().getImage()).isEqualTo("valkey/valkey:8.0.1");
      assertThat(p.getMetadata().getLabels()).containsEntry("controller-revision-hash", first);
    });
    assertThat(revisions("cache")).extracting(r -> r.getMetadata().getName() + "@" + r.getRevision())
        .as("the revision rolled back to is renumbered, not copied").containsExactly(second + "@2", first + "@3");
    StatefulSet set = client.apps().statefulSets().inNamespace(NS).withName("cache").get();
    assertThat(set.getStatus().getUpdateRevision()).isEqualTo(first);
    assertThat(set.getStatus().getCurrentRevision()).isEqualTo(first);
    assertThat(set.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(set.getStatus().getCurrentReplicas()).isEqualTo(3);
    assertThat(set.getStatus().getReadyReplicas()).isEqualTo(3);
  }

  @Test
  void maxUnavailableAboveOneReplacesThatManyAtATime() throws Exception {
    client.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder()
        .withNewMetadata().withName("cache").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(4).withServiceName("cache").withNewSelector().withMatchLabels(Map.of("app", "cache")).endSelector()
        .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withNewMaxUnavailable(2).endRollingUpdate().endUpdateStrategy()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "cache")).endMetadata()
        .withNewSpec().addNewContainer().withName("cache").withImage("valkey/valkey:8.0.1").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
    assertThat(pods("cache")).hasSize(4);

    List<String> events = new CopyOnWriteArrayList<>();
    CountDownLatch eight = new CountDownLatch(8);
    try (Watch ignored = client.pods().inNamespace(NS).withLabel("app", "cache").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        // The watch opens with the four pods there are (ADDED, Running on 8.0.1): only the rollout's events count.
        if (action == Action.DELETED || action == Action.ADDED && pod.getSpec().getContainers().getFirst().getImage().endsWith("8.0.2")) {
          events.add(action.name().charAt(0) + pod.getMetadata().getName().substring("cache-".length()));
          eight.countDown();
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      setImage("valkey/valkey:8.0.2");
      assertThat(eight.await(10, TimeUnit.SECONDS)).as("four pods replaced, events so far: %s", events).isTrue();
    }

    // Two at a time from the top, each pair back before the next goes: never fewer than 4 - 2 pods.
    assertThat(events).containsExactly("D3", "D2", "A2", "A3", "D1", "D0", "A0", "A1");
    assertThat(pods("cache")).hasSize(4).allSatisfy(p -> assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo("valkey/valkey:8.0.2"));
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("cache").get().getStatus().getUpdatedReplicas()).isEqualTo(4);
  }

  @Test
  void aSetWaitingOnAPodThatIsNotReadyKeepsItsPodsOnARollback() {
    var sets = client.apps().statefulSets().inNamespace("payments");
    var history = client.apps().controllerRevisions().inNamespace("payments").withLabel("app.kubernetes.io/name", "fraud-scorer").list()
        .getItems().stream().sorted(Comparator.comparing(ControllerRevision::getRevision)).toList();
    assertThat(history).extracting(ControllerRevision::getRevision).containsExactly(1L, 2L);
    String current = history.getLast().getMetadata().getName();
    Pod pending = client.pods().inNamespace("payments").withName("fraud-scorer-0").get();
    assertThat(pending.getMetadata().getLabels()).containsEntry("controller-revision-hash", current);
    assertThat(sets.withName("fraud-scorer").get().getStatus().getCurrentRevision()).isEqualTo(current);

    sets.withName("fraud-scorer").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), Serialization.asJson(history.getFirst().getData()));

    StatefulSet set = sets.withName("fraud-scorer").get();
    assertThat(set.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).endsWith(":0.9.2");
    assertThat(set.getStatus().getUpdateRevision()).isEqualTo(history.getFirst().getMetadata().getName());
    assertThat(set.getStatus().getCurrentRevision()).as("no pod runs the update revision yet").isEqualTo(current);
    assertThat(set.getStatus().getUpdatedReplicas()).isZero();
    Pod after = client.pods().inNamespace("payments").withName("fraud-scorer-0").get();
    assertThat(after.getMetadata().getUid()).as("OrderedReady waits for the pending pod instead of replacing it").isEqualTo(pending.getMetadata().getUid());
  }
}
