package io.periscope.resources;

import static io.periscope.resources.ResourceFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dead cluster (nothing listens) answers 502 and a silent one (accepts connections, never
 * answers) 504 within the per-cluster time-out; both name the cluster.
 */
class ClusterFailureTest {
  private static ServerSocket silent;
  private static KubernetesClient deadClient;
  private static KubernetesClient slowClient;
  private static PeriscopeHarness harness;
  private static TestBrowser alice;

  @BeforeAll
  static void start() throws IOException {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    deadClient = MockApiServer.unreachableClient();
    slowClient = MockApiServer.unreachableClient(silent.getLocalPort());
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw", "clusters.requestTimeout", "1s"),
        Map.of("dead", deadClient, "slow", slowClient));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @AfterAll
  static void stop() throws IOException {
    harness.close();
    deadClient.close();
    slowClient.close();
    silent.close();
  }

  @Test
  void deadClusterIs502NamingIt() {
    HttpResponse<String> r = alice.get("/api/clusters/dead/resources/core/v1/pods");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
    assertThat(json(r.body()).get("code").asText()).isEqualTo("cluster_unreachable");
    assertThat(json(r.body()).get("message").asText()).contains("'dead'").contains("connection refused");
  }

  @Test
  void silentClusterIs504WithinTheTimeout() {
    long start = System.nanoTime();

    HttpResponse<String> r = alice.get("/api/clusters/slow/discovery");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
    assertThat(json(r.body()).get("code").asText()).isEqualTo("cluster_timeout");
    assertThat(json(r.body()).get("message").asText()).contains("'slow'");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void unknownClusterIs404() {
    assertThat(alice.get("/api/clusters/nope/resources/core/v1/pods").statusCode()).isEqualTo(404);
  }
}
