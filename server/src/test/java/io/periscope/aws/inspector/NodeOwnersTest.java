package io.periscope.aws.inspector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.periscope.aws.inspector.InspectorWire.coverage;
import static io.periscope.aws.inspector.InspectorWire.findings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.config.PeriscopeConfig;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.MotoServer;
import io.periscope.testkit.NamedClientConnector;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The hydrate classifies each node by its EC2 instance's tags, read from moto's EC2
 * ({@code DescribeInstances}): the nodes carry no labels at all, so only the tags can say managed
 * node group, Karpenter (with its NodeClaim) or unmanaged. When EC2 refuses (the error in the EC2
 * API reference's XML shape), the findings still come and the nodes fall back to their labels.
 */
class NodeOwnersTest {
  private static final String REGION = "eu-west-1";
  private static MotoServer moto;
  private static AwsClients motoAws;
  private static String nodegroupInstance;
  private static String karpenterInstance;
  private static String plainInstance;
  private static String laterInstance;
  private final MockApiServer apiserver = new MockApiServer();
  private WireMockServer inspector;
  private AwsClients aws;
  private ClusterRegistry registry;
  private InspectorCache cache;

  @BeforeAll
  static void instances() throws Exception {
    moto = new MotoServer(Map.of());
    motoAws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("ec2", moto.endpoint()), Duration.ofSeconds(20), Clock.systemUTC());
    var ec2 = motoAws.ec2(Region.of(REGION));
    String ami = ec2.describeImages(r -> r.owners("amazon")).images().getFirst().imageId();
    nodegroupInstance = run(ec2, ami, List.of(Tag.builder().key("eks:nodegroup-name").value("general").build(),
        Tag.builder().key("eks:cluster-name").value("prod").build()));
    karpenterInstance = run(ec2, ami, List.of(Tag.builder().key("karpenter.sh/nodepool").value("spot").build(),
        Tag.builder().key("karpenter.sh/nodeclaim").value("spot-x7k2p").build()));
    plainInstance = run(ec2, ami, List.of(Tag.builder().key("Name").value("hand-made").build()));
    // one more instance the cluster does not run (yet): the filter by instance id leaves it out
    laterInstance = run(ec2, ami, List.of(Tag.builder().key("eks:nodegroup-name").value("batch").build()));
  }

  private static String run(software.amazon.awssdk.services.ec2.Ec2Client ec2, String ami, List<Tag> tags) {
    return ec2.runInstances(r -> r.imageId(ami).minCount(1).maxCount(1).instanceType("m6i.large")
        .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(tags))).instances().getFirst().instanceId();
  }

  @AfterAll
  static void stopMoto() {
    motoAws.close();
    moto.close();
  }

  @BeforeEach
  void start() {
    inspector = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    inspector.start();
    inspector.stubFor(post(urlEqualTo("/coverage/list")).willReturn(json(coverage(List.of(), null))));
    inspector.stubFor(post(urlEqualTo("/findings/list")).willReturn(json(findings(List.of(), null))));
    var k = apiserver.client();
    for (String id : List.of(nodegroupInstance, karpenterInstance, plainInstance)) {
      k.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-" + id).endMetadata()
          .withNewSpec().withProviderID("aws:///" + REGION + "a/" + id).endSpec().build()).create();
    }
  }

  @AfterEach
  void stop() {
    if (cache != null) {
      cache.close();
    }
    registry.close();
    aws.close();
    apiserver.close();
    inspector.stop();
  }

  private InspectorCache.Snapshot hydrated(URI ec2) {
    aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("inspector2", URI.create(inspector.baseUrl()), "ec2", ec2), Duration.ofSeconds(20), Clock.systemUTC());
    registry = ClusterRegistry.fixed(List.of(new ClusterSpec("prod", Backend.KUBECONFIG, Optional.of(REGION), Optional.empty(),
        Optional.of("prod"), "", Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true))),
        List.of(new NamedClientConnector(Map.of("prod", apiserver.client()))));
    cache = new InspectorCache(registry, new InspectorApi(aws), Clock.systemUTC(), new PeriscopeConfig.Inspector(false, Duration.ofHours(6), 2));
    cache.snapshot("prod");
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> cache.snapshot("prod"),
        s -> s.status() != InspectorCache.Status.PENDING);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
  }

  @Test
  void nodesAreClassifiedByTheirInstancesTags() {
    InspectorCache.Snapshot s = hydrated(moto.endpoint());

    assertThat(s.status()).isEqualTo(InspectorCache.Status.READY);
    assertThat(s.message()).isEmpty();
    assertThat(s.nodes()).extracting(NodeInstance::instanceId, NodeInstance::owner, NodeInstance::ownerName, NodeInstance::nodeClaim)
        .containsExactlyInAnyOrder(
            tuple(nodegroupInstance, NodeInstance.Owner.MANAGED_NODEGROUP, "general", Optional.empty()),
            tuple(karpenterInstance, NodeInstance.Owner.KARPENTER, "spot", Optional.of("spot-x7k2p")),
            tuple(plainInstance, NodeInstance.Owner.UNMANAGED, "", Optional.empty()));
    // the NodeClaim named by the tag gets its chip
    assertThat(InspectorFindings.chipsOf(InspectorEntity.NODECLAIMS, "", s, List.of())).containsOnlyKeys("spot-x7k2p");
  }

  @Test
  void aNodeThatJoinsLaterIsReadAsTheNodeWatchSeesIt() {
    hydrated(moto.endpoint());
    assertThat(cache.snapshot("prod").instances()).doesNotContainKey(laterInstance);

    apiserver.client().nodes().resource(new NodeBuilder().withNewMetadata().withName("node-" + laterInstance).endMetadata()
        .withNewSpec().withProviderID("aws:///" + REGION + "b/" + laterInstance).endSpec().build()).create();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      cache.tick();
      return cache.snapshot("prod").instances().containsKey(laterInstance);
    });

    InspectorCache.Snapshot s = cache.snapshot("prod");
    assertThat(s.instance(laterInstance).state()).as("ListCoverage does not list it").isEqualTo(Scan.State.NOT_SCANNED);
    assertThat(s.nodes()).hasSize(4).filteredOn(n -> n.instanceId().equals(laterInstance)).singleElement()
        .extracting(NodeInstance::owner, NodeInstance::ownerName).containsExactly(NodeInstance.Owner.MANAGED_NODEGROUP, "batch");
    assertThat(InspectorFindings.chipsOf(InspectorEntity.NODES, "", s, List.of())).containsKey("node-" + laterInstance);
  }

  @Test
  void ec2RefusedLeavesTheFindingsAndClassifiesByLabelsSayingWhy() {
    inspector.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml;charset=UTF-8")
        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>UnauthorizedOperation</Code>"
            + "<Message>You are not authorized to perform this operation. User: arn:aws:sts::123456789012:assumed-role/periscope/s is not "
            + "authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action"
            + "</Message></Error></Errors><RequestID>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestID></Response>")));

    InspectorCache.Snapshot s = hydrated(URI.create(inspector.baseUrl()));

    assertThat(s.status()).isEqualTo(InspectorCache.Status.READY);
    assertThat(s.message()).contains("labels").contains("ec2:DescribeInstances");
    assertThat(s.nodes()).hasSize(3).allSatisfy(n -> assertThat(n.owner()).isEqualTo(NodeInstance.Owner.UNMANAGED));
    assertThat(s.instances()).containsOnlyKeys(nodegroupInstance, karpenterInstance, plainInstance);
  }
}
