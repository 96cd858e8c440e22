package io.periscope.demo.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.aws.inspector.Finding;
import io.periscope.aws.inspector.FindingGroups;
import io.periscope.aws.inspector.InspectorApi;
import io.periscope.demo.cluster.DemoEstate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** The demo account's Inspector through the product's own Inspector reads (the real SDK parses every answer). */
class FakeInspectorTest extends FakeAwsAccountTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2031-12-31T23:55:00Z"), ZoneOffset.UTC);
  private InspectorApi inspector;

  @Override
  Clock clock() {
    return CLOCK;
  }

  @BeforeEach
  void start() {
    aws.scanNodes(List.of(Ec2InstanceIds.of("ip-10-0-1-11.ec2.internal"), Ec2InstanceIds.of("ip-10-0-2-12.ec2.internal")));
    inspector = new InspectorApi(clients);
  }

  @Test
  void everyScannedImageRunsInTheProductionCluster() {
    List<String> images = DemoEstate.production().apps().stream().map(DemoEstate.App::image).toList();
    assertThat(images).contains(InspectorCatalog.PAYMENTS_API, InspectorCatalog.LEDGER_WORKER, InspectorCatalog.CHECKOUT_WEB,
        InspectorCatalog.DEPLOY_BOT, InspectorCatalog.CART_SERVICE, InspectorCatalog.NIGHTLY_REPORT);
  }

  @Test
  void fourImagesAreVulnerable() {
    for (String image : List.of(InspectorCatalog.PAYMENTS_API, InspectorCatalog.LEDGER_WORKER, InspectorCatalog.CHECKOUT_WEB,
        InspectorCatalog.DEPLOY_BOT)) {
      assertThat(inspector.imageFindings(Region.US_EAST_1, List.of(ImageDigests.digest(image)))).as(image).isNotEmpty();
    }
  }

  @Test
  void paymentsApiHasTheStdlibWallOverSeveralPages() {
    List<Finding> findings = inspector.imageFindings(Region.US_EAST_1, List.of(ImageDigests.digest(InspectorCatalog.PAYMENTS_API)));

    assertThat(findings).hasSize(120); // 116 stdlib + 2 x/net + 2 glibc, over more than one page of 100
    var stdlib = FindingGroups.group(findings, FindingGroups.Filter.ALL).stream()
        .filter(g -> g.packageName().equals("stdlib")).findFirst().orElseThrow();
    assertThat(stdlib.upgrade()).isEqualTo(new FindingGroups.Upgrade("1.16.1", "1.26.3", 116, 0));
  }

  @Test
  void coverageTellsScannedCleanAndUnsupportedApart() {
    var coverage = inspector.imageCoverage(Region.US_EAST_1, List.of("example/cart-service", "example/nightly-report"));
    assertThat(coverage).extracting(InspectorApi.Coverage::digest, InspectorApi.Coverage::active).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(ImageDigests.digest(InspectorCatalog.CART_SERVICE), true),
        org.assertj.core.groups.Tuple.tuple(ImageDigests.digest(InspectorCatalog.NIGHTLY_REPORT), false));
    assertThat(inspector.imageFindings(Region.US_EAST_1, List.of(ImageDigests.digest(InspectorCatalog.CART_SERVICE)))).isEmpty();
  }

  @Test
  void theFirstNodeRunsAnOldKernel() {
    String old = Ec2InstanceIds.of("ip-10-0-1-11.ec2.internal");
    assertThat(old).matches("i-0[0-9a-f]{16}");
    var findings = inspector.instanceFindings(Region.US_EAST_1, List.of(old, Ec2InstanceIds.of("ip-10-0-2-12.ec2.internal")));
    assertThat(findings).extracting(Finding::resourceId).containsOnly(old).hasSize(2);
    assertThat(inspector.instanceCoverage(Region.US_EAST_1, List.of(old))).extracting(InspectorApi.Coverage::active).containsExactly(true);
  }

  @Test
  void theNodesInstancesAreTaggedAsTheirManagedNodeGroups() {
    String one = Ec2InstanceIds.of("ip-10-0-1-11.ec2.internal");
    String two = Ec2InstanceIds.of("ip-10-0-2-12.ec2.internal");

    var tags = inspector.instanceTags(Region.US_EAST_1, List.of(one, two, "i-0000000000000dead"));

    assertThat(tags).containsOnlyKeys(one, two); // an instance EC2 does not know is left out of the filter
    assertThat(tags.get(one)).containsEntry("eks:nodegroup-name", "general").containsEntry("eks:cluster-name", DemoEstate.PRODUCTION);
  }
}
