package io.periscope;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterConnector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterConnectorsTest {
  @Test
  void oneConnectorPerBackend() {
    assertThat(ClusterConnectors.defaults(Duration.ofSeconds(10), java.util.Optional.empty(),
        io.periscope.aws.AwsClients.defaultChain(Duration.ofSeconds(10), java.time.Clock.systemUTC())))
        .extracting(ClusterConnector::backend)
        .containsExactlyInAnyOrder(Backend.values());
  }
}
