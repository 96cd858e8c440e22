package io.periscope.karpenter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shared mode: the controller metrics scrape goes out as whatever identity the mode gives, like
 * every other read. On the server's own identity that is no {@code Impersonate-*} header at all, and
 * one scrape serves everyone (they all read as the server); with {@code sharedIdentity: impersonate}
 * each person scrapes as their subject in the shared group.
 */
class KarpenterSharedModeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/karpenter";
  private static final String METRICS_PROXY = "/api/v1/namespaces/kube-system/services/karpenter:http-metrics/proxy/metrics";
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    harness.close();
  }

  /** A cluster with Karpenter whose metrics proxy answers only {@code allowed} requests (as RBAC would), 403 otherwise. */
  private void start(Map<String, String> config, java.util.function.Predicate<RecordedRequest> allowed) {
    harness = new PeriscopeHarness(config);
    harness.apiserver.serveDiscovery();
    KarpenterApiTest.seedKarpenter(harness.apiserver.client());
    String metrics = KarpenterApiTest.resource("/karpenter/controller-metrics.txt");
    harness.apiserver.answer("GET", METRICS_PROXY, request -> allowed.test(request)
        ? new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").setBody(metrics)
        : KarpenterApiTest.forbidden("services \\\"karpenter:http-metrics\\\" is forbidden"));
  }

  private static JsonNode overview(TestBrowser who) throws Exception {
    var r = who.get(PATH);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static double spotHourly(JsonNode overview) {
    for (JsonNode p : overview.path("nodePools")) {
      if (p.path("name").asText().equals("spot-general")) {
        return p.path("cost").path("hourly").asDouble(-1);
      }
    }
    throw new AssertionError("no spot-general pool in " + overview);
  }

  private List<RecordedRequest> scrapes() throws InterruptedException {
    return harness.apiserver.drainRequests().stream().filter(r -> r.getPath().startsWith(METRICS_PROXY)).toList();
  }

  @Test
  void onTheServersIdentityTheScrapeCarriesNoImpersonationAndOneServesEveryone() throws Exception {
    start(Map.of(), r -> r.getHeaders().toMultimap().keySet().stream().noneMatch(h -> h.toLowerCase().startsWith("impersonate-")));
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    TestBrowser bob = harness.browser();
    bob.login("bob", List.of());
    harness.apiserver.drainRequests();

    JsonNode forAlice = overview(alice);
    JsonNode forBob = overview(bob);

    assertThat(forAlice.path("metrics").path("available").asBoolean()).as(forAlice.toString()).isTrue();
    assertThat(spotHourly(forAlice)).isEqualTo(0.0915);
    assertThat(spotHourly(forBob)).isEqualTo(0.0915);
    assertThat(scrapes()).singleElement().satisfies(r -> assertThat(r.getHeaders().toMultimap().keySet())
        .noneMatch(h -> h.toLowerCase().startsWith("impersonate-")));
  }

  @Test
  void sharedModeImpersonatingScrapesAsEachPersonInTheSharedGroup() throws Exception {
    start(Map.of("auth.authorization.mode", "shared", "auth.authorization.sharedIdentity", "impersonate"),
        r -> "periscope-shared".equals(r.getHeader("Impersonate-Group")));
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    TestBrowser bob = harness.browser();
    bob.login("bob", List.of());
    harness.apiserver.drainRequests();

    assertThat(spotHourly(overview(alice))).isEqualTo(0.0915);
    assertThat(spotHourly(overview(bob))).isEqualTo(0.0915);
    assertThat(scrapes()).extracting(r -> r.getHeader("Impersonate-User") + "/" + r.getHeaders().headers("Impersonate-Group"))
        .containsExactly("alice/[periscope-shared]", "bob/[periscope-shared]");
  }
}
