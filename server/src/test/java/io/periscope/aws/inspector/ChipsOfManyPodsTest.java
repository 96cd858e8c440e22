package io.periscope.aws.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chips of a 5,000-pod list (250 images, 40 findings each); the timing is bench/'s InspectorBench. */
class ChipsOfManyPodsTest {
  @Test
  void chipsForFiveThousandPods() {
    Workload w = Workload.fiveThousandPods();
    Map<String, Chip> chips = InspectorFindings.chipsOf(InspectorEntity.PODS, "", w.snapshot(), w.pods());
    assertThat(chips).hasSize(5_000);
    assertThat(chips.get("ns-0/pod-0").counts().total()).isEqualTo(40);
  }

  /** 5,000 pods over 250 scanned images (and an unscanned sidecar). */
  record Workload(InspectorCache.Snapshot snapshot, List<Pod> pods) {
    static Workload fiveThousandPods() {
      Map<String, Scan> images = new HashMap<>();
      for (int i = 0; i < 250; i++) {
        String digest = String.format("sha256:%064x", i);
        List<Finding> findings = new ArrayList<>();
        for (int f = 0; f < 40; f++) {
          findings.add(FindingGroupsTest.finding("CVE-2024-" + (i * 40 + f), Severity.values()[f % 5], "NPM", "", "pkg-" + f, "1.0.0", "1.0.1"));
        }
        images.put(digest, Scan.scanned(digest, findings, Instant.EPOCH, List.of()));
      }
      List<Pod> pods = new ArrayList<>();
      for (int p = 0; p < 5_000; p++) {
        String image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app-" + (p % 250) + ":1";
        pods.add(new PodBuilder().withNewMetadata().withName("pod-" + p).withNamespace("ns-" + (p % 20)).endMetadata()
            .withNewStatus().addNewContainerStatus().withName("app").withImage(image)
            .withImageID(image.substring(0, image.lastIndexOf(':')) + "@" + String.format("sha256:%064x", p % 250)).endContainerStatus()
            .addNewContainerStatus().withName("sidecar").withImage("istio/proxyv2:1.22")
            .withImageID("docker.io/istio/proxyv2@" + String.format("sha256:%064x", 1000 + p % 3)).endContainerStatus().endStatus().build());
      }
      var snapshot = new InspectorCache.Snapshot("prod", InspectorCache.Status.READY, "", Instant.EPOCH, images, Map.of(), List.of(), pods);
      return new Workload(snapshot, pods);
    }
  }
}
