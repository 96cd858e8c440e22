package io.periscope.fixfirst;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.periscope.fixfirst.WorkloadGroups.Listed;
import io.periscope.fixfirst.WorkloadGroups.Workload;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadGroupsTest {
  private static Pod pod(String name, String ownerKind, String ownerName, Map<String, String> labels) {
    var b = new PodBuilder().withNewMetadata().withNamespace("shop").withName(name).withLabels(labels).endMetadata()
        .withNewSpec().withServiceAccountName("sa-" + name).addNewContainer().withName("app").endContainer().endSpec();
    if (ownerKind != null) {
      b.editMetadata().addNewOwnerReference().withKind(ownerKind).withName(ownerName).withController(true).endOwnerReference().endMetadata();
    }
    return b.build();
  }

  private static Job job(String name, String cronJob) {
    var b = new JobBuilder().withNewMetadata().withNamespace("shop").withName(name).endMetadata();
    if (cronJob != null) {
      b.editMetadata().addNewOwnerReference().withKind("CronJob").withName(cronJob).withController(true).endOwnerReference().endMetadata();
    }
    return b.build();
  }

  private static List<String> keys(List<Workload> ws) {
    return ws.stream().map(w -> w.kind() + "/" + w.name() + ":" + w.pods().size()).toList();
  }

  @Test
  void podsGroupUnderTheirWorkloadAndControllersWithoutPodsStillCount() {
    var web = new DeploymentBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata().withNewSpec().withNewTemplate()
        .withNewMetadata().withLabels(Map.of("app", "web")).endMetadata().withNewSpec().withServiceAccountName("web").endSpec().endTemplate()
        .endSpec().build();
    var idle = new DeploymentBuilder().withNewMetadata().withNamespace("shop").withName("idle").endMetadata().withNewSpec().endSpec().build();
    var nightly = new CronJobBuilder().withNewMetadata().withNamespace("shop").withName("nightly").endMetadata().withNewSpec().withNewJobTemplate()
        .withNewSpec().withNewTemplate().withNewSpec().withServiceAccountName("batch").endSpec().endTemplate().endSpec().endJobTemplate()
        .endSpec().build();
    List<Pod> pods = List.of(
        pod("web-5d8f-a", "ReplicaSet", "web-5d8f", Map.of("app", "web", "pod-template-hash", "5d8f")),
        pod("web-5d8f-b", "ReplicaSet", "web-5d8f", Map.of("app", "web", "pod-template-hash", "5d8f")),
        pod("nightly-1-x", "Job", "nightly-1", Map.of()),
        pod("adhoc-x", "Job", "adhoc", Map.of()),
        pod("debug", null, null, Map.of()),
        pod("db-0", "StatefulSet", "db", Map.of()),
        pod("rollout-abc", "Rollout", "canary", Map.of()));

    List<Workload> ws = WorkloadGroups.of(new Listed(pods, List.of(web, idle), List.of(), List.of(), List.of(nightly),
        List.of(job("nightly-1", "nightly"), job("adhoc", null))));

    assertThat(keys(ws)).containsExactly("jobs/adhoc:1", "rollouts/canary:1", "statefulsets/db:1", "pods/debug:1", "deployments/idle:0",
        "cronjobs/nightly:1", "deployments/web:2");
    Workload w = ws.get(6);
    assertThat(w.serviceAccount()).as("the template's, not a pod's").isEqualTo("web");
    assertThat(w.labelSets()).first().isEqualTo(Map.of("app", "web"));
    assertThat(ws.get(5).serviceAccount()).isEqualTo("batch");
    assertThat(ws.get(4).serviceAccount()).as("no template ServiceAccount").isEqualTo("default");
    assertThat(ws.get(2).serviceAccount()).as("a controller not listed: the pod's spec").isEqualTo("sa-db-0");
  }

  @Test
  void aJobWhoseOwnerCannotBeListedIsItsOwnWorkload() {
    List<Workload> ws = WorkloadGroups.of(new Listed(List.of(pod("nightly-1-x", "Job", "nightly-1", Map.of())), List.of(), List.of(),
        List.of(), List.of(), List.of()));
    assertThat(keys(ws)).containsExactly("jobs/nightly-1:1");
  }
}
