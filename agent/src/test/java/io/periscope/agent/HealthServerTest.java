package io.periscope.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.agent.link.Agent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
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
  void livenessAnswersWhileTheProcessRunsAndReadinessFollowsTheTunnels() throws Exception {
    assertThat(get("GET", "/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> starting = get("GET", "/readyz");
    assertThat(starting.statusCode()).isEqualTo(503);
    assertThat(starting.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(JSON.readTree(starting.body()).get("reason").asText()).isEqualTo("starting");

    readiness.set(new HealthServer.Readiness(true, "1 of 2 tunnels up", List.of(
        new Agent.TunnelState("10.0.0.5:8443", true, ""), new Agent.TunnelState("10.0.0.6:8443", false, "UNAVAILABLE: io exception"))));
    HttpResponse<String> ready = get("GET", "/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(ready.body());
    assertThat(body.get("ready").asBoolean()).isTrue();
    assertThat(body.get("tunnelsUp").asInt()).isEqualTo(1);
    assertThat(body.get("tunnels")).extracting(t -> t.get("address").asText() + " " + t.get("connected").asBoolean() + " "
        + t.get("lastError").asText()).containsExactly("10.0.0.5:8443 true ", "10.0.0.6:8443 false UNAVAILABLE: io exception");
    assertThat(get("HEAD", "/readyz").statusCode()).isEqualTo(200);

    readiness.set(new HealthServer.Readiness(false, "UNAVAILABLE: io exception"));
    HttpResponse<String> down = get("GET", "/readyz");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(down.body()).get("reason").asText()).isEqualTo("UNAVAILABLE: io exception");
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
