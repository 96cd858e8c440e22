package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/**
 * A new ReplicaSet's and ControllerRevision's name ends in the template's hash as controller.ComputeHash spells it: the
 * FNV-1a 32 of the template, its decimal digits safe-encoded (ten characters of {@code 4-9bcdf}, like
 * {@code 5d8f9c7b54}), the same on every start of the demo. Before, the hash was two five-character halves of one
 * String.hashCode, one character apart ({@code kube-proxy-5mxhf4mxhf}).
 */
class DemoTemplateHashTest extends OnItsOwnDemoCluster {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "payments";
  private static final String APP = "payments-api";
  private static final String IMAGE_PATCH = "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"" + APP
      + "\",\"image\":\"example/payments-api:9.9.9\"}]}}}}";

  /** FNV-1a 32, written out here from its definition. */
  private static long fnv1a32(String printed) {
    long h = 2166136261L;
    for (byte b : printed.getBytes(StandardCharsets.UTF_8)) {
      h = ((h ^ (b & 0xff)) * 16777619L) & 0xffffffffL;
    }
    return h;
  }

  /** controller.ComputeHash's spelling: rand.SafeEncodeString of the hash's decimal digits. */
  private static String computeHash(String printed) {
    StringBuilder out = new StringBuilder();
    for (char c : Long.toString(fnv1a32(printed)).toCharArray()) {
      out.append("bcdfghjklmnpqrstvwxz2456789".charAt(c % 27));
    }
    return out.toString();
  }

  /** The object's pod template as the demo's store holds it, printed as the demo's controllers print it. */
  private static String storedTemplate(KubernetesClient c, String path) throws Exception {
    return JSON.readTree(c.raw(path)).path("spec").path("template").toString();
  }

  private static String newReplicaSetAfterAnImageChange(KubernetesClient c) {
    c.apps().deployments().inNamespace(NS).withName(APP).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), IMAGE_PATCH);
    return c.apps().replicaSets().inNamespace(NS).withLabel("app.kubernetes.io/name", APP).list().getItems().stream()
        .filter(rs -> rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage().endsWith(":9.9.9"))
        .map(rs -> rs.getMetadata().getName()).findFirst().orElseThrow();
  }

  @Test
  void theWrittenOutHashHoldsToFnvsPublishedVectors() {
    assertThat(fnv1a32("")).isEqualTo(0x811c9dc5L);
    assertThat(fnv1a32("a")).isEqualTo(0xe40c292cL);
    assertThat(fnv1a32("foobar")).isEqualTo(0xbf9cf968L);
    assertThat(computeHash("a")).isEqualTo("7d6b446664"); // 3826002220, digit by digit
  }

  @Test
  void aNewReplicaSetIsNamedWithItsTemplatesHash() throws Exception {
    String name = newReplicaSetAfterAnImageChange(client);

    String hash = computeHash(storedTemplate(client, "/apis/apps/v1/namespaces/" + NS + "/deployments/" + APP));
    assertThat(name).isEqualTo(APP + "-" + hash);
    assertThat(hash).matches("[4-9bcdf]{8,10}");
    ReplicaSet rs = client.apps().replicaSets().inNamespace(NS).withName(name).get();
    assertThat(rs.getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
  }

  @Test
  void theSameChangeOnAnotherStartGivesTheSameName() throws Exception {
    String here = newReplicaSetAfterAnImageChange(client);

    try (DemoCluster again = DemoCluster.start(estate(), Clock.systemUTC()); KubernetesClient there = DemoClusterClients.of(again)) {
      assertThat(newReplicaSetAfterAnImageChange(there)).isEqualTo(here);
    }
  }

  @Test
  void aDaemonSetsNewRevisionIsNamedWithItsTemplatesHash() throws Exception {
    client.apps().daemonSets().inNamespace("kube-system").withName("kube-proxy").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"kube-proxy\",\"image\":\"example/kube-proxy:v9.9.9\"}]}}}}");

    ControllerRevision newest = client.apps().controllerRevisions().inNamespace("kube-system").withLabel("k8s-app", "kube-proxy").list().getItems()
        .stream().max(Comparator.comparing(ControllerRevision::getRevision)).orElseThrow();
    String hash = computeHash(storedTemplate(client, "/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy"));
    assertThat(newest.getMetadata().getName()).isEqualTo("kube-proxy-" + hash);
    assertThat(newest.getMetadata().getLabels()).containsEntry("controller-revision-hash", hash);
    assertThat(client.pods().inNamespace("kube-system").withLabel("controller-revision-hash", hash).list().getItems()).isNotEmpty();
  }
}
