package io.periscope.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.config.ConfigException;
import io.periscope.http.ApiException;
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
      assertThatThrownBy(() -> registry.client("nope")).isInstanceOfSatisfying(ApiException.class, e -> {
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).contains("'nope'");
      });
      assertThatThrownBy(() -> registry.client("far")).isInstanceOfSatisfying(ApiException.class, e -> {
        assertThat(e.status()).isEqualTo(501);
        assertThat(e.getMessage()).contains("cluster 'far'");
      });
    }
  }
}
