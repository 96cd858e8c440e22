package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code kubectl debug} against the demo cluster: the ephemeral container is added and started. */
class DemoEphemeralContainersTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private DemoCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() throws Exception {
    cluster = DemoCluster.start(DemoEstate.staging(), Clock.fixed(NOW, ZoneOffset.UTC));
    client = DemoClusterClients.of(cluster);
  }

  @AfterEach
  void stop() {
    client.close();
    cluster.close();
  }

  private static String debugger(String name) {
    return "{\"spec\":{\"ephemeralContainers\":[{\"name\":\"" + name + "\",\"image\":\"busybox:1.36\",\"stdin\":true,\"tty\":true,"
        + "\"targetContainerName\":\"checkout-web\"}]}}";
  }

  @Test
  void anEphemeralContainerIsAddedAndRunning() {
    Pod web = client.pods().inNamespace("checkout").withLabel("app.kubernetes.io/name", "checkout-web").list().getItems().getFirst();
    var pod = client.pods().inNamespace("checkout").withName(web.getMetadata().getName());

    pod.ephemeralContainers().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), debugger("debugger-x7k2m"));

    Pod debugged = pod.get();
    assertThat(debugged.getSpec().getEphemeralContainers()).singleElement().satisfies(c -> {
      assertThat(c.getName()).isEqualTo("debugger-x7k2m");
      assertThat(c.getImage()).isEqualTo("busybox:1.36");
      assertThat(c.getTargetContainerName()).isEqualTo("checkout-web");
    });
    assertThat(debugged.getStatus().getEphemeralContainerStatuses()).singleElement().satisfies(s -> {
      assertThat(s.getName()).isEqualTo("debugger-x7k2m");
      assertThat(s.getReady()).isFalse();
      assertThat(s.getState().getRunning().getStartedAt()).isEqualTo(NOW.toString());
    });
    // The regular containers are as they were.
    assertThat(debugged.getSpec().getContainers()).isEqualTo(web.getSpec().getContainers());
  }

  @Test
  void anExistingEphemeralContainerCannotBeChanged() {
    String name = client.pods().inNamespace("checkout").list().getItems().getFirst().getMetadata().getName();
    var pod = client.pods().inNamespace("checkout").withName(name);
    pod.ephemeralContainers().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), debugger("debugger-bbbbb"));

    assertThatThrownBy(() -> pod.ephemeralContainers().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), debugger("debugger-bbbbb")))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getMessage()).contains("existing ephemeral containers may not be changed");
        });
    assertThat(pod.get().getSpec().getEphemeralContainers()).hasSize(1);
  }
}
