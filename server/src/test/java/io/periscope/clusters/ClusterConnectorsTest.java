package io.periscope.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterConnectorsTest {
  @Test
  void oneConnectorPerBackend() {
    assertThat(ClusterConnectors.defaults(Duration.ofSeconds(10)))
        .extracting(ClusterConnector::backend)
        .containsExactlyInAnyOrder(Backend.values());
  }
}
