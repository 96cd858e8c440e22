package io.periscope.clusters.incluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestEpoch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-cluster connector against a TLS CRUD mock apiserver, with a fake ServiceAccount mount. */
@Tag(TestEpoch.TAG)
class InClusterConnectorTest {
  static final ClusterSpec SELF = new ClusterSpec("home", Backend.IN_CLUSTER, Optional.empty(), Optional.empty(),
      Optional.empty(), "", Map.of(), Optional.empty(), Optional.empty(), Optional.empty());

  @TempDir Path sa;
  final MutableClock clock = TestEpoch.clock();

  @Test
  void listsWithTheMountedTokenAndPicksUpARotatedOne() throws Exception {
    MockWebServer tls = new MockWebServer();
    KubernetesMockServer apiserver = new KubernetesMockServer(new Context(), tls, new HashMap<>(), new KubernetesCrudDispatcher(), true);
    apiserver.init();
    try {
      try (KubernetesClient admin = apiserver.createClient()) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("periscope").endMetadata().build()).create();
      }
      apiserver.takeRequest();
      Files.copy(Path.of(tls.getSelfSignedCertificate().certificatePath()), sa.resolve("ca.crt"));
      Files.writeString(sa.resolve("token"), "token-one\n");
      var connector = new InClusterConnector(Duration.ofSeconds(10),
          Map.of("KUBERNETES_SERVICE_HOST", "localhost", "KUBERNETES_SERVICE_PORT", String.valueOf(apiserver.getPort())), sa, clock);

      try (KubernetesClient client = connector.connect(SELF)) {
        assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName()).containsExactly("periscope");
        assertThat(take(apiserver).getHeader("Authorization")).isEqualTo("Bearer token-one");

        Files.writeString(sa.resolve("token"), "token-two-rotated\n");
        client.namespaces().list();
        assertThat(take(apiserver).getHeader("Authorization")).isEqualTo("Bearer token-two-rotated");
      }
    } finally {
      apiserver.destroy();
    }
  }

  @Test
  void ipv6ServiceHostIsBracketed() throws IOException {
    mount("ca", "token");
    var connector = new InClusterConnector(Duration.ofSeconds(10),
        Map.of("KUBERNETES_SERVICE_HOST", "fd00:10:96::1", "KUBERNETES_SERVICE_PORT", "443"), sa, clock);
    try (KubernetesClient client = connector.connect(SELF)) {
      assertThat(client.getMasterUrl().toString()).startsWith("https://[fd00:10:96::1]:443");
    }
  }

  @Test
  void outsideAPodTheEnvironmentIsMissing() throws IOException {
    mount("ca", "token");
    var connector = new InClusterConnector(Duration.ofSeconds(10), Map.of(), sa, clock);
    assertThatThrownBy(() -> connector.connect(SELF))
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.code()).isEqualTo("in_cluster_env_missing");
        })
        .hasMessageContaining("cluster 'home'")
        .hasMessageContaining("KUBERNETES_SERVICE_HOST");
  }

  @Test
  void missingCaIsNamed() throws IOException {
    Files.writeString(sa.resolve("token"), "t");
    assertThatThrownBy(() -> connector().connect(SELF))
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> assertThat(e.code()).isEqualTo("in_cluster_credentials_unreadable"))
        .hasMessageContaining("cluster 'home'")
        .hasMessageContaining(sa.resolve("ca.crt").toString())
        .hasMessageContaining("no such file");
  }

  @Test
  void missingTokenIsNamed() throws IOException {
    Files.writeString(sa.resolve("ca.crt"), "ca");
    assertThatThrownBy(() -> connector().connect(SELF))
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> assertThat(e.code()).isEqualTo("in_cluster_credentials_unreadable"))
        .hasMessageContaining("cluster 'home'")
        .hasMessageContaining(sa.resolve("token").toString());
  }

  private InClusterConnector connector() {
    return new InClusterConnector(Duration.ofSeconds(10),
        Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"), sa, clock);
  }

  private void mount(String ca, String token) throws IOException {
    Files.writeString(sa.resolve("ca.crt"), ca);
    Files.writeString(sa.resolve("token"), token);
  }

  private static RecordedRequest take(KubernetesMockServer server) throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r).as("request reached the apiserver").isNotNull();
    return r;
  }
}
