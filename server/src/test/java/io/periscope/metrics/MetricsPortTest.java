package io.periscope.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.testkit.PeriscopeHarness;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code server.metricsPort} the scrape endpoint lives only there, and that port serves nothing else. */
class MetricsPortTest {
  @Test
  void metricsOnlyOnTheirOwnPort() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (var harness = new PeriscopeHarness(Map.of("server.metricsPort", String.valueOf(port)))) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("jvm_memory_used_bytes");

      assertThat(http.send(HttpRequest.newBuilder(harness.url("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .as("not on the API port").isEqualTo(404);
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/whoami")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).as("the metrics port serves nothing else").isEqualTo(404);
    }
  }
}
