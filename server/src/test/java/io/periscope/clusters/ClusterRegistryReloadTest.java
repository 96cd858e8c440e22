package io.periscope.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.config.ConfigException;
import io.periscope.problem.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterRegistryReloadTest {
  @TempDir
  Path dir;

  @Test
  void validEditIsPickedUpAndInvalidEditKeepsTheLastGoodRegistry() throws Exception {
    Path file = dir.resolve("clusters.yaml");
    Files.writeString(file, "clusters:\n  - {name: alpha, backend: in-cluster}\n");
    try (var registry = ClusterRegistry.fromFile(file, List.of())) {
      assertThat(registry.clusters()).extracting(ClusterSpec::name).containsExactly("alpha");

      Files.writeString(file, "clusters:\n  - {name: alpha, backend: in-cluster}\n  - {name: beta, backend: agent}\n");
      registry.reload();
      assertThat(registry.clusters()).extracting(ClusterSpec::name).containsExactly("alpha", "beta");
      assertThat(registry.lastError()).isEmpty();

      Files.writeString(file, "clusters:\n  - {name: alpha, backend: in-cluster}\n  - {name: alpha, backend: agent}\n");
      registry.reload();
      assertThat(registry.clusters()).extracting(ClusterSpec::name).containsExactly("alpha", "beta");
      assertThat(registry.lastError()).hasValueSatisfying(e -> assertThat(e).contains("duplicate cluster name 'alpha'"));

      Files.delete(file);
      registry.reload();
      assertThat(registry.clusters()).extracting(ClusterSpec::name).containsExactly("alpha", "beta");
      assertThat(registry.lastError()).hasValueSatisfying(e -> assertThat(e).contains("cannot read"));
    }
  }

  @Test
  void fileWatchPicksUpAnEditWithoutAnExplicitReload() throws Exception {
    Path file = dir.resolve("clusters.yaml");
    Files.writeString(file, "clusters:\n  - {name: alpha, backend: in-cluster}\n");
    try (var registry = ClusterRegistry.fromFile(file, List.of())) {
      registry.start(Duration.ofHours(1));
      Files.writeString(file, "clusters:\n  - {name: gamma, backend: in-cluster}\n");
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
          .until(() -> registry.clusters().stream().map(ClusterSpec::name).toList().equals(List.of("gamma")));
    }
  }

  @Test
  void invalidFileAtStartUpFails() throws Exception {
    Path file = dir.resolve("clusters.yaml");
    Files.writeString(file, "clusters:\n  - {name: a, backend: nope}\n");
    assertThatThrownBy(() -> ClusterRegistry.fromFile(file, List.of())).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("clusters[0].backend");
  }

  @Test
  void unknownClusterIs404AndMissingConnectorIsAClear501() throws Exception {
    var spec = ClustersFile.parse("clusters:\n  - {name: far, backend: agent}\n");
    try (var registry = ClusterRegistry.fixed(spec, List.of())) {
      assertThatThrownBy(() -> registry.client("nope")).isInstanceOfSatisfying(Problem.class, e -> {
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).contains("'nope'");
      });
      assertThatThrownBy(() -> registry.client("far")).isInstanceOfSatisfying(Problem.class, e -> {
        assertThat(e.status()).isEqualTo(501);
        assertThat(e.getMessage()).contains("cluster 'far'");
      });
    }
  }

  @Test
  void aClusterGetsAListTransportWithItsClientUnlessItNeedsAProxyAndAnEditClosesBoth() throws Exception {
    Path file = dir.resolve("clusters.yaml");
    Files.writeString(file, "clusters:\n  - {name: direct, backend: kubeconfig, context: a}\n  - {name: proxied, backend: kubeconfig, context: p}\n");
    ClusterConnector connector = new ClusterConnector() {
      @Override
      public Backend backend() {
        return Backend.KUBECONFIG;
      }

      @Override
      public io.fabric8.kubernetes.client.KubernetesClient connect(ClusterSpec spec) {
        var config = new io.fabric8.kubernetes.client.ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
            .withMasterUrl("https://10.0.0.1:443");
        if (spec.name().equals("proxied")) {
          config.withHttpsProxy("http://proxy.corp.example:3128");
        }
        return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config.build()).build();
      }
    };
    try (var registry = ClusterRegistry.fromFile(file, List.of(connector))) {
      var lists = registry.listTransport("direct").orElseThrow();
      assertThat(registry.listTransport("direct")).containsSame(lists);
      assertThat(registry.listTransport("proxied")).as("a proxy is only handled by the main client").isEmpty();

      Files.writeString(file, "clusters:\n  - {name: direct, backend: kubeconfig, context: b}\n");
      registry.reload();
      assertThat(lists.isClosed()).as("the old entry's transport is closed").isTrue();
      assertThat(registry.listTransport("direct")).hasValueSatisfying(t -> assertThat(t).isNotSameAs(lists));
    }
  }
}
