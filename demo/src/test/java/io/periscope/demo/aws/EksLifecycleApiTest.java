package io.periscope.demo.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.periscope.demo.cluster.DemoCluster;
import io.periscope.demo.cluster.DemoEstate;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AddonStatus;
import software.amazon.awssdk.services.eks.model.Category;
import software.amazon.awssdk.services.eks.model.InvalidParameterException;
import software.amazon.awssdk.services.eks.model.ResolveConflicts;
import software.amazon.awssdk.services.eks.model.UpdateStatus;
import software.amazon.awssdk.services.ssm.model.Parameter;

/** The demo account's EKS lifecycle and SSM AMI releases, read and written through the real SDK clients. */
class EksLifecycleApiTest extends FakeAwsAccountTest {
  /** A clock the test moves: add-on writes settle on it. */
  private static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2031-12-31T23:55:00Z"));

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final MovableClock clock = new MovableClock();

  @Override
  Clock clock() {
    return clock;
  }
  private EksClient eks;

  @BeforeEach
  void start() {
    eks = clients.eks(Region.US_EAST_1);
  }

  @Test
  void prodHasTwoBlockingInsightsOneWithDeprecatedApisAndTheirCallers() {
    var summaries = eks.listInsightsPaginator(r -> r.clusterName("prod-us-east-1").maxResults(1)
        .filter(f -> f.categories(Category.UPGRADE_READINESS))).insights().stream().toList();
    assertThat(summaries).hasSize(4);
    assertThat(summaries).filteredOn(s -> s.insightStatus().statusAsString().equals("ERROR")).hasSize(2);
    var deprecated = eks.describeInsight(r -> r.clusterName("prod-us-east-1").id(summaries.getFirst().id())).insight();
    assertThat(deprecated.kubernetesVersion()).isEqualTo("1.32");
    assertThat(deprecated.categorySpecificSummary().deprecationDetails().getFirst().clientStats().getFirst().userAgent())
        .startsWith("kube-prometheus-stack");
    assertThat(deprecated.additionalInfo()).containsValue("https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html");
  }

  /**
   * A managed node group's desired size is the nodes of its cluster that carry its label, as EKS keeps them: production's
   * groups are scaled to zero (its nodes are all Karpenter's), staging's {@code default} runs both its nodes.
   */
  @ParameterizedTest
  @MethodSource("eksEstates")
  void everyNodeGroupsDesiredSizeIsTheClustersNodesLabelledWithIt(DemoEstate estate, Region region) throws Exception {
    Map<String, Integer> labelled = new HashMap<>();
    try (DemoCluster cluster = DemoCluster.start(estate, clock());
         KubernetesClient kube = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(estate.name(),
             Files.readString(cluster.kubeconfig()), cluster.kubeconfig().toString())).build()) {
      kube.nodes().list().getItems().forEach(n -> {
        String group = n.getMetadata().getLabels().get("eks.amazonaws.com/nodegroup");
        if (group != null) {
          labelled.merge(group, 1, Integer::sum);
        }
      });
    }
    EksClient regional = clients.eks(region);
    List<String> groups = regional.listNodegroupsPaginator(r -> r.clusterName(estate.name())).nodegroups().stream().toList();
    assertThat(groups).isNotEmpty().containsAll(labelled.keySet());
    for (String name : groups) {
      var scaling = regional.describeNodegroup(r -> r.clusterName(estate.name()).nodegroupName(name)).nodegroup().scalingConfig();
      assertThat(scaling.desiredSize()).as(estate.name() + " node group " + name).isEqualTo(labelled.getOrDefault(name, 0))
          .isBetween(scaling.minSize(), scaling.maxSize());
    }
  }

  static Stream<Arguments> eksEstates() {
    return Stream.of(Arguments.of(DemoEstate.production(), Region.US_EAST_1), Arguments.of(DemoEstate.staging(), Region.US_WEST_2));
  }

  @Test
  void aNodeGroupSeveralAmiReleasesBehindTheSsmPublicParameters() {
    var group = eks.describeNodegroup(r -> r.clusterName("prod-us-east-1").nodegroupName("general-purpose")).nodegroup();
    assertThat(group.releaseVersion()).isEqualTo("1.31.2-20241024");
    List<Parameter> params = clients.ssm(Region.US_EAST_1).getParametersByPathPaginator(r -> r.recursive(true)
        .path("/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard")).stream().flatMap(p -> p.parameters().stream()).toList();
    assertThat(params).filteredOn(p -> p.name().endsWith("/recommended/release_version")).singleElement()
        .extracting(Parameter::value).isEqualTo("1.31.4-20241219");
    assertThat(params).filteredOn(p -> p.name().endsWith("/release_version") && !p.name().contains("/recommended/")).hasSize(5);
  }

  @Test
  void anAddonUpdateGoesThroughUpdatingToActiveAndIsInTheHistory() {
    assertThat(eks.listAddonsPaginator(r -> r.clusterName("prod-us-east-1")).addons().stream().toList())
        .containsExactly("vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver");
    var update = eks.updateAddon(r -> r.clusterName("prod-us-east-1").addonName("vpc-cni").addonVersion("v1.19.0-eksbuild.1")
        .resolveConflicts(ResolveConflicts.OVERWRITE)).update();
    assertThat(update.status()).isEqualTo(UpdateStatus.IN_PROGRESS);
    assertThat(eks.describeAddon(r -> r.clusterName("prod-us-east-1").addonName("vpc-cni")).addon().status()).isEqualTo(AddonStatus.UPDATING);

    clock.advance(Duration.ofSeconds(5));

    var addon = eks.describeAddon(r -> r.clusterName("prod-us-east-1").addonName("vpc-cni")).addon();
    assertThat(addon.status()).isEqualTo(AddonStatus.ACTIVE);
    assertThat(addon.addonVersion()).isEqualTo("v1.19.0-eksbuild.1");
    assertThat(eks.describeUpdate(r -> r.name("prod-us-east-1").addonName("vpc-cni").updateId(update.id())).update().status())
        .isEqualTo(UpdateStatus.SUCCESSFUL);
    assertThat(eks.listUpdatesPaginator(r -> r.name("prod-us-east-1").addonName("vpc-cni")).updateIds().stream().toList()).hasSize(3);
  }

  @Test
  void aVersionNotPublishedForTheClusterIsRefusedAndTheCatalogFilters() {
    assertThatThrownBy(() -> eks.updateAddon(r -> r.clusterName("prod-us-east-1").addonName("kube-proxy").addonVersion("v1.32.0-eksbuild.2")))
        .isInstanceOf(InvalidParameterException.class).hasMessageContaining("not compatible with cluster version 1.31");
    var storage = eks.describeAddonVersions(r -> r.kubernetesVersion("1.31").types("storage")).addons();
    assertThat(storage).extracting(a -> a.addonName()).containsExactly("aws-ebs-csi-driver");
    var schema = eks.describeAddonConfiguration(r -> r.addonName("vpc-cni").addonVersion("v1.19.0-eksbuild.1"));
    assertThat(schema.configurationSchema()).contains("WARM_IP_TARGET");
    assertThat(schema.podIdentityConfiguration().getFirst().serviceAccount()).isEqualTo("aws-node");
  }
}
