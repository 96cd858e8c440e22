package io.periscope.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  private final AtomicReference<HealthServer.Readiness> readiness = new AtomicReference<>(HealthServer.Readiness.STARTING);
  private final HttpClient http = HttpClient.newHttpClient();
  private HealthServer health;

  @BeforeEach
  void start() {
    health = HealthServer.start(0, readiness::get);
  }

  @AfterEach
  void stop() {
    health.close();
    http.close();
  }

  @Test
  void livenessAnswersWhileTheProcessRunsAndReadinessFollowsTheTunnel() throws Exception {
    assertThat(get("GET", "/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> starting = get("GET", "/readyz");
    assertThat(starting.statusCode()).isEqualTo(503);
    assertThat(starting.body()).isEqualTo("not ready: starting\n");

    readiness.set(new HealthServer.Readiness(true, ""));
    assertThat(get("GET", "/readyz").statusCode()).isEqualTo(200);
    assertThat(get("HEAD", "/readyz").statusCode()).isEqualTo(200);

    readiness.set(new HealthServer.Readiness(false, "UNAVAILABLE: io exception"));
    HttpResponse<String> down = get("GET", "/readyz");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("UNAVAILABLE: io exception");
    assertThat(get("GET", "/healthz").statusCode()).as("a lost tunnel is not a reason to restart the pod").isEqualTo(200);
  }

  @Test
  void servesNothingElse() throws Exception {
    assertThat(get("GET", "/").statusCode()).isEqualTo(404);
    assertThat(get("GET", "/metrics").statusCode()).isEqualTo(404);
    HttpResponse<String> post = get("POST", "/healthz");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
  }

  @Test
  void aTakenPortIsNamedWithTheSettingThatMovesIt() {
    assertThatThrownBy(() -> HealthServer.start(health.port(), readiness::get))
        .hasMessageContaining("port " + health.port()).hasMessageContaining("PERISCOPE_AGENT_HEALTH_PORT");
  }

  private HttpResponse<String> get(String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
