package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The production cluster's Karpenter showcase, read back as a client would (the console's reads are in the server's tests). */
class KarpenterDemoTest {
  private static DemoCluster production;
  private static DemoCluster staging;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    production = DemoCluster.start(DemoEstate.production(), Clock.systemUTC());
    staging = DemoCluster.start(DemoEstate.staging(), Clock.systemUTC());
    client = DemoClusterClients.of(production);
  }

  @AfterAll
  static void stop() {
    client.close();
    production.close();
    staging.close();
  }

  @Test
  void servesTwoNodePoolsAndNodeClaimsWithADriftedOne() {
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName("nodepools.karpenter.sh").get().getSpec().getScope())
        .isEqualTo("Cluster");
    List<GenericKubernetesResource> pools = client.genericKubernetesResources(KarpenterDemo.contexts().get(0)).list().getItems();
    assertThat(pools).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder(KarpenterDemo.SPOT_POOL, KarpenterDemo.ON_DEMAND_POOL);
    GenericKubernetesResource onDemand = pools.stream().filter(p -> p.getMetadata().getName().equals(KarpenterDemo.ON_DEMAND_POOL)).findFirst().orElseThrow();
    assertThat(onDemand.<String>get("spec", "disruption", "budgets", 0, "schedule")).isEqualTo("0 9 * * mon-fri");
    List<GenericKubernetesResource> claims = client.genericKubernetesResources(KarpenterDemo.contexts().get(1)).list().getItems();
    assertThat(claims).hasSize(3);
    assertThat(claims).filteredOn(c -> c.<List<?>>get("status", "conditions").toString().contains("type=Drifted")).singleElement()
        .satisfies(c -> assertThat(c.getMetadata().getLabels()).containsEntry("karpenter.sh/nodepool", KarpenterDemo.SPOT_POOL));
  }

  @Test
  void eachNodeClaimRunsOnItsNodesInstanceWhichEc2TagsWithTheClaim() {
    List<GenericKubernetesResource> claims = client.genericKubernetesResources(KarpenterDemo.contexts().get(1)).list().getItems();
    Map<String, Map<String, String>> tags = DemoEstate.production().karpenterInstanceTags();
    assertThat(claims).hasSize(3).allSatisfy(c -> {
      String node = c.<String>get("status", "nodeName");
      String providerId = client.nodes().withName(node).get().getSpec().getProviderID();
      assertThat(c.<String>get("status", "providerID")).as("the claim's instance is its node's").isEqualTo(providerId);
      String instance = providerId.substring(providerId.lastIndexOf('/') + 1);
      assertThat(tags.get(instance)).containsEntry("karpenter.sh/nodeclaim", c.getMetadata().getName())
          .containsEntry("karpenter.sh/nodepool", c.getMetadata().getLabels().get("karpenter.sh/nodepool"));
    });
    assertThat(DemoEstate.staging().karpenterInstanceTags()).isEmpty();
  }

  @Test
  void pendingPodsAndKarpentersEventsCanBeSelectedByTheirFields() {
    assertThat(client.pods().inAnyNamespace().withField("status.phase", "Pending").list().getItems())
        .extracting(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
        .containsAll(KarpenterDemo.PENDING_PODS).allSatisfy(name -> assertThat(name).doesNotContain("payments-api"));
    var karpenter = client.v1().events().inAnyNamespace().withField("reason", "FailedScheduling").list().getItems().stream()
        .filter(e -> e.getSource().getComponent().equals("karpenter")).toList();
    assertThat(karpenter).allSatisfy(e -> assertThat(e.getMessage()).startsWith("Failed to schedule pod, incompatible with nodepool"));
    // Every pending pod has Karpenter's word on it, the estate's own (cart-service) as well as the three above.
    assertThat(karpenter).extracting(e -> e.getInvolvedObject().getNamespace() + "/" + e.getInvolvedObject().getName())
        .containsExactlyInAnyOrderElementsOf(client.pods().inAnyNamespace().withField("status.phase", "Pending").list().getItems().stream()
            .filter(p -> p.getSpec().getNodeName() == null).map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList());
    // A node's pods, as its summary's link lists them: exactly the pods scheduled there.
    var all = client.pods().inAnyNamespace().list().getItems();
    String node = all.stream().map(p -> p.getSpec().getNodeName()).filter(n -> n != null).findFirst().orElseThrow();
    assertThat(client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(all.stream().filter(p -> node.equals(p.getSpec().getNodeName())).map(p -> p.getMetadata().getName()).toList())
        .isNotEmpty();
  }

  @Test
  void eachPendingPodHasTheWorkloadItsNameSaysNoneOfItReady() {
    var prometheus = client.pods().inNamespace("monitoring").withName("prometheus-0").get();
    var set = client.apps().statefulSets().inNamespace("monitoring").withName("prometheus").get();
    assertThat(prometheus.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(List.of(o.getKind(), o.getName(), o.getUid())).containsExactly("StatefulSet", "prometheus", set.getMetadata().getUid()));
    assertThat(prometheus.getMetadata().getLabels()).containsAllEntriesOf(set.getSpec().getSelector().getMatchLabels());
    assertThat(set.getStatus().getReadyReplicas()).isZero();

    var indexer = client.pods().inNamespace("checkout").withName("search-indexer-6f7d9c5b8-q2xkp").get();
    var replicaSet = client.apps().replicaSets().inNamespace("checkout").withName("search-indexer-6f7d9c5b8").get();
    assertThat(indexer.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(replicaSet.getMetadata().getUid()));
    assertThat(replicaSet.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", "6f7d9c5b8");
    assertThat(indexer.getMetadata().getLabels()).containsAllEntriesOf(replicaSet.getSpec().getSelector().getMatchLabels());
    var deployment = client.apps().deployments().inNamespace("checkout").withName("search-indexer").get();
    assertThat(replicaSet.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(deployment.getMetadata().getUid()));
    assertThat(deployment.getStatus().getUnavailableReplicas()).isEqualTo(1);
  }

  @Test
  void theControllersMetricsAreBehindTheServiceProxyForThoseAllowedToProxy() throws Exception {
    String text = client.raw(KarpenterDemo.METRICS_PROXY_PATH);
    assertThat(text).contains("karpenter_cloudprovider_instance_type_offering_price_estimate{capacity_type=\"spot\",instance_type=\"m6i.xlarge\",zone=\"us-east-1a\"} 0.0758");
    var readTier = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
        .withImpersonateUsername("rita").withImpersonateGroups("periscope-tier:read").build()).build();
    try (readTier) {
      assertThatThrownBy(() -> readTier.raw(KarpenterDemo.METRICS_PROXY_PATH)).isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }
  }

  @Test
  void onlyTheProductionClusterHasKarpenter() throws Exception {
    try (KubernetesClient other = DemoClusterClients.of(staging)) {
      assertThat(other.apiextensions().v1().customResourceDefinitions().list().getItems())
          .extracting(c -> c.getMetadata().getName()).doesNotContain("nodepools.karpenter.sh", "nodeclaims.karpenter.sh");
    }
  }
}
