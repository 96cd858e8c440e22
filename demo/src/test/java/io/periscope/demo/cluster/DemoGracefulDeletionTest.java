package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * A pod's DELETE as an apiserver answers it: 200 with the pod marked ({@code deletionTimestamp}, {@code
 * deletionGracePeriodSeconds} from the request, else the pod's {@code terminationGracePeriodSeconds}, else 30), gone once
 * its kubelet confirms ({@link PodDeletion#KUBELET_STOPS_IN}, never later than the grace period); at once when forced
 * or when no node took it; a second DELETE changes nothing unless it asks for less time.
 */
class DemoGracefulDeletionTest extends OnItsOwnDemoCluster {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BARE = "netshoot-debug";

  private String podUrl(String namespace, String name) {
    return client.getMasterUrl() + "api/v1/namespaces/" + namespace + "/pods/" + name;
  }

  /** A DELETE of the pod with {@code options} (DeleteOptions) as its body, if any; the apiserver's answer. */
  private JsonNode delete(String namespace, String name, java.util.Map<String, Object> options) throws Exception {
    return JSON.readTree(client.raw(podUrl(namespace, name), "DELETE", options));
  }

  private Pod stored(String namespace, String name) {
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  @Test
  void theAnswerIsThePodMarkedWithItsGracePeriodAndItsKubeletRemovesItSoonAfter() throws Exception {
    Pod pod = stored("default", BARE);
    long grace = pod.getSpec().getTerminationGracePeriodSeconds() == null ? 30 : pod.getSpec().getTerminationGracePeriodSeconds();
    Instant asked = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    JsonNode answer = delete("default", BARE, null);

    Instant answered = Instant.now();
    assertThat(answer.path("kind").asText()).isEqualTo("Pod");
    assertThat(answer.path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(grace);
    assertThat(Instant.parse(answer.path("metadata").path("deletionTimestamp").asText()))
        .isBetween(asked.plusSeconds(grace), answered.plusSeconds(grace));
    Pod terminating = stored("default", BARE);
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isEqualTo(answer.path("metadata").path("deletionTimestamp").asText());
    assertThat(terminating.getMetadata().getResourceVersion()).isEqualTo(answer.path("metadata").path("resourceVersion").asText())
        .isNotEqualTo(pod.getMetadata().getResourceVersion());
    assertThat(kubelets.delays()).containsExactly(PodDeletion.KUBELET_STOPS_IN);

    assertThat(kubelets.confirmAll()).isEqualTo(1);

    assertThat(stored("default", BARE)).isNull();
  }

  @Test
  void theGracePeriodAskedForIsKeptAndTheKubeletTakesNoLonger() throws Exception {
    JsonNode answer = delete("default", BARE, java.util.Map.of("kind", "DeleteOptions", "apiVersion", "v1", "gracePeriodSeconds", 1));

    assertThat(answer.path("metadata").path("deletionGracePeriodSeconds").asInt()).isEqualTo(1);
    assertThat(kubelets.delays()).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void aGracePeriodInTheQueryCountsAsTheBodysDoes() throws Exception {
    JsonNode answer = JSON.readTree(client.raw(podUrl("default", BARE) + "?gracePeriodSeconds=3", "DELETE", null));

    assertThat(answer.path("metadata").path("deletionGracePeriodSeconds").asInt()).isEqualTo(3);
    assertThat(kubelets.delays()).containsExactly(PodDeletion.KUBELET_STOPS_IN);
  }

  @Test
  void deletingATerminatingPodAgainChangesNothingUnlessItAsksForLessTime() throws Exception {
    JsonNode first = delete("default", BARE, null);

    JsonNode again = delete("default", BARE, null);

    assertThat(again.path("metadata")).isEqualTo(first.path("metadata"));
    assertThat(kubelets.delays()).hasSize(1);

    JsonNode sooner = delete("default", BARE, java.util.Map.of("gracePeriodSeconds", 5));

    assertThat(sooner.path("metadata").path("deletionGracePeriodSeconds").asInt()).isEqualTo(5);
    assertThat(Instant.parse(sooner.path("metadata").path("deletionTimestamp").asText()))
        .isBefore(Instant.parse(first.path("metadata").path("deletionTimestamp").asText()));
    assertThat(stored("default", BARE).getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(5);

    client.pods().inNamespace("default").withName(BARE).withGracePeriod(0).delete();

    assertThat(stored("default", BARE)).as("forced: gone without its kubelet").isNull();
    // The kubelet's confirmations come after; the pod is gone already and nothing else goes with them.
    int pods = client.pods().inAnyNamespace().list().getItems().size();
    kubelets.confirmAll();
    assertThat(client.pods().inAnyNamespace().list().getItems()).hasSize(pods);
  }

  @Test
  void aForcedDeletionAndOneOfAPodNoNodeTookRemoveAtOnce() {
    client.pods().inNamespace("default").withName(BARE).withGracePeriod(0).delete();

    assertThat(stored("default", BARE)).isNull();

    Pod pending = client.pods().inNamespace("checkout").withLabel("app.kubernetes.io/name", "cart-service").list().getItems().stream()
        .filter(p -> p.getSpec().getNodeName() == null).findFirst().orElseThrow();
    client.pods().inNamespace("checkout").withName(pending.getMetadata().getName()).delete();

    assertThat(stored("checkout", pending.getMetadata().getName())).isNull();
    assertThat(kubelets.delays()).as("no kubelet was asked").isEmpty();
  }

  @Test
  void aLabelSelectedDeleteAnswersThePodsMarked() throws Exception {
    JsonNode answer = JSON.readTree(client.raw(client.getMasterUrl() + "api/v1/namespaces/payments/pods?labelSelector="
        + java.net.URLEncoder.encode("app.kubernetes.io/name=payments-api", java.nio.charset.StandardCharsets.UTF_8), "DELETE", null));

    assertThat(answer.path("kind").asText()).isEqualTo("PodList");
    assertThat(answer.path("items")).hasSize(3).allSatisfy(p -> assertThat(p.path("metadata").has("deletionTimestamp")).isTrue());
    assertThat(kubelets.delays()).hasSize(3);
  }

  @Test
  void aDryRunChangesNothing() throws Exception {
    Pod pod = stored("default", BARE);

    JsonNode answer = JSON.readTree(client.raw(podUrl("default", BARE) + "?dryRun=All", "DELETE", null));

    assertThat(answer.path("metadata").has("deletionTimestamp")).isTrue();
    assertThat(stored("default", BARE).getMetadata().getResourceVersion()).isEqualTo(pod.getMetadata().getResourceVersion());
    assertThat(kubelets.delays()).isEmpty();
  }
}
