package io.periscope.resources;

import static io.periscope.resources.ResourceFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When the probe first finds a cluster reachable, the server reads its discovery (the same for
 * everyone) and opens its list transport's connection, both as itself, so the first page a person
 * opens waits for neither.
 */
class ReadAheadTest {
  private static PeriscopeHarness harness;
  private static List<RecordedRequest> startup;

  @BeforeAll
  static void start() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), api -> {
      api.serveDiscovery();
      return api.client();
    }, builder -> { });
    startup = harness.apiserver.drainRequests();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void theFirstProbeReadsDiscoveryAsTheServer() {
    List<RecordedRequest> discovery = startup.stream().filter(r -> r.getPath().equals("/api") || r.getPath().equals("/apis")
        || r.getPath().equals("/apis/apps/v1") || r.getPath().startsWith(DiscoveryLoader.CRDS)).toList();

    assertThat(discovery).extracting(RecordedRequest::getPath).contains("/api", "/apis", "/apis/apps/v1", DiscoveryLoader.CRDS);
    assertThat(discovery).allSatisfy(r -> assertThat(r.getHeaders().toMultimap().keySet()).as(r.getPath())
        .noneMatch(h -> h.toLowerCase().startsWith("impersonate-")));
  }

  @Test
  void theListTransportsConnectionIsOpenedAfterwardsWithARequestThatReadsNoObjects() {
    // The probe's /version, the discovery reads, then the list transport's /version.
    assertThat(startup).filteredOn(r -> r.getPath().equals("/version")).hasSize(2)
        .allSatisfy(r -> assertThat(r.getHeaders().toMultimap().keySet()).noneMatch(h -> h.toLowerCase().startsWith("impersonate-")));
    assertThat(startup.getFirst().getPath()).isEqualTo("/version");
    assertThat(startup.getLast().getPath()).isEqualTo("/version");
  }

  @Test
  void theFirstPageFindsTheKindsAlreadyRead() throws Exception {
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    harness.apiserver.drainRequests();

    HttpResponse<String> r = alice.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/discovery");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r.body()).path("kinds").findValuesAsText("plural")).contains("pods", "deployments", "cronjobs");
    assertThat(harness.apiserver.drainRequests()).extracting(RecordedRequest::getPath)
        .noneMatch(p -> p.equals("/api") || p.equals("/apis") || p.startsWith("/api/v1?") || p.equals("/api/v1"));
  }
}
