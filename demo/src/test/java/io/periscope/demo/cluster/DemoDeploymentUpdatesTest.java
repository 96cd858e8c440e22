package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A change of a Deployment's pod template other than a rollback ({@code kubectl set image}, an edit in the YAML tab, a
 * patch or an apply) rolls out as the Deployment controller rolls it: a new ReplicaSet named with the template's hash
 * becomes the next revision, takes the replicas in steps within maxSurge and maxUnavailable (or after the old pods went,
 * with Recreate), and the status follows. Before, the template was stored and nothing rolled.
 */
class DemoDeploymentUpdatesTest extends OnItsOwnDemoCluster {
  private static final String NS = "payments";
  private static final String APP = "payments-api";

  private List<ReplicaSet> replicaSets() {
    return client.apps().replicaSets().inNamespace(NS).withLabel("app.kubernetes.io/name", APP).list().getItems().stream()
        .sorted(Comparator.comparingInt(rs -> Integer.parseInt(rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")))).toList();
  }

  private List<Pod> pods() {
    return client.pods().inNamespace(NS).withLabel("app.kubernetes.io/name", APP).list().getItems();
  }

  private Deployment deployment() {
    return client.apps().deployments().inNamespace(NS).withName(APP).get();
  }

  /** What {@code kubectl set image} sends, with {@code strategy} (JSON, or null) beside it. */
  private void setImage(String image, String strategy) {
    client.apps().deployments().inNamespace(NS).withName(APP).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"spec\":{" + (strategy == null ? "" : "\"strategy\":" + strategy + ",")
            + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"" + APP + "\",\"image\":\"" + image + "\"}]}}}}");
  }

  private static DeploymentCondition condition(Deployment d, String type) {
    return d.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void aNewImageRollsOutANewReplicaSetAsTheNextRevision() {
    String image = "example/payments-api:2.15.0";
    List<ReplicaSet> before = replicaSets();
    assertThat(before).hasSize(3);

    setImage(image, null);

    List<ReplicaSet> after = replicaSets();
    assertThat(after).hasSize(4);
    ReplicaSet fresh = after.getLast();
    String hash = fresh.getMetadata().getLabels().get("pod-template-hash");
    assertThat(fresh.getMetadata().getName()).isEqualTo(APP + "-" + hash).isNotIn(before.stream().map(rs -> rs.getMetadata().getName()).toList());
    assertThat(fresh.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "4")
        .as("the Deployment's change cause, copied as the controller copies it").containsEntry("kubernetes.io/change-cause", "deploy-bot: release 2.14.1");
    assertThat(fresh.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash);
    assertThat(fresh.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo(image);
    assertThat(fresh.getSpec().getReplicas()).isEqualTo(3);
    assertThat(fresh.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(after.subList(0, 3)).allSatisfy(rs -> {
      assertThat(rs.getSpec().getReplicas()).isZero();
      assertThat(rs.getStatus().getReplicas()).isZero();
    });
    assertThat(pods()).hasSize(3).allSatisfy(p -> {
      assertThat(p.getMetadata().getName()).startsWith(fresh.getMetadata().getName() + "-");
      assertThat(p.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(fresh.getMetadata().getUid());
      assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
      assertThat(p.getStatus().getContainerStatuses().getFirst().getImage()).isEqualTo(image);
      assertThat(p.getStatus().getPhase()).isEqualTo("Running");
    });
    Deployment d = deployment();
    assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "4");
    assertThat(d.getStatus().getReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
    assertThat(condition(d, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
    assertThat(condition(d, "Progressing").getMessage()).isEqualTo("ReplicaSet \"" + fresh.getMetadata().getName() + "\" has successfully progressed.");
    assertThat(condition(d, "Available").getStatus()).isEqualTo("True");
  }

  @Test
  void anApplyOfTheWholeObjectWithTheSameTemplateOnlyScales() {
    // What the YAML tab applies after a change of replicas: the whole object as read, its template untouched.
    List<String> before = pods().stream().map(p -> p.getMetadata().getName()).toList();
    Deployment live = deployment();
    live.getMetadata().setManagedFields(null);
    live.getMetadata().setResourceVersion(null);
    live.setStatus(null);
    live.getSpec().setReplicas(4);

    client.apps().deployments().inNamespace(NS).resource(live).fieldManager("periscope").forceConflicts().serverSideApply();

    assertThat(replicaSets()).as("no new revision").hasSize(3).last().satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isEqualTo(4));
    assertThat(pods()).hasSize(4).extracting(p -> p.getMetadata().getName()).containsAll(before);
    assertThat(deployment().getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
  }

  @Test
  void aPausedDeploymentsNewImageWaitsForTheResume() {
    var deployments = client.apps().deployments().inNamespace(NS).withName(APP);
    List<String> before = pods().stream().map(p -> p.getMetadata().getName()).toList();
    // What kubectl rollout pause and resume send (and the console's Pause rollout / Resume rollout).
    deployments.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":true}}");

    setImage("example/payments-api:2.15.0", null);

    assertThat(replicaSets()).as("no new revision while paused").hasSize(3);
    assertThat(pods()).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(condition(deployment(), "Progressing").getReason()).isEqualTo("DeploymentPaused");

    deployments.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":null}}");

    assertThat(replicaSets()).hasSize(4).last().satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isEqualTo(3));
    assertThat(pods()).hasSize(3).allSatisfy(p -> assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo("example/payments-api:2.15.0"));
    assertThat(condition(deployment(), "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
  }

  @Test
  void goingBackToAnEarlierTemplateReusesItsReplicaSetUnderTheNextNumber() {
    String current = replicaSets().getLast().getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
    setImage("example/payments-api:2.15.0", null);
    ReplicaSet third = replicaSets().get(2);

    setImage(current, null);

    List<ReplicaSet> after = replicaSets();
    assertThat(after).as("no fifth ReplicaSet: kubectl rollout undo relies on the old one coming back").hasSize(4);
    assertThat(after.getLast().getMetadata().getName()).isEqualTo(third.getMetadata().getName());
    assertThat(after.getLast().getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "5");
    assertThat(after.getLast().getSpec().getReplicas()).isEqualTo(3);
    assertThat(after).extracting(rs -> rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")).containsExactly("1", "2", "4", "5");
    assertThat(pods()).hasSize(3).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences().getFirst().getUid())
        .isEqualTo(third.getMetadata().getUid()));
  }

  /** The pods and Ready ones after each pod event during {@code change}, until {@code replaced} pods were ({@link PodWatchReplay}). */
  private List<int[]> podsAndReadyDuring(Runnable change, int replaced) throws InterruptedException {
    return PodWatchReplay.podsAndReadyDuring(client.pods().inNamespace(NS).withLabel("app.kubernetes.io/name", APP), change, replaced);
  }

  @Test
  void aRollingUpdateStaysWithinMaxSurgeAndMaxUnavailable() throws Exception {
    List<int[]> steps = podsAndReadyDuring(() -> setImage("example/payments-api:2.15.0",
        "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":0}}"), 3);

    assertThat(steps).as("pods, ready after each event").isNotEmpty()
        .allSatisfy(s -> assertThat(s[0]).as("at most replicas + maxSurge pods").isLessThanOrEqualTo(4))
        .allSatisfy(s -> assertThat(s[1]).as("at least replicas - maxUnavailable Ready").isGreaterThanOrEqualTo(3))
        .as("the surge is used").anySatisfy(s -> assertThat(s[0]).isEqualTo(4));
    assertThat(steps.getLast()).containsExactly(3, 3);
    assertThat(pods()).allSatisfy(p -> assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo("example/payments-api:2.15.0"));
  }

  @Test
  void recreateTakesTheOldPodsDownBeforeTheNewStart() throws Exception {
    List<int[]> steps = podsAndReadyDuring(() -> setImage("example/payments-api:2.15.0", "{\"type\":\"Recreate\"}"), 3);

    assertThat(steps).extracting(s -> s[0]).endsWith(2, 1, 0, 1, 2, 3).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
    assertThat(replicaSets().getLast().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void aNewReplicaSetWhosePodsNoNodeTakesStallsTheRolloutWithTheOldPodsServing() {
    for (var node : client.nodes().list().getItems()) {
      client.nodes().withName(node.getMetadata().getName()).edit(n -> {
        n.getSpec().setUnschedulable(true);
        return n;
      });
    }

    setImage("example/payments-api:2.15.0", null);

    List<ReplicaSet> rs = replicaSets();
    assertThat(rs.getLast().getSpec().getReplicas()).as("one surge pod, pending").isEqualTo(1);
    assertThat(rs.get(2).getSpec().getReplicas()).as("maxUnavailable 25% of 3 is none: the old pods stay").isEqualTo(3);
    assertThat(pods()).filteredOn(p -> "Pending".equals(p.getStatus().getPhase())).singleElement()
        .satisfies(p -> assertThat(p.getMetadata().getOwnerReferences().getFirst().getName()).isEqualTo(rs.getLast().getMetadata().getName()));
    Deployment d = deployment();
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(1);
    assertThat(d.getStatus().getReplicas()).isEqualTo(4);
    assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(condition(d, "Progressing").getReason()).isEqualTo("ReplicaSetUpdated");
  }

  private void cordonAll() {
    for (var node : client.nodes().list().getItems()) {
      client.nodes().withName(node.getMetadata().getName()).edit(n -> {
        n.getSpec().setUnschedulable(true);
        return n;
      });
    }
  }

  @Test
  void aDeploymentIsAvailableWithAllButMaxUnavailableOfItsReplicas() {
    cordonAll();

    // Four wanted, the fourth pending on no node: 3 available >= 4 - 25% of 4 (rounded down: 1).
    client.apps().deployments().inNamespace(NS).withName(APP).scale(4);

    Deployment d = deployment();
    assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getUnavailableReplicas()).isEqualTo(1);
    assertThat(condition(d, "Available").getStatus()).isEqualTo("True");
    assertThat(condition(d, "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
  }

  @Test
  void withRecreateADeploymentIsAvailableOnlyWithAllItsReplicas() {
    client.apps().deployments().inNamespace(NS).withName(APP).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"strategy\":{\"type\":\"Recreate\",\"rollingUpdate\":null}}}");
    cordonAll();

    client.apps().deployments().inNamespace(NS).withName(APP).scale(4);

    Deployment d = deployment();
    assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(condition(d, "Available").getStatus()).isEqualTo("False");
    assertThat(condition(d, "Available").getReason()).isEqualTo("MinimumReplicasUnavailable");
    assertThat(condition(d, "Available").getLastTransitionTime()).as("it changed from True now").isNotNull();
  }
}
