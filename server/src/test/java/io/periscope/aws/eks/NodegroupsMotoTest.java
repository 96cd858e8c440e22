package io.periscope.aws.eks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.testkit.FixedClientConnector;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.MotoServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Upgrade readiness against moto_server's EKS, which implements clusters and managed node groups
 * (not insights or add-ons, whose absence each becomes a named problem; SSM there has no EKS AMI
 * release parameters, so AMI drift is reported unknown rather than "latest").
 */
class NodegroupsMotoTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private MotoServer moto;
  private final MockApiServer apiserver = new MockApiServer();
  private PeriscopeHarness harness;
  private TestBrowser alice;

  @BeforeEach
  void start() throws Exception {
    moto = new MotoServer(Map.of());
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret"));
    var aws = new AwsClients(credentials, Map.of("eks", moto.endpoint(), "ssm", moto.endpoint()), Duration.ofSeconds(20), Clock.systemUTC());
    var eks = aws.eks(Region.EU_WEST_1);
    eks.createCluster(r -> r.name("prod-eks").version("1.31").roleArn("arn:aws:iam::123456789012:role/eks-cluster")
        .resourcesVpcConfig(v -> v.subnetIds("subnet-0a1b2c3d4e5f60718")));
    eks.createNodegroup(r -> r.clusterName("prod-eks").nodegroupName("general").version("1.30").releaseVersion("1.30.4-20241024")
        .amiType("AL2023_x86_64_STANDARD").nodeRole("arn:aws:iam::123456789012:role/eks-node").subnets("subnet-0a1b2c3d4e5f60718"));
    eks.createNodegroup(r -> r.clusterName("prod-eks").nodegroupName("current").version("1.31").releaseVersion("1.31.4-20241205")
        .amiType("AL2023_x86_64_STANDARD").nodeRole("arn:aws:iam::123456789012:role/eks-node").subnets("subnet-0a1b2c3d4e5f60718"));
    var spec = new ClusterSpec("prod", Backend.EKS, Optional.of("eu-west-1"), Optional.empty(), Optional.of("prod-eks"), "production", Map.of(),
        Optional.empty(), Optional.empty(), Optional.empty());
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), List.of(spec),
        List.of(new FixedClientConnector(Backend.EKS, apiserver.client())), b -> b.aws(aws));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @AfterEach
  void stop() {
    harness.close();
    apiserver.close();
    moto.close();
  }

  @Test
  void aNodeGroupBehindTheControlPlaneBlocksAndWhatMotoLacksIsNamed() throws Exception {
    var r = alice.get("/api/clusters/prod/eks/upgrade-readiness");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode page = JSON.readTree(r.body());
    assertThat(page.get("kubernetesVersion").asText()).isEqualTo("1.31");
    assertThat(page.get("nodegroups")).extracting(g -> g.get("name").asText() + "@" + g.get("version").asText() + "/" + g.get("minorsBehind").asInt())
        .containsExactlyInAnyOrder("general@1.30/1", "current@1.31/0");
    assertThat(page.get("nodegroups")).allSatisfy(g -> {
      assertThat(g.get("ami").isNull()).isTrue();
      assertThat(g.get("amiNote").asText()).startsWith("no AMI releases published under /aws/service/eks/optimized-ami/");
    });
    JsonNode verdict = page.get("verdicts").get(0);
    assertThat(verdict.get("targetVersion").asText()).isEqualTo("1.32");
    assertThat(verdict.get("ready").asBoolean()).isFalse();
    assertThat(verdict.get("blockers")).singleElement().satisfies(b -> assertThat(b.get("subject").asText()).isEqualTo("general"));
    assertThat(page.get("problems").toString()).contains("upgrade insights unknown").contains("add-ons unknown");
  }
}
