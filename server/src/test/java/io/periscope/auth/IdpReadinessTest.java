package io.periscope.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.periscope.PeriscopeApp;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.config.ConfigLoader;
import io.periscope.config.PeriscopeConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

  @Test
  void anIdentityProviderThatAnswersLaterMakesItReadyAndBothStatesAreLogged() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI issuer = URI.create("http://127.0.0.1:" + port + "/main");
    var oidc = new OidcClient(new PeriscopeConfig.Oidc(issuer, "periscope", "secret", List.of("openid"), "groups", "email", false),
        URI.create("http://127.0.0.1:1/api/auth/callback"), Clock.systemUTC());
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(IdpReadiness.class);
    logs.start();
    logger.addAppender(logs);
    MockOAuth2Server idp = new MockOAuth2Server();
    try (IdpReadiness readiness = IdpReadiness.start(oidc, Duration.ofMillis(100))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> readiness.problem().isPresent());
      assertThat(readiness.problem().get()).contains("127.0.0.1:" + port);

      idp.start(InetAddress.getLoopbackAddress(), port);
      await().atMost(Duration.ofSeconds(20)).until(() -> readiness.problem().isEmpty());
    } finally {
      idp.shutdown();
      logger.detachAppender(logs);
    }
    List<ILoggingEvent> events = List.copyOf(logs.list);
    // A warning when the problem is new or changes (e.g. refused, then a time-out while the IdP starts).
    List<String> warnings = events.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(warnings).isNotEmpty()
        .allSatisfy(w -> assertThat(w).startsWith("identity provider unreachable").contains("127.0.0.1:" + port));
    assertThat(events.getLast().getLevel()).isEqualTo(Level.INFO);
    assertThat(events.getLast().getFormattedMessage()).isEqualTo("identity provider reachable: " + issuer);
  }
}
