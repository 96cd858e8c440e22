package io.periscope.aws.inspector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.periscope.aws.inspector.InspectorWire.coverage;
import static io.periscope.aws.inspector.InspectorWire.digest;
import static io.periscope.aws.inspector.InspectorWire.findings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.config.PeriscopeConfig;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.NamedClientConnector;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code inspector.maxConcurrentCalls} bounds Inspector calls over all clusters: with a limit of
 * one and three clusters hydrating at once, each call is sent only after the one before has been
 * answered, which takes Inspector at least its {@value #DELAY_MS} ms here.
 */
class InspectorConcurrencyTest {
  private static final int DELAY_MS = 300;
  private static final List<String> CLUSTERS = List.of("a", "b", "c");
  private final Map<String, MockApiServer> apiservers = new HashMap<>();
  private WireMockServer inspector;
  private AwsClients aws;
  private ClusterRegistry registry;
  private InspectorCache cache;

  @AfterEach
  void stop() {
    cache.close();
    registry.close();
    aws.close();
    apiservers.values().forEach(MockApiServer::close);
    inspector.stop();
  }

  @Test
  void oneCallAtATimeOverAllClusters() {
    inspector = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    inspector.start();
    inspector.stubFor(post(urlEqualTo("/coverage/list")).willReturn(aResponse().withFixedDelay(DELAY_MS).withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(coverage(List.of(), null))));
    inspector.stubFor(post(urlEqualTo("/findings/list")).willReturn(aResponse().withFixedDelay(DELAY_MS).withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(findings(List.of(), null))));
    aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("inspector2", URI.create(inspector.baseUrl())), Duration.ofSeconds(20), Clock.systemUTC());
    String image = InspectorWire.ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com/shop/api:1";
    for (String c : CLUSTERS) {
      MockApiServer apiserver = new MockApiServer();
      apiservers.put(c, apiserver);
      apiserver.client().pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("api").withNamespace("shop")
          .endMetadata().withNewStatus().addNewContainerStatus().withName("app").withImage(image)
          .withImageID(InspectorWire.ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com/shop/api@" + digest(c.charAt(0)))
          .endContainerStatus().endStatus().build()).create();
    }
    registry = ClusterRegistry.fixed(CLUSTERS.stream().map(c -> new ClusterSpec(c, Backend.KUBECONFIG, Optional.of("eu-west-1"),
        Optional.empty(), Optional.of(c), "", Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true))).toList(),
        List.of(new NamedClientConnector(Map.of("a", apiservers.get("a").client(), "b", apiservers.get("b").client(),
            "c", apiservers.get("c").client()))));
    cache = new InspectorCache(registry, new InspectorApi(aws), Clock.systemUTC(), new PeriscopeConfig.Inspector(false, Duration.ofHours(6), 1));

    CLUSTERS.forEach(cache::snapshot); // all three start hydrating at once
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> CLUSTERS.stream().allMatch(c -> cache.snapshot(c).status() == InspectorCache.Status.READY));

    List<Long> received = inspector.getAllServeEvents().stream().map(ServeEvent::getRequest).map(r -> r.getLoggedDate().getTime())
        .sorted().toList();
    assertThat(received).as("coverage and findings of each cluster").hasSize(2 * CLUSTERS.size());
    for (int i = 1; i < received.size(); i++) {
      assertThat(received.get(i) - received.get(i - 1)).as("call %d began %d ms after the one before", i, received.get(i) - received.get(i - 1))
          .isGreaterThanOrEqualTo(DELAY_MS - 5);
    }
  }
}
