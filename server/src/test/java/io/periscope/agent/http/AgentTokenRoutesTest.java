package io.periscope.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.periscope.agent.ca.CertificateAuthority;
import io.periscope.agent.registration.AgentRegistrations;
import io.periscope.agent.registration.InMemoryRegistrationStore;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.auth.AuthenticatedUser;
import io.periscope.auth.Principal;
import io.periscope.auth.http.CurrentUser;
import io.periscope.authz.AuthorizationMode;
import io.periscope.authz.Tier;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.http.ErrorMapper;
import io.periscope.http.Json;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.RecordingAuditRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin rule, the audit trail and the token's single use, through real HTTP. */
class AgentTokenRoutesTest {
  private static final Map<String, AuthenticatedUser> USERS = Map.of(
      "admin", user("admin", Optional.of(Tier.ADMIN), false),
      "maintainer", user("maintainer", Optional.of(Tier.MAINTAIN), false),
      "auditor", user("auditor", Optional.empty(), true));

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final RecordingAuditRecorder audit = new RecordingAuditRecorder();
  private AgentRegistrations registrations;
  private Javalin app;
  private final HttpClient http = HttpClient.newHttpClient();

  private static AuthenticatedUser user(String name, Optional<Tier> tier, boolean auditAdmin) {
    return new AuthenticatedUser(new Principal(name, name + "@example.com", List.of("g-" + name)), AuthorizationMode.TIER, tier,
        auditAdmin, Instant.parse("2027-01-01T00:00:00Z"));
  }

  private static ClusterSpec spec(String name, Backend backend) {
    return new ClusterSpec(name, backend, Optional.empty(), Optional.empty(), Optional.empty(), "", Map.of(), Optional.empty(),
        Optional.empty(), backend == Backend.AGENT ? Optional.of(name + "-agent") : Optional.empty());
  }

  @BeforeEach
  void start() {
    registrations = AgentRegistrations.withDefaults(CertificateAuthority.loadOrCreate(dir, clock), new InMemoryRegistrationStore(), clock);
    ClusterRegistry clusters = ClusterRegistry.fixed(List.of(spec("edge-1", Backend.AGENT), spec("prod", Backend.KUBECONFIG)), List.of());
    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jsonMapper(new io.javalin.json.JavalinJackson(Json.mapper(), true));
      cfg.routes.before(ctx -> {
        AuthenticatedUser u = USERS.get(ctx.header("X-Test-User"));
        if (u != null) {
          CurrentUser.set(ctx, u);
        }
      });
      ErrorMapper.register(cfg.routes);
      AgentTokenRoutes.register(cfg.routes, registrations, clusters, audit, clock);
    }).start(0);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  private HttpResponse<String> mint(String user, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/agents/tokens"))
        .header("X-Test-User", user).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAdminMintsASingleUseTokenForTheClustersAgentNameAndItIsAudited() throws Exception {
    HttpResponse<String> r = mint("admin", "{\"cluster\":\"edge-1\"}");

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode json = Json.mapper().readTree(r.body());
    assertThat(json.get("cluster").asText()).isEqualTo("edge-1");
    assertThat(Instant.parse(json.get("expiresAt").asText())).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
    String token = json.get("token").asText();
    assertThat(token).startsWith("psa_").hasSizeGreaterThan(40);
    assertThat(audit.events()).singleElement().satisfies(e -> {
      assertThat(e.verb()).isEqualTo(Verb.AGENT_TOKEN_MINT);
      assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(e.actor().sub()).isEqualTo("admin");
      assertThat(e.target().cluster()).isEqualTo("edge-1");
      assertThat(e.toString()).doesNotContain(token);
    });
  }

  @Test
  void auditAdminsMayMintToo() throws Exception {
    assertThat(mint("auditor", "{\"cluster\":\"edge-1\"}").statusCode()).isEqualTo(201);
  }

  @Test
  void othersAreRefusedAndTheRefusalIsAudited() throws Exception {
    HttpResponse<String> r = mint("maintainer", "{\"cluster\":\"edge-1\"}");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(audit.events()).extracting(AuditEvent::outcome).containsExactly(Outcome.DENIED);
  }

  @Test
  void anonymousUnknownClusterNonAgentClusterAndBadBodiesAreRefused() throws Exception {
    assertThat(mint("nobody", "{\"cluster\":\"edge-1\"}").statusCode()).isEqualTo(401);
    assertThat(mint("admin", "{\"cluster\":\"nope\"}").statusCode()).isEqualTo(404);
    assertThat(mint("admin", "{\"cluster\":\"prod\"}").statusCode()).isEqualTo(400);
    assertThat(mint("admin", "not json").statusCode()).isEqualTo(400);
    assertThat(mint("admin", "{}").statusCode()).isEqualTo(400);
  }
}
