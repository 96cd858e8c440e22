package io.periscope.aws.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A workload's chip is the union of its pods' images, for each workload kind: Deployments (through
 * their ReplicaSets' {@code pod-template-hash}), StatefulSets and DaemonSets; a workload whose
 * images Inspector does not cover is "not scanned", not zero.
 */
class WorkloadChipsTest {
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);
  private static final String OUTSIDE = "sha256:" + "d".repeat(64);

  private static Pod pod(String name, String ownerKind, String owner, String hash, String... digests) {
    var b = new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").addNewOwnerReference().withApiVersion("apps/v1")
        .withKind(ownerKind).withName(owner).withUid(owner).withController(true).endOwnerReference().endMetadata();
    if (hash != null) {
      b.editMetadata().addToLabels("pod-template-hash", hash).endMetadata();
    }
    var status = b.withNewStatus();
    for (int i = 0; i < digests.length; i++) {
      status.addNewContainerStatus().withName("c" + i).withImage("img" + i).withImageID("registry/img" + i + "@" + digests[i]).endContainerStatus();
    }
    return status.endStatus().build();
  }

  private static Scan scanned(String digest, Finding... findings) {
    return Scan.scanned(digest, List.of(findings), Instant.EPOCH, List.of());
  }

  @Test
  void eachWorkloadKindGetsTheUnionOfItsPodsImages() {
    Finding critical = FindingGroupsTest.finding("CVE-2024-1", Severity.CRITICAL, "GOBINARY", "", "stdlib", "1.21.1", "1.21.5");
    Finding high = FindingGroupsTest.finding("CVE-2024-2", Severity.HIGH, "OS", "DEBIAN_12", "openssl", "3.0.11-1", "3.0.13-1");
    Finding medium = FindingGroupsTest.finding("CVE-2024-3", Severity.MEDIUM, "NPM", "", "lodash", "4.17.4", "4.17.21");
    var snapshot = new InspectorCache.Snapshot("prod", InspectorCache.Status.READY, "", Instant.EPOCH,
        Map.of(A, scanned(A, critical), B, scanned(B, high), C, scanned(C, medium),
            OUTSIDE, Scan.notScanned(OUTSIDE, "not an Amazon ECR image", Instant.EPOCH)), Map.of(), List.of(), List.of());
    List<Pod> pods = List.of(
        // a Deployment's two ReplicaSets mid-rollout: old image A, new image B
        pod("api-7d4b9c-x1", "ReplicaSet", "api-7d4b9c", "7d4b9c", A),
        pod("api-5f6a7b-y1", "ReplicaSet", "api-5f6a7b", "5f6a7b", B),
        // a StatefulSet whose pods run a sidecar next to the main image
        pod("db-0", "StatefulSet", "db", null, B, C),
        pod("db-1", "StatefulSet", "db", null, B, C),
        pod("agent-abcde", "DaemonSet", "agent", null, OUTSIDE),
        // a ReplicaSet not made by a Deployment (no matching pod-template-hash) is no Deployment
        pod("bare-rs-1", "ReplicaSet", "bare-rs", "zzz", A));

    Map<String, Chip> deployments = InspectorFindings.chipsOf(InspectorEntity.DEPLOYMENTS, "", snapshot, pods);
    assertThat(deployments).containsOnlyKeys("shop/api");
    assertThat(deployments.get("shop/api").counts()).extracting(SeverityCounts::critical, SeverityCounts::high).containsExactly(1, 1);

    Map<String, Chip> statefulSets = InspectorFindings.chipsOf(InspectorEntity.STATEFULSETS, "shop", snapshot, pods);
    assertThat(statefulSets).containsOnlyKeys("shop/db");
    assertThat(statefulSets.get("shop/db").counts()).extracting(SeverityCounts::high, SeverityCounts::medium, SeverityCounts::total)
        .containsExactly(1, 1, 2);

    Map<String, Chip> daemonSets = InspectorFindings.chipsOf(InspectorEntity.DAEMONSETS, "", snapshot, pods);
    assertThat(daemonSets.get("shop/agent").state()).isEqualTo(Scan.State.NOT_SCANNED);
    assertThat(daemonSets.get("shop/agent").counts().total()).isZero();

    assertThat(InspectorFindings.chipsOf(InspectorEntity.DEPLOYMENTS, "other", snapshot, pods)).as("another namespace").isEmpty();
  }
}
