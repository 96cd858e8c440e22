package io.periscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.periscope.auth.http.SessionFilter;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import io.periscope.testkit.TestEpoch;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/fleet}: the console's background poll gets the person's answer of the last 10 s
 * without asking the apiserver; a reload reads anew; one person's answer never goes to another; an
 * older answer is read again.
 */
@org.junit.jupiter.api.Tag(TestEpoch.TAG)
class RecentFleetAnswersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MutableClock CLOCK = TestEpoch.clock();
  private static PeriscopeHarness harness;
  private static TestBrowser alice;
  private static TestBrowser bob;

  @BeforeAll
  static void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), CLOCK);
    harness.apiserver.client().pods().inNamespace("a").resource(new PodBuilder().withNewMetadata().withName("crashing").endMetadata()
        .withNewStatus().withPhase("Running").addNewContainerStatus().withName("c").withNewState().withNewWaiting()
        .withReason("CrashLoopBackOff").endWaiting().endState().endContainerStatus().endStatus().build()).create();
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
    bob = harness.browser();
    bob.login("bob", List.of("devs"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static List<String> podListsBy() throws InterruptedException {
    return harness.apiserver.drainRequests().stream().filter(r -> r.getPath().startsWith("/api/v1/pods?"))
        .map(r -> r.getHeader("Impersonate-User")).toList();
  }

  private static JsonNode fleet(TestBrowser who) throws Exception {
    return fleet(who, Map.of());
  }

  private static JsonNode poll(TestBrowser who) throws Exception {
    return fleet(who, Map.of(SessionFilter.BACKGROUND_HEADER, "1"));
  }

  private static JsonNode fleet(TestBrowser who, Map<String, String> headers) throws Exception {
    HttpResponse<String> r = who.get(harness.url("/api/fleet"), headers);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void aPollTakesThePersonsRecentAnswerAndNeverAnothers() throws Exception {
    CLOCK.advance(Duration.ofMinutes(1)); // nobody's earlier answer is fresh
    harness.apiserver.drainRequests();

    JsonNode first = fleet(alice);
    CLOCK.advance(Duration.ofSeconds(9));
    JsonNode again = poll(alice);
    JsonNode bobs = poll(bob);

    assertThat(again).isEqualTo(first);
    assertThat(first.path("clusters").get(0).path("failingPods").asInt()).isEqualTo(1);
    assertThat(podListsBy()).containsExactly("alice", "bob");

    CLOCK.advance(Duration.ofSeconds(2));
    JsonNode later = poll(alice);
    assertThat(podListsBy()).containsExactly("alice");
    fleet(alice); // a reload
    assertThat(podListsBy()).containsExactly("alice");
    assertThat(later.path("generatedAt").asText()).isNotEqualTo(first.path("generatedAt").asText());
    assertThat(bobs.path("generatedAt").asText()).as("bob's own read, 9 s after alice's").isNotEqualTo(first.path("generatedAt").asText());
  }
}
