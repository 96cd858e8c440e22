package io.periscope.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.NamedClientConnector;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The actions run when a cluster turns reachable: on its first answer and on each return, never while it stays up. */
class ReachabilityProbeTest {

  @Test
  void actionsRunWhenAClusterTurnsReachableAndNotWhileItStaysSo() throws Exception {
    try (var apiserver = new MockApiServer(); var client = apiserver.newClient()) {
      AtomicBoolean down = new AtomicBoolean(true);
      apiserver.answer("GET", "/version", r -> down.get() ? MockApiServer.status(401, "Unauthorized", "token not accepted yet") : null);
      apiserver.expect().get().withPath("/version").andReturn(200, Map.of("major", "1", "minor", "31", "gitVersion", "v1.31.2")).always();
      var spec = new ClusterSpec("c1", Backend.KUBECONFIG, Optional.empty(), Optional.empty(), Optional.empty(), "test", Map.of(),
          Optional.empty(), Optional.empty(), Optional.empty());
      try (var registry = ClusterRegistry.fixed(List.of(spec), List.of(new NamedClientConnector(Map.of("c1", client))));
          var probe = new ReachabilityProbe(registry, Clock.systemUTC())) {
        List<String> turnedReachable = new CopyOnWriteArrayList<>();
        probe.whenReachable(turnedReachable::add);
        probe.whenReachable(c -> {
          throw new IllegalStateException("a failing action does not stop the others or the probe");
        });

        assertThat(probe.awaitFirstProbe("c1", java.time.Duration.ZERO)).isFalse();
        probe.probeAll();
        assertThat(probe.awaitFirstProbe("c1", java.time.Duration.ZERO)).as("probed, reachable or not").isTrue();
        assertThat(probe.last("c1").status()).isEqualTo(Reachability.Status.UNREACHABLE);
        assertThat(turnedReachable).isEmpty();

        down.set(false);
        probe.probeAll();
        probe.probeAll();
        assertThat(probe.last("c1").status()).isEqualTo(Reachability.Status.REACHABLE);
        assertThat(turnedReachable).containsExactly("c1");

        down.set(true);
        probe.probeAll();
        down.set(false);
        probe.probeAll();
        assertThat(turnedReachable).containsExactly("c1", "c1");
      }
    }
  }
}
