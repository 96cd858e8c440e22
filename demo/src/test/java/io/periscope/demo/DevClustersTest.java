package io.periscope.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DevClustersTest {
  @ParameterizedTest
  @CsvSource({
      "kind-dev, kind-dev",
      "arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu, prod-eu",
      "gke_my-project_europe-west1_main, gke-my-project-europe-west1-main",
      "Admin@Staging.Cluster, admin-staging-cluster",
      "'--', cluster"})
  void contextNamesBecomeDnsLabels(String context, String expected) {
    assertThat(DevClusters.dnsLabel(context)).isEqualTo(expected);
  }

  @Test
  void everyContextBecomesAKubeconfigClusterWithAUniqueName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        contexts:
        - name: kind-dev
          context: {cluster: kind-dev, user: kind-dev}
        - name: KIND_dev
          context: {cluster: kind-dev, user: kind-dev}
        - name: arn:aws:eks:us-east-1:123456789012:cluster/prod
          context: {cluster: prod, user: prod}
        """);
    var specs = DevClusters.fromKubeconfig(file);
    assertThat(specs).extracting(ClusterSpec::name).containsExactly("kind-dev", "kind-dev-2", "prod");
    assertThat(specs).allSatisfy(s -> {
      assertThat(s.backend()).isEqualTo(Backend.KUBECONFIG);
      assertThat(s.kubeconfig()).contains(file.toString());
    });
    assertThat(specs.get(2).context()).contains("arn:aws:eks:us-east-1:123456789012:cluster/prod");
  }

  @Test
  void kubeconfigWithoutContextsIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("empty");
    Files.writeString(file, "apiVersion: v1\nkind: Config\n");
    assertThatThrownBy(() -> DevClusters.fromKubeconfig(file)).hasMessageContaining(file.toString()).hasMessageContaining("no contexts");
  }
}
