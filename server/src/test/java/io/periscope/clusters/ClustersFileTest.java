package io.periscope.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClustersFileTest {
  @Test
  void allFourBackendsComposeInOneRegistry() {
    List<ClusterSpec> specs = ClustersFile.parse("""
        clusters:
          - name: prod-eu
            backend: eks
            arn: arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu-west-1
            environment: production
            tags: {team: platform, tier: "1"}
          - name: staging
            backend: kubeconfig
            kubeconfig: /etc/periscope/kube/staging.yaml
            context: staging-admin
          - name: local
            backend: in-cluster
          - name: private-onprem
            backend: agent
        """);
    assertThat(specs).extracting(ClusterSpec::name).containsExactly("prod-eu", "staging", "local", "private-onprem");
    ClusterSpec eks = specs.getFirst();
    assertThat(eks.region()).contains("eu-west-1");
    assertThat(eks.eksName()).contains("prod-eu-west-1");
    assertThat(eks.tags()).containsEntry("team", "platform");
    assertThat(specs.get(1).context()).contains("staging-admin");
    assertThat(specs.get(3).agent()).contains("private-onprem");
  }

  static List<Arguments> invalid() {
    return List.of(
        Arguments.of("clusters:\n  - {name: a, backend: kubeconfig}\n  - {name: a, backend: in-cluster}\n", "clusters[1].name", "duplicate cluster name 'a'"),
        Arguments.of("clusters:\n  - {name: a, backend: gke}\n", "clusters[0].backend", "unknown backend 'gke'"),
        Arguments.of("clusters:\n  - {backend: in-cluster}\n", "clusters[0].name", "required"),
        Arguments.of("clusters:\n  - {name: Prod_EU, backend: in-cluster}\n", "clusters[0].name", "must be a DNS label"),
        Arguments.of("clusters:\n  - {name: a, backend: eks}\n", "clusters[0].arn", "need 'arn'"),
        Arguments.of("clusters:\n  - {name: a, backend: eks, arn: 'arn:aws:s3:::bucket'}\n", "clusters[0].arn", "not an EKS cluster ARN"),
        Arguments.of("clusters:\n  - {name: a, backend: eks, region: us-east-1, arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/x'}\n",
            "clusters[0].region", "contradicts"),
        Arguments.of("clusters:\n  - {name: a, backend: kubeconfig, arn: 'arn:aws:eks:eu-west-1:111122223333:nodegroup/x'}\n",
            "clusters[0].arn", "not an EKS cluster ARN"),
        Arguments.of("clusters:\n  - {name: a, backend: agent, region: us-east-1, arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/x'}\n",
            "clusters[0].region", "contradicts"),
        Arguments.of("clusters:\n  - {name: a, backend: agent, eksName: edge}\n", "clusters[0].region", "'eksName' needs the cluster's 'region'"),
        Arguments.of("clusters:\n  - {name: a, backend: in-cluster, kubeconfg: /x}\n", "clusters[0].kubeconfg", "unknown field"),
        Arguments.of("clusters: {name: a}\n", "clusters", "expected a list"),
        Arguments.of("clusters:\n  - [oops]\n", "clusters[0]", "expected a mapping"),
        Arguments.of("clusters:\n  - {name: a, region: eu-west-1}\n", "clusters[0].backend", "an 'arn' implies eks"),
        Arguments.of("cluster:\n  - {name: a, backend: in-cluster}\n", "clusters", "expected a top-level 'clusters:' list"),
        Arguments.of("just-a-string\n", "clusters", "expected a top-level 'clusters:' list"),
        Arguments.of("clusters:\n  - {name: a, backend: in-cluster, inspector: true}\n", "clusters[0].inspector", "expected a mapping"),
        Arguments.of("clusters:\n  - {name: a, backend: in-cluster, inspector: {enabled: yes-please}}\n", "clusters[0].inspector.enabled",
            "expected true or false"),
        Arguments.of("clusters:\n  - {name: a, backend: in-cluster, inspector: {enable: true}}\n", "clusters[0].inspector.enable",
            "unknown field"),
        Arguments.of("clusters:\n  - {name: a, backend: in-cluster}\n  - {name: [b], backend: in-cluster}\n", "clusters[1].name",
            "expected a single value"),
        Arguments.of("clusters:\n  - {name: a, backend: kubeconfig, context: {x: y}}\n", "clusters[0].context", "expected a single value"),
        // One agent serving two console clusters: lab's token would register an agent that answers for prod, and lab's
        // readers would read prod.
        Arguments.of("clusters:\n  - {name: prod, backend: agent}\n  - {name: lab, backend: agent, agent: prod}\n", "clusters[1].agent",
            "agent 'prod' already serves cluster 'prod'"),
        Arguments.of("clusters:\n  - {name: prod, backend: agent, agent: edge}\n  - {name: lab, backend: agent, agent: edge}\n",
            "clusters[1].agent", "agent 'edge' already serves cluster 'prod'"),
        Arguments.of("clusters:\n  - {name: a, backend: agent, agent: 'edge 1'}\n", "clusters[0].agent", "not an agent name"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalid")
  void invalidEntriesNameTheField(String yaml, String key, String reason) {
    assertThatThrownBy(() -> ClustersFile.parse(yaml)).isInstanceOfSatisfying(ConfigException.class, e -> {
      assertThat(e.key()).isEqualTo(key);
      assertThat(e.getMessage()).contains(reason);
    });
  }

  /** The FAQ's entry, verbatim in shape: no backend, an ARN, optional environment and tags; as a bare list too. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"clusters:\n", ""})
  void theFaqEntryWorksAsAListOrBare(String head) {
    String entry = "- name: prod-eu-west-1\n  region: eu-west-1\n  arn: arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu-west-1\n"
        + "  environment: prod\n  tags:\n    team: payments\n";
    String yaml = head.isEmpty() ? entry : head + entry.indent(2);

    ClusterSpec spec = ClustersFile.parse(yaml).getFirst();

    assertThat(spec.backend()).isEqualTo(Backend.EKS);
    assertThat(spec.region()).contains("eu-west-1");
    assertThat(spec.eksName()).contains("prod-eu-west-1");
    assertThat(spec.environment()).isEqualTo("prod");
    assertThat(spec.tags()).containsEntry("team", "payments");
  }

  /** An agent or kubeconfig cluster that runs on EKS names it, so the AWS features work for it; its backend stays its own. */
  /** A field written twice in one entry would otherwise keep the last silently (here: the wrong context). */
  @Test
  void aFieldWrittenTwiceInAnEntryIsRefused() {
    assertThatThrownBy(() -> ClustersFile.parse("""
        clusters:
          - name: staging
            backend: kubeconfig
            context: staging
            context: prod
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessage("clusters: invalid YAML: the key 'context' appears twice in the same mapping (line 5, column 12)");
  }

  @Test
  void anyBackendMayNameItsEksCluster() {
    List<ClusterSpec> specs = ClustersFile.parse("""
        clusters:
          - name: staging
            backend: kubeconfig
            context: staging
            arn: arn:aws:eks:us-west-2:111122223333:cluster/staging-us-west-2
          - name: edge
            backend: agent
            region: ap-southeast-2
            eksName: edge-private
          - name: lab
            backend: kubeconfig
        """);
    assertThat(specs).extracting(ClusterSpec::backend).containsExactly(Backend.KUBECONFIG, Backend.AGENT, Backend.KUBECONFIG);
    assertThat(specs.get(0).region()).contains("us-west-2");
    assertThat(specs.get(0).eksName()).contains("staging-us-west-2");
    assertThat(specs.get(1).region()).contains("ap-southeast-2");
    assertThat(specs.get(1).eksName()).contains("edge-private");
    assertThat(specs.get(2).region()).isEmpty();
    assertThat(specs.get(2).eksName()).isEmpty();
  }

  @Test
  void inspectorIsOnOffOrTheServerDefaultPerEntry() {
    var specs = ClustersFile.parse("""
        clusters:
          - {name: on, backend: in-cluster, inspector: {enabled: true}}
          - {name: off, backend: in-cluster, inspector: {enabled: false}}
          - {name: default, backend: in-cluster}
        """);
    assertThat(specs).extracting(s -> s.inspector()).containsExactly(Optional.of(true), Optional.of(false), Optional.empty());
  }

  @Test
  void unreadableFileNamesTheKey() {
    assertThatThrownBy(() -> ClustersFile.read(Path.of("/nonexistent/clusters.yaml")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("clusters.file"));
  }
}
