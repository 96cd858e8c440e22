package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A change of a DaemonSet's pod template ({@code kubectl set image}, a patch, the console's Restart) rolls as the
 * DaemonSet controller rolls it: the template becomes the next ControllerRevision (a new one named with its hash, or an
 * earlier one with the same template renumbered), and with RollingUpdate the pods are replaced node by node within
 * maxUnavailable (or maxSurge); OnDelete replaces none. Before, the template was stored and nothing rolled. On the
 * staging cluster, whose two nodes are both Ready.
 */
class DemoDaemonSetRolloutsTest extends OnItsOwnDemoCluster {
  private static final String NS = "kube-system";
  private static final String DS = "kube-proxy";
  private static final String IMAGE = "602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/kube-proxy:v1.32.3-minimal-eksbuild.7";

  @Override
  DemoEstate estate() {
    return DemoEstate.staging();
  }

  private List<ControllerRevision> revisions() {
    return client.apps().controllerRevisions().inNamespace(NS).withLabel("k8s-app", DS).list().getItems().stream()
        .sorted(Comparator.comparing(ControllerRevision::getRevision)).toList();
  }

  private List<Pod> pods() {
    return client.pods().inNamespace(NS).withLabel("k8s-app", DS).list().getItems();
  }

  private DaemonSet daemonSet() {
    return client.apps().daemonSets().inNamespace(NS).withName(DS).get();
  }

  /** What {@code kubectl set image} sends, with {@code strategy} (JSON, or null) beside it. */
  private void setImage(String image, String strategy) {
    client.apps().daemonSets().inNamespace(NS).withName(DS).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"spec\":{" + (strategy == null ? "" : "\"updateStrategy\":" + strategy + ",")
            + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"" + DS + "\",\"image\":\"" + image + "\"}]}}}}");
  }

  private static String imageOf(ControllerRevision r) throws Exception {
    return new ObjectMapper().readTree(Serialization.asJson(r.getData())).at("/spec/template/spec/containers/0/image").asText();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  @Test
  void aNewImageBecomesTheNextRevisionAndReplacesThePodsOnTheSameNodes() throws Exception {
    List<ControllerRevision> before = revisions();
    assertThat(before).extracting(ControllerRevision::getRevision).containsExactly(1L, 2L, 3L);
    List<Pod> old = pods();

    setImage(IMAGE, null);

    List<ControllerRevision> after = revisions();
    assertThat(after).hasSize(4);
    ControllerRevision fresh = after.getLast();
    String hash = fresh.getMetadata().getLabels().get("controller-revision-hash");
    assertThat(hash).isNotBlank();
    assertThat(fresh.getRevision()).isEqualTo(4L);
    assertThat(fresh.getMetadata().getName()).isEqualTo(DS + "-" + hash);
    assertThat(fresh.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(daemonSet().getMetadata().getUid());
    assertThat(fresh.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("DaemonSet");
    assertThat(imageOf(fresh)).isEqualTo(IMAGE);
    List<Pod> pods = pods();
    assertThat(pods).extracting(p -> p.getMetadata().getName()).doesNotContainAnyElementsOf(old.stream().map(p -> p.getMetadata().getName()).toList());
    assertThat(pods).extracting(p -> p.getSpec().getNodeName())
        .containsExactlyInAnyOrderElementsOf(old.stream().map(p -> p.getSpec().getNodeName()).toList());
    assertThat(pods).hasSize(2).allSatisfy(p -> {
      assertThat(p.getMetadata().getLabels()).containsEntry("controller-revision-hash", hash);
      assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo(IMAGE);
      assertThat(p.getStatus().getContainerStatuses().getFirst().getImage()).isEqualTo(IMAGE);
      assertThat(ready(p)).isTrue();
    });
    DaemonSet ds = daemonSet();
    assertThat(ds.getStatus().getUpdatedNumberScheduled()).isEqualTo(2);
    assertThat(ds.getStatus().getNumberReady()).isEqualTo(2);
    assertThat(ds.getStatus().getNumberAvailable()).isEqualTo(2);
    assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(2);
    assertThat(ds.getStatus().getObservedGeneration()).isEqualTo(ds.getMetadata().getGeneration());
  }

  @Test
  void goingBackToAnEarlierTemplateReusesItsRevisionUnderTheNextNumber() throws Exception {
    String current = daemonSet().getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
    String currentRevision = revisions().getLast().getMetadata().getName();
    setImage(IMAGE, null);

    setImage(current, null);

    List<ControllerRevision> after = revisions();
    assertThat(after).as("no fifth revision: the controller reuses the one with this template").hasSize(4);
    assertThat(after.getLast().getMetadata().getName()).isEqualTo(currentRevision);
    assertThat(after).extracting(ControllerRevision::getRevision).containsExactly(1L, 2L, 4L, 5L);
    String hash = after.getLast().getMetadata().getLabels().get("controller-revision-hash");
    assertThat(pods()).hasSize(2).allSatisfy(p -> {
      assertThat(p.getMetadata().getLabels()).containsEntry("controller-revision-hash", hash);
      assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo(current);
    });
  }

  @Test
  void theConsolesRestartRollsTheSameImagesUnderANewRevision() {
    List<String> old = pods().stream().map(p -> p.getMetadata().getName()).toList();
    // What the console's Restart (and kubectl rollout restart) sends.
    client.apps().daemonSets().inNamespace(NS).withName(DS).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"2026-12-07T19:00:00Z\"}}}}}");

    assertThat(revisions()).hasSize(4);
    assertThat(pods()).hasSize(2).allSatisfy(p -> {
      assertThat(p.getMetadata().getName()).isNotIn(old);
      assertThat(p.getMetadata().getAnnotations()).containsEntry("kubectl.kubernetes.io/restartedAt", "2026-12-07T19:00:00Z");
    });
    assertThat(daemonSet().getStatus().getUpdatedNumberScheduled()).isEqualTo(2);
  }

  @Test
  void onDeleteStoresTheRevisionAndReplacesNoPod() {
    List<String> old = pods().stream().map(p -> p.getMetadata().getName()).toList();

    setImage(IMAGE, "{\"type\":\"OnDelete\",\"rollingUpdate\":null}");

    assertThat(revisions()).hasSize(4);
    assertThat(pods()).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(old);
    assertThat(pods()).allSatisfy(p -> assertThat(p.getSpec().getContainers().getFirst().getImage()).isNotEqualTo(IMAGE));
    assertThat(daemonSet().getStatus().getUpdatedNumberScheduled()).isZero();
  }

  @Test
  void onDeleteBesideARollingUpdateBlockIsStoredAsKubeStoresIt() {
    List<String> old = pods().stream().map(p -> p.getMetadata().getName()).toList();

    // ValidateDaemonSetUpdateStrategy ignores the block with OnDelete (a StatefulSet's refuses it): kept, and no pod replaced.
    setImage(IMAGE, "{\"type\":\"OnDelete\",\"rollingUpdate\":{\"maxUnavailable\":1}}");

    assertThat(daemonSet().getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
    assertThat(daemonSet().getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pods()).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(old);
  }

  /** The pods and Ready ones after each pod event during {@code change}, until every pod was replaced ({@link PodWatchReplay}). */
  private List<int[]> podsAndReadyDuring(Runnable change) throws InterruptedException {
    return PodWatchReplay.podsAndReadyDuring(client.pods().inNamespace(NS).withLabel("k8s-app", DS), change, pods().size());
  }

  @Test
  void theDefaultMaxUnavailableOfOneTakesOneNodeAtATime() throws Exception {
    List<int[]> steps = podsAndReadyDuring(() -> setImage(IMAGE, null));

    assertThat(steps).as("pods, ready after each event").isNotEmpty()
        .allSatisfy(s -> assertThat(s[0]).as("no surge: at most one pod a node").isLessThanOrEqualTo(2))
        .allSatisfy(s -> assertThat(s[1]).as("at most one node without a Ready pod").isGreaterThanOrEqualTo(1))
        .anySatisfy(s -> assertThat(s[0]).isEqualTo(1));
    assertThat(steps.getLast()).containsExactly(2, 2);
  }

  @Test
  void maxUnavailableOfAllNodesTakesThemAllAtOnce() throws Exception {
    List<int[]> steps = podsAndReadyDuring(() -> setImage(IMAGE, "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"100%\"}}"));

    assertThat(steps).as("both old pods go before a new one starts").anySatisfy(s -> assertThat(s[0]).isZero());
    assertThat(steps.getLast()).containsExactly(2, 2);
  }

  @Test
  void maxSurgeStartsTheNewPodBesideTheOldBeforeItGoes() throws Exception {
    List<int[]> steps = podsAndReadyDuring(() -> setImage(IMAGE,
        "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":0}}"));

    assertThat(steps).as("pods, ready after each event").isNotEmpty()
        .allSatisfy(s -> assertThat(s[0]).as("one node at a time with two pods").isLessThanOrEqualTo(3))
        .allSatisfy(s -> assertThat(s[1]).as("every node keeps a Ready pod").isGreaterThanOrEqualTo(2))
        .anySatisfy(s -> assertThat(s[0]).isEqualTo(3));
    assertThat(steps.getLast()).containsExactly(2, 2);
    assertThat(pods()).allSatisfy(p -> assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo(IMAGE));
  }

  @Test
  void boundsTheApiserverRefusesAreRefusedAndNothingRolls() {
    List<String> old = pods().stream().map(p -> p.getMetadata().getName()).toList();

    KubernetesClientException noNumber = catchThrowableOfType(KubernetesClientException.class,
        () -> setImage(IMAGE, "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"abc\"}}"));
    // A surge beside the default maxUnavailable of 1: a DaemonSet takes exactly one of them.
    KubernetesClientException both = catchThrowableOfType(KubernetesClientException.class,
        () -> setImage(IMAGE, "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":1}}"));

    assertThat(noNumber.getCode()).isEqualTo(422);
    assertThat(noNumber.getStatus().getReason()).isEqualTo("Invalid");
    // "abc" also counts as 0, as the apiserver reads it, so neither bound is set either.
    assertThat(noNumber.getStatus().getDetails().getCauses()).extracting(c -> c.getField() + ": " + c.getMessage().replaceAll("^.*}: ", ""))
        .containsExactly("spec.updateStrategy.rollingUpdate.maxUnavailable: a valid percent string must be a numeric string followed by an ending "
            + "'%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
            "spec.updateStrategy.rollingUpdate.maxUnavailable: cannot be 0 when maxSurge is 0");
    assertThat(both.getCode()).isEqualTo(422);
    assertThat(both.getStatus().getMessage()).isEqualTo("DaemonSet.apps \"" + DS + "\" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: "
        + "Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero");
    assertThat(revisions()).hasSize(3);
    assertThat(pods()).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(old);
  }
}
