package io.periscope.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.periscope.agent.link.Agent;
import io.periscope.exec.FakeExecPeer;
import io.periscope.exec.TerminalClient;
import io.periscope.logs.PodLogsTest;
import io.periscope.testkit.ApiserverTap;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.SseEvents;
import io.periscope.testkit.TestBrowser;
import io.periscope.testkit.TestEpoch;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent backend through Periscope's own HTTP API: a real server (tunnel port enabled by
 * configuration), the mock IdP, a real periscope-agent on loopback registered with a token minted
 * over the API, and fabric8's mock apiserver behind the agent.
 */
@Timeout(120)
@Tag(TestEpoch.WALL_CLOCK_TAG)
class AgentBackendEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SA_TOKEN = EdgeAgentCluster.SA_TOKEN;
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String CMS = "[{\"id\":\"cms\",\"cluster\":\"edge\",\"group\":\"core\",\"version\":\"v1\",\"plural\":\"configmaps\","
      + "\"namespace\":\"shop\"}]";

  @TempDir
  Path dir;
  private EdgeAgentCluster edge;
  private PeriscopeHarness harness;
  private TestBrowser admin;
  private TestBrowser alice;
  private Agent agent;

  @BeforeEach
  void start() throws Exception {
    edge = new EdgeAgentCluster(dir, null);
    harness = edge.harness;
    admin = edge.admin;
    alice = edge.alice;
    agent = startAgent(edge.apiserver(), true);
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    edge.close();
  }

  private Agent startAgent(URI apiserver, boolean register) throws Exception {
    return edge.startAgent(apiserver, register);
  }

  private static void assertActsAsAliceWithTheAgentsToken(RecordedRequest r) {
    assertThat(r.getHeaders().headers("Impersonate-User")).as(r.getPath()).containsExactly("alice");
    assertThat(r.getHeaders().headers("Impersonate-Group")).as(r.getPath()).containsExactly("periscope:devs");
    assertThat(r.getHeaders().headers("Authorization")).as(r.getPath()).containsExactly("Bearer " + SA_TOKEN);
  }

  private SseEvents openStream() {
    return new SseEvents(alice.stream("/api/stream?subscriptions=" + URLEncoder.encode(CMS, StandardCharsets.UTF_8),
        Map.of("Accept", "text/event-stream")));
  }

  private static boolean added(SseEvents.Event e, String name) {
    return e.event().equals("change") && e.data().contains("\"ADDED\"") && e.data().contains("\"name\":\"" + name + "\"");
  }

  @Test
  void listGoesThroughTheTunnelAsAliceWithTheAgentsOwnToken() throws Exception {
    harness.apiserver.client().configMaps().inNamespace("shop")
        .resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata().build()).create();
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.get("/api/clusters/edge/resources/core/v1/configmaps?namespace=shop");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("settings");
    List<RecordedRequest> calls = harness.apiserver.drainRequests().stream()
        .filter(c -> c.getPath().startsWith("/api/v1/namespaces/shop/configmaps")).toList();
    assertThat(calls).isNotEmpty().allSatisfy(AgentBackendEndToEndTest::assertActsAsAliceWithTheAgentsToken);
  }

  @Test
  void actionsAndHelmReadsGoThroughTheTunnelAsAliceAndAreAudited() throws Exception {
    harness.apiserver.client().configMaps().inNamespace("shop")
        .resource(new ConfigMapBuilder().withNewMetadata().withName("doomed").endMetadata().build()).create();
    harness.apiserver.drainRequests();

    HttpResponse<String> deleted = alice.mutate("DELETE", "/api/clusters/edge/resources/core/v1/configmaps/shop/doomed", null);
    HttpResponse<String> helm = alice.get("/api/clusters/edge/helm/releases?namespace=shop");

    List<RecordedRequest> calls = harness.apiserver.drainRequests().stream()
        .filter(c -> c.getPath().startsWith("/api/v1/namespaces/shop/")).toList();
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThat(harness.apiserver.client().configMaps().inNamespace("shop").withName("doomed").get()).isNull();
    assertThat(helm.statusCode()).as(helm.body()).isEqualTo(200);
    assertThat(JSON.readTree(helm.body()).get("releases")).isEmpty();
    assertThat(calls).extracting(RecordedRequest::getMethod).contains("DELETE", "GET");
    assertThat(calls).allSatisfy(AgentBackendEndToEndTest::assertActsAsAliceWithTheAgentsToken);
    assertThat(harness.audit.events()).filteredOn(e -> e.verb() == io.periscope.audit.Verb.DELETE)
        .singleElement().satisfies(e -> {
          assertThat(e.outcome()).isEqualTo(io.periscope.audit.Outcome.SUCCESS);
          assertThat(e.actor().sub()).isEqualTo("alice");
          assertThat(e.target().cluster()).isEqualTo("edge");
          assertThat(e.target().name()).isEqualTo("doomed");
        });
  }

  @Test
  void sseWatchDeliversChangesThroughTheTunnel() throws Exception {
    try (SseEvents sse = openStream()) {
      assertThat(sse.status()).isEqualTo(200);
      sse.next(e -> e.event().equals("ready"), WAIT);
      harness.apiserver.client().configMaps().inNamespace("shop")
          .resource(new ConfigMapBuilder().withNewMetadata().withName("live").endMetadata().build()).create();

      sse.next(e -> added(e, "live"), WAIT);
    }
    List<RecordedRequest> watches = harness.apiserver.drainRequests().stream().filter(r -> r.getPath().contains("watch=true")).toList();
    assertThat(watches).isNotEmpty().allSatisfy(AgentBackendEndToEndTest::assertActsAsAliceWithTheAgentsToken);
  }

  @Test
  void killingTheAgentMidWatchEndsTheSubscriptionWithAnErrorAnd503sAtOnceUntilItReconnects() throws Exception {
    try (SseEvents sse = openStream()) {
      sse.next(e -> e.event().equals("ready"), WAIT);

      agent.close();

      SseEvents.Event error = sse.next(e -> e.event().equals("error"), WAIT);
      assertThat(JSON.readTree(error.data()).get("subscription").asText()).isEqualTo("cms");
    }
    long started = System.nanoTime();
    HttpResponse<String> refused = alice.get("/api/clusters/edge/resources/core/v1/configmaps?namespace=shop");
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(refused.statusCode()).isEqualTo(503);
    JsonNode body = JSON.readTree(refused.body());
    assertThat(body.get("code").asText()).isEqualTo("agent_disconnected");
    assertThat(body.get("message").asText()).contains("cluster 'edge'");
    assertThat(body.has("requestId")).isTrue();
    assertThat(millis).as("503 took %d ms", millis).isLessThan(1_000);

    agent = startAgent(URI.create(harness.apiserver.client().getConfiguration().getMasterUrl()), false);

    try (SseEvents sse = openStream()) {
      sse.next(e -> e.event().equals("ready"), WAIT);
      harness.apiserver.client().configMaps().inNamespace("shop")
          .resource(new ConfigMapBuilder().withNewMetadata().withName("after-reconnect").endMetadata().build()).create();
      sse.next(e -> added(e, "after-reconnect"), WAIT);
    }
  }

  @Test
  void logFollowStreamsLinesThroughTheTunnelAndStopsWhenTheBrowserLeaves() throws Exception {
    harness.apiserver.client().pods().inNamespace("shop").resource(PodLogsTest.pod()).create();
    try (ApiserverTap tap = new ApiserverTap(harness.apiserver)) {
      agent.close();
      agent = startAgent(URI.create(tap.client().getConfiguration().getMasterUrl()), true);
      ApiserverTap.LiveStream live = tap.liveStream("/api/v1/namespaces/shop/pods/web/log");

      HttpResponse<InputStream> r = alice.stream("/api/clusters/edge/pods/shop/web/logs?container=app&follow=true");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(live.opened().await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(live.requestHeaders().get("Impersonate-user")).containsExactly("alice");
      assertThat(live.requestHeaders().get("Authorization")).containsExactly("Bearer " + SA_TOKEN);
      var reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
      live.write("first line\n");
      assertThat(reader.readLine()).isEqualTo("first line");
      live.write("second line\n");
      assertThat(reader.readLine()).isEqualTo("second line");

      r.body().close();

      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
        live.write("nobody reads this\n");
        return live.readerGone().getCount() == 0;
      });
    }
  }

  @Test
  void execRoundTripsThroughAnUpgradedTunnelStream() throws Exception {
    harness.apiserver.client().pods().inNamespace("shop").resource(PodLogsTest.pod()).create();
    // As in ExecShellTest: fabric8's pre-exec readiness watch is served from a quiet WebSocket.
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/pods?", req -> req.getPath().contains("watch=true")
        ? new MockResponse().setResponseCode(101).withWebSocketUpgrade(new WebSocketListener() { })
        : null);
    FakeExecPeer peer = new FakeExecPeer();
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/pods/web/exec", peer::upgrade);

    TerminalClient term = TerminalClient.open(harness, alice, "/api/clusters/edge/pods/shop/web/exec?container=app&shell=bash",
        "http://127.0.0.1:" + harness.app.port());

    JsonNode ready = term.nextControl();
    assertThat(ready.get("type").asText()).as(ready.toString()).isEqualTo("ready");
    term.send("{\"type\":\"resize\",\"cols\":100,\"rows\":30}");
    assertThat(peer.resizes.poll(10, TimeUnit.SECONDS)).contains("\"Width\":100");
    term.send("{\"type\":\"stdin\",\"data\":\"hostname\\n\"}");
    await().atMost(WAIT).until(() -> term.output.toString().contains("echo:hostname\n"));
    term.send("{\"type\":\"stdin\",\"data\":\"exit 3\"}");
    JsonNode exit = term.nextControl();
    assertThat(exit.get("type").asText()).as(exit.toString()).isEqualTo("exit");
    assertThat(exit.get("code").asInt()).isEqualTo(3);
    assertActsAsAliceWithTheAgentsToken(peer.requests.getFirst());
  }

  @Test
  void fleetShowsDisconnectedAndDeregisteredAgentClusters() throws Exception {
    assertThat(edge.fleetEntry().get("reachable").asBoolean()).isTrue();
    assertThat(certificatesInUse()).as("the connected agent's certificate is marked in use").hasSize(1);

    agent.close();
    // The server hears of the closed tunnel on its own time (until then a request finds the stream gone): wait for it.
    await().atMost(WAIT).untilAsserted(() -> assertThat(edge.fleetEntry().get("error").asText()).contains("its periscope-agent disconnected at"));
    assertThat(certificatesInUse()).isEmpty();

    agent = startAgent(URI.create(harness.apiserver.client().getConfiguration().getMasterUrl()), true);
    HttpResponse<String> deregistered = admin.mutate("DELETE", "/api/agents/edge", "");
    assertThat(deregistered.statusCode()).as(deregistered.body()).isEqualTo(200);
    await().atMost(WAIT).until(() -> !agent.connected());
    JsonNode entry = edge.fleetEntry();
    assertThat(entry.get("reachable").asBoolean()).isFalse();
    assertThat(entry.get("error").asText()).contains("was deregistered");
    assertThat(edge.agentState()).isEqualTo("agent_deregistered");
  }

  private List<String> certificatesInUse() throws Exception {
    List<String> inUse = new java.util.ArrayList<>();
    new ObjectMapper().readTree(admin.get("/api/agents").body()).get(0).get("certificates")
        .forEach(c -> {
          if (c.get("inUse").asBoolean()) {
            inUse.add(c.get("serial").asText());
          }
        });
    return inUse;
  }
}
