package io.periscope.aws.inspector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.periscope.aws.inspector.InspectorWire.coverage;
import static io.periscope.aws.inspector.InspectorWire.digest;
import static io.periscope.aws.inspector.InspectorWire.findings;
import static io.periscope.aws.inspector.InspectorWire.imageFinding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.config.PeriscopeConfig;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.NamedClientConnector;
import io.periscope.testkit.TestEpoch;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The cache's life on a clock: the 6-hour refresh, digests the pod watch sees appear, and one
 * cluster refused by Inspector while another reads fine (requests are told apart by the region
 * they are signed for).
 */
class InspectorCacheTest {
  private static final String ECR = InspectorWire.ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com/";
  private final MockApiServer euApiserver = new MockApiServer();
  private final MockApiServer usApiserver = new MockApiServer();
  private final MutableClock clock = TestEpoch.clock();
  private WireMockServer inspector;
  private AwsClients aws;
  private ClusterRegistry registry;
  private InspectorCache cache;

  @BeforeEach
  void start() {
    inspector = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    inspector.start();
    aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("inspector2", URI.create(inspector.baseUrl())), Duration.ofSeconds(20), clock);
    registry = ClusterRegistry.fixed(List.of(spec("eu", "eu-west-1"), spec("us", "us-east-1")),
        List.of(new NamedClientConnector(Map.of("eu", euApiserver.client(), "us", usApiserver.client()))));
    cache = new InspectorCache(registry, new InspectorApi(aws), clock, new PeriscopeConfig.Inspector(true, Duration.ofHours(6), 2));
    inspector.stubFor(post(urlEqualTo("/coverage/list")).willReturn(json(200, coverage(List.of(), null))));
    inspector.stubFor(post(urlEqualTo("/findings/list")).withHeader("Authorization", containing("/eu-west-1/inspector2/"))
        .willReturn(json(200, findings(List.of(imageFinding("CVE-2024-1", "HIGH", digest('1'), "shop/api", "", "stdlib", "GOBINARY",
            "1.21.1", "1.21.5", false), imageFinding("CVE-2024-2", "CRITICAL", digest('2'), "shop/api", "", "stdlib", "GOBINARY",
            "1.22.0", "1.22.2", false)), null))));
    inspector.stubFor(post(urlEqualTo("/findings/list")).withHeader("Authorization", containing("/us-east-1/inspector2/"))
        .willReturn(json(403, InspectorWire.error("AccessDeniedException", "not authorized to perform: inspector2:ListFindings"))));
    euApiserver.client().pods().inNamespace("shop").resource(pod("api-1", digest('1'))).create();
    usApiserver.client().pods().inNamespace("shop").resource(pod("api-1", digest('1'))).create();
  }

  @AfterEach
  void stop() {
    cache.close();
    registry.close();
    aws.close();
    euApiserver.close();
    usApiserver.close();
    inspector.stop();
  }

  private static ClusterSpec spec(String name, String region) {
    return new ClusterSpec(name, Backend.KUBECONFIG, Optional.of(region), Optional.empty(), Optional.of(name), "", Map.of(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  private static Pod pod(String name, String digest) {
    String image = ECR + "shop/api:" + name;
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec()
        .withNewStatus().addNewContainerStatus().withName("app").withImage(image).withImageID(ECR + "shop/api@" + digest).endContainerStatus()
        .endStatus().build();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  private InspectorCache.Snapshot settled(String cluster) {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> cache.snapshot(cluster),
        s -> s.status() != InspectorCache.Status.PENDING);
  }

  private int findingCalls(String region) {
    return inspector.findAll(postRequestedFor(urlEqualTo("/findings/list")).withHeader("Authorization", containing("/" + region + "/"))).size();
  }

  @Test
  void oneClusterRefusedDoesNotHoldUpAnother() {
    assertThat(settled("us").status()).isEqualTo(InspectorCache.Status.LOCKED);
    assertThat(cache.snapshot("us").message()).contains("inspector2:ListFindings");
    InspectorCache.Snapshot eu = settled("eu");
    assertThat(eu.status()).isEqualTo(InspectorCache.Status.READY);
    assertThat(eu.image(digest('1')).counts().high()).isEqualTo(1);
  }

  @Test
  void aRefusedClusterIsAskedAgainAfterABackoffThatDoubles() {
    settled("us");
    await().atMost(Duration.ofSeconds(30)).until(() -> !cache.reading("us"));
    int first = findingCalls("us-east-1");

    clock.advance(Duration.ofSeconds(59));
    cache.tick();
    assertThat(findingCalls("us-east-1")).as("before the first minute").isEqualTo(first);

    clock.advance(Duration.ofSeconds(1));
    cache.tick();
    await().atMost(Duration.ofSeconds(30)).until(() -> findingCalls("us-east-1") > first);
    int second = findingCalls("us-east-1");
    await().atMost(Duration.ofSeconds(30)).until(() -> !cache.reading("us"));

    clock.advance(Duration.ofMinutes(1));
    cache.tick();
    assertThat(findingCalls("us-east-1")).as("the backoff doubled to two minutes").isEqualTo(second);
    clock.advance(Duration.ofMinutes(1));
    cache.tick();
    await().atMost(Duration.ofSeconds(30)).until(() -> findingCalls("us-east-1") > second);
  }

  @Test
  void refreshedAfterSixHoursAndNotBefore() {
    settled("eu");
    int first = findingCalls("eu-west-1");

    clock.advance(Duration.ofHours(5));
    cache.tick();
    assertThat(cache.snapshot("eu").readAt()).isEqualTo(TestEpoch.instant());
    assertThat(findingCalls("eu-west-1")).isEqualTo(first);

    clock.advance(Duration.ofHours(1));
    cache.tick();
    await().atMost(Duration.ofSeconds(30)).until(() -> cache.snapshot("eu").readAt().equals(TestEpoch.instant().plus(Duration.ofHours(6))));
    assertThat(findingCalls("eu-west-1")).isGreaterThan(first);
  }

  @Test
  void aDigestThePodWatchSeesAppearIsReadOnTheNextPass() {
    settled("eu");
    assertThat(cache.snapshot("eu").images()).doesNotContainKey(digest('2'));

    euApiserver.client().pods().inNamespace("shop").resource(pod("api-2", digest('2'))).create();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      cache.tick();
      return cache.snapshot("eu").images().containsKey(digest('2'));
    });

    Scan scan = cache.snapshot("eu").image(digest('2'));
    assertThat(scan.state()).isEqualTo(Scan.State.SCANNED);
    assertThat(scan.counts().critical()).isEqualTo(1);
    assertThat(cache.pods("eu")).hasSize(2);
  }
}
