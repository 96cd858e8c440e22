package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The front passes what it does not serve itself through to the mock as the mock answered it, refusals included. */
class DemoApiFrontTest {
  private static DemoCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = DemoCluster.start(DemoEstate.production(), Clock.systemUTC());
    client = DemoClusterClients.of(cluster);
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  @Test
  void aRefusedShellIsTheApiserversForbiddenNotAFrontError() {
    Pod pod = client.pods().inNamespace("payments").list().getItems().stream()
        .filter(p -> p.getMetadata().getName().startsWith("payments-api-")).findFirst().orElseThrow();
    var readTier = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
        .withImpersonateUsername("rita").withImpersonateGroups("periscope-tier:read").build()).build();
    try (readTier) {
      Throwable refused = catchThrowable(() -> readTier.pods().inNamespace("payments").withName(pod.getMetadata().getName())
          .writingOutput(new ByteArrayOutputStream()).exec("/bin/sh"));

      // The handshake's answer is the mock's own 403 (the front's failure would be a 502).
      assertThat(causes(refused)).filteredOn(WebSocketHandshakeException.class::isInstance).singleElement()
          .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().code()).isEqualTo(403));
    }
  }

  @Test
  void aPlainRequestsBodyAndAnswerPassThrough() {
    var created = client.configMaps().inNamespace("payments").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("front-check").endMetadata().addToData("k", "v").build()).create();

    assertThat(created.getData()).containsEntry("k", "v");
    assertThat(client.configMaps().inNamespace("payments").withName("front-check").get().getData()).containsEntry("k", "v");
  }

  private static List<Throwable> causes(Throwable t) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
      chain.add(c);
    }
    return chain;
  }
}
