package io.periscope.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.periscope.PeriscopeApp;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.config.ConfigLoader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code /readyz} names an identity provider whose discovery document cannot be loaded. */
class IdpReadinessTest {
  @Test
  void anUnreachableIdentityProviderMakesTheServerNotReadyAndSaysWhy() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort(); // closed again: nothing listens there
    }
    var config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(
        "server.bindAddress", "127.0.0.1", "server.port", "0", "server.publicUrl", "http://127.0.0.1:1",
        "auth.oidc.issuer", "http://127.0.0.1:" + deadPort + "/realms/main", "auth.oidc.clientId", "periscope",
        "auth.oidc.clientSecret", "secret"));
    try (PeriscopeApp app = PeriscopeApp.builder(config).clusters(ClusterRegistry.fixed(List.of(), List.of())).start();
        HttpClient http = HttpClient.newHttpClient()) {
      var readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/readyz")).build();

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        HttpResponse<String> r = http.send(readyz, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("not_ready").contains("identity provider").contains("127.0.0.1:" + deadPort);
      });
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).as("alive all the same").isEqualTo(200);
    }
  }
}
