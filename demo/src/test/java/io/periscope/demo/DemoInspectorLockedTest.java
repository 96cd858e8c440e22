package io.periscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.demo.cluster.DemoEstate;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo with {@code inspector2:ListCoverage} refused to the server's role (as {@code --aws-deny}
 * does): the fleet's Images page says why production's builds carry no CVE chip, naming the action.
 */
class DemoInspectorLockedTest {
  private static DevServer server;
  private static String alice;

  @BeforeAll
  static void start() throws Exception {
    server = DevServer.start(new DevServer.Options(0, 0, new DevServer.ClusterSource.Demo(List.of("inspector2:ListCoverage")), Map.of()));
    alice = DevSession.login(server, "alice", List.of("developers"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theImagesOfAClusterWhoseInspectorIsRefusedSayWhyTheyHaveNoCves() {
    // The first ask starts the cluster's read from Inspector in the background; its refusal shows on a later ask.
    JsonNode prod = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> part(get("/api/fleet/images"),
        DemoEstate.PRODUCTION), p -> !p.path("cvesUnavailable").isNull());

    assertThat(prod.get("status").asText()).isEqualTo("ok");
    assertThat(prod.get("cvesUnavailable").asText()).contains("inspector2:ListCoverage");
    JsonNode answer = get("/api/fleet/images");
    assertThat(answer.get("images")).filteredOn(i -> i.get("reference").asText().endsWith("example/payments-api:2.14.1"))
        .singleElement().satisfies(i -> assertThat(i.at("/digests/0/cves").isNull()).isTrue());
    JsonNode edge = part(answer, "factory-edge");
    assertThat(edge.get("pods").asInt()).isPositive();
    assertThat(edge.get("cvesUnavailable").isNull()).as("not on AWS: Inspector is off there, nothing to explain").isTrue();
  }

  private static JsonNode part(JsonNode answer, String cluster) {
    for (JsonNode p : answer.get("clusters")) {
      if (p.get("cluster").asText().equals(cluster)) {
        return p;
      }
    }
    throw new AssertionError("no part for " + cluster + " in " + answer.get("clusters"));
  }

  private static JsonNode get(String path) {
    try {
      return DevSession.json(DevSession.get(URI.create(server.url().resolve(path).toString()), alice), 200);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
