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
import io.periscope.auth.http.CurrentUser;
import io.periscope.authz.AuthorizationMode;
import io.periscope.authz.Tier;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.http.ErrorMapper;
import io.periscope.json.Json;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.RecordingAuditRecorder;
import io.periscope.testkit.TestEpoch;
import io.periscope.testkit.TestUsers;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin rule, the audit trail, minting, deregistration, revocation and CA rotation, through real HTTP. */
@Tag(TestEpoch.TAG)
class AgentRoutesTest {
  private static final TestUsers TIER_MODE = TestUsers.in(AuthorizationMode.TIER)
      .tier("g-admin", Tier.ADMIN).tier("g-maintainer", Tier.MAINTAIN).auditAdmins("g-auditor")
      .expiringAt(TestEpoch.instant().plus(Duration.ofDays(365)));
  private static final Map<String, AuthenticatedUser> USERS = Map.of(
      "admin", TIER_MODE.user("admin", "g-admin"),
      "maintainer", TIER_MODE.user("maintainer", "g-maintainer"),
      "auditor", TIER_MODE.user("auditor", "g-auditor"),
      // Shared mode's fallback: everyone in allowedGroups reads the audit log, and administers nothing.
      "shared-reader", TestUsers.in(AuthorizationMode.SHARED).allowed("staff")
          .expiringAt(TestEpoch.instant().plus(Duration.ofDays(365))).user("shared-reader", "staff"));

  @TempDir
  Path dir;
  private final MutableClock clock = TestEpoch.clock();
  private final RecordingAuditRecorder audit = new RecordingAuditRecorder();
  private AgentRegistrations registrations;
  private Javalin app;
  private final HttpClient http = HttpClient.newHttpClient();

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
      AgentRoutes.register(cfg.routes, registrations, java.util.Optional.empty(), clusters, audit, clock);
    }).start(0);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  private HttpResponse<String> mint(String user, String body) throws Exception {
    return send(user, "POST", "/api/agents/tokens", body);
  }

  private HttpResponse<String> send(String user, String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .header("X-Test-User", user).method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private java.security.cert.X509Certificate register(String agent) throws Exception {
    var g = java.security.KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    var pair = g.generateKeyPair();
    byte[] csr = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(new javax.security.auth.x500.X500Principal("CN=a"),
        pair.getPublic()).build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()))
        .getEncoded();
    return registrations.redeem(registrations.mint(agent).token(), csr).certificate();
  }

  @Test
  void deregisteringRevokesEveryCertificateOfTheClustersAgentAndIsAudited() throws Exception {
    var first = register("edge-1-agent");
    var second = register("edge-1-agent");

    assertThat(send("maintainer", "DELETE", "/api/agents/edge-1", "").statusCode()).isEqualTo(403);
    assertThat(registrations.revoked(first.getSerialNumber())).isFalse();
    HttpResponse<String> r = send("admin", "DELETE", "/api/agents/edge-1", "");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(r.body()).get("revokedCertificates").asInt()).isEqualTo(2);
    assertThat(registrations.revoked(first.getSerialNumber())).isTrue();
    assertThat(registrations.revoked(second.getSerialNumber())).isTrue();
    assertThat(registrations.deregisteredAt("edge-1-agent")).contains(clock.instant());
    assertThat(audit.events()).extracting(AuditEvent::verb, AuditEvent::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Verb.AGENT_DEREGISTER, Outcome.DENIED),
            org.assertj.core.groups.Tuple.tuple(Verb.AGENT_DEREGISTER, Outcome.SUCCESS));
    assertThat(send("admin", "DELETE", "/api/agents/prod", "").statusCode()).isEqualTo(400);
    assertThat(send("admin", "DELETE", "/api/agents/nope", "").statusCode()).isEqualTo(404);
    // Refusals of admin mutations are audited too (a 400 for a non-agent cluster is input, not an action).
    assertThat(audit.events()).extracting(AuditEvent::verb, AuditEvent::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Verb.AGENT_DEREGISTER, Outcome.DENIED),
            org.assertj.core.groups.Tuple.tuple(Verb.AGENT_DEREGISTER, Outcome.SUCCESS),
            org.assertj.core.groups.Tuple.tuple(Verb.AGENT_DEREGISTER, Outcome.FAILURE));
  }

  @Test
  void aSingleCertificateCanBeRevokedBySerialAndTheListShowsIt() throws Exception {
    var kept = register("edge-1-agent");
    var revoked = register("edge-1-agent");
    String serial = revoked.getSerialNumber().toString(16);

    HttpResponse<String> r = send("auditor", "POST", "/api/agents/certificates/" + serial + "/revoke", "");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(r.body()).get("cluster").asText()).isEqualTo("edge-1-agent");
    assertThat(registrations.revoked(revoked.getSerialNumber())).isTrue();
    assertThat(registrations.revoked(kept.getSerialNumber())).isFalse();
    assertThat(audit.events()).singleElement().satisfies(e -> {
      assertThat(e.verb()).isEqualTo(Verb.AGENT_CERTIFICATE_REVOKE);
      assertThat(e.target().name()).isEqualTo(serial);
      assertThat(e.target().cluster()).isEqualTo("edge-1-agent");
    });
    JsonNode list = Json.mapper().readTree(send("admin", "GET", "/api/agents", "").body());
    assertThat(list).singleElement().satisfies(a -> {
      assertThat(a.get("cluster").asText()).isEqualTo("edge-1");
      assertThat(a.get("state").asText()).isEqualTo("agent_tunnel_disabled");
      assertThat(a.get("certificates")).extracting(c -> c.get("serial").asText() + "=" + c.get("revoked").asBoolean())
          .containsExactlyInAnyOrder(kept.getSerialNumber().toString(16) + "=false", serial + "=true");
    });
    assertThat(send("maintainer", "GET", "/api/agents", "").statusCode()).isEqualTo(403);
    assertThat(send("admin", "POST", "/api/agents/certificates/abc123/revoke", "").statusCode()).isEqualTo(404);
    assertThat(send("admin", "POST", "/api/agents/certificates/not-hex/revoke", "").statusCode()).isEqualTo(400);
  }

  @Test
  void rotatingTheCaAnswersTheNewCaAndOldCertificatesStopBeingAdmitted() throws Exception {
    var old = register("edge-1-agent");
    String oldPem = registrations.ca().certificatePem();

    assertThat(send("maintainer", "POST", "/api/agents/ca/rotate", "").statusCode()).isEqualTo(403);
    assertThat(registrations.ca().certificatePem()).isEqualTo(oldPem);
    HttpResponse<String> r = send("admin", "POST", "/api/agents/ca/rotate", "");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode json = Json.mapper().readTree(r.body());
    assertThat(json.get("caPem").asText()).isEqualTo(registrations.ca().certificatePem()).isNotEqualTo(oldPem);
    assertThat(json.get("sha256Fingerprint").asText()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> registrations.admit(old)))
        .isInstanceOf(io.periscope.agent.registration.RegistrationException.class).hasMessageContaining("certificate_unknown_ca");
    assertThat(audit.events()).extracting(AuditEvent::verb).containsExactly(Verb.AGENT_CA_ROTATE, Verb.AGENT_CA_ROTATE);
  }

  @Test
  void adminsReadTheCaCertificateAgentsNeedAsTheirBundle() throws Exception {
    assertThat(send("maintainer", "GET", "/api/agents/ca", "").statusCode()).isEqualTo(403);
    HttpResponse<String> r = send("auditor", "GET", "/api/agents/ca", "");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode json = Json.mapper().readTree(r.body());
    assertThat(json.get("caPem").asText()).isEqualTo(registrations.ca().certificatePem()).doesNotContain("PRIVATE");
    assertThat(json.get("sha256Fingerprint").asText()).isEqualTo(CertificateAuthority.fingerprint(registrations.ca().certificate()));
    assertThat(audit.events()).as("reading a public certificate is not an audited action").isEmpty();
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
    assertThat(json.get("serverUrl").isNull()).as("no tunnel hostnames known here").isTrue();
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
  void anAuditReaderByTheSharedModeFallbackMayNotMintRevokeOrRotate() throws Exception {
    assertThat(mint("shared-reader", "{\"cluster\":\"edge-1\"}").statusCode()).isEqualTo(403);
    assertThat(send("shared-reader", "POST", "/api/agents/ca/rotate", "").statusCode()).isEqualTo(403);
    assertThat(send("shared-reader", "DELETE", "/api/agents/edge-1", "").statusCode()).isEqualTo(403);
    assertThat(audit.events()).extracting(AuditEvent::outcome).containsOnly(Outcome.DENIED).hasSize(3);
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

  @Test
  void reBindingBindsTheClustersAgentNameListsItAndRefusesWhatIsNotAUidOrNotAnAgentCluster() throws Exception {
    var identities = registrations.identities();
    identities.check("edge-1-agent", "uid-a");
    clock.advance(Duration.ofMinutes(1));
    identities.check("edge-1-agent", "uid-b");
    JsonNode before = Json.mapper().readTree(send("admin", "GET", "/api/agents", "").body()).get(0).get("identity");
    assertThat(before.get("boundUid").asText()).isEqualTo("uid-a");
    assertThat(before.at("/conflict/uid").asText()).isEqualTo("uid-b");
    assertThat(before.get("live").isNull()).as("no tunnel here: no agent connected").isTrue();

    assertThat(send("maintainer", "POST", "/api/agents/edge-1/identity/rebind", "{\"uid\":\"uid-b\"}").statusCode()).isEqualTo(403);
    for (String bad : List.of("{}", "not json", "{\"uid\":\"\"}", "{\"uid\":\"uid b\"}", "{\"uid\":\"" + "x".repeat(129) + "\"}")) {
      assertThat(send("admin", "POST", "/api/agents/edge-1/identity/rebind", bad).statusCode()).as(bad).isEqualTo(400);
    }
    assertThat(send("admin", "POST", "/api/agents/prod/identity/rebind", "{\"uid\":\"uid-b\"}").statusCode()).isEqualTo(400);
    assertThat(send("admin", "POST", "/api/agents/nope/identity/rebind", "{\"uid\":\"uid-b\"}").statusCode()).isEqualTo(404);
    assertThat(identities.binding("edge-1-agent").orElseThrow().uid()).as("nothing refused changed anything").isEqualTo("uid-a");

    HttpResponse<String> r = send("admin", "POST", "/api/agents/edge-1/identity/rebind", "{\"uid\":\"uid-b\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = Json.mapper().readTree(r.body());
    assertThat(answer.get("cluster").asText()).isEqualTo("edge-1");
    assertThat(answer.get("uid").asText()).isEqualTo("uid-b");
    assertThat(answer.get("previousUid").asText()).isEqualTo("uid-a");
    JsonNode after = Json.mapper().readTree(send("admin", "GET", "/api/agents", "").body()).get(0).get("identity");
    assertThat(after.get("boundUid").asText()).isEqualTo("uid-b");
    assertThat(after.get("boundAt").asText()).isEqualTo(clock.instant().toString());
    assertThat(after.get("conflict").isNull()).isTrue();
    assertThat(audit.events()).filteredOn(e -> e.verb() == Verb.AGENT_IDENTITY_REBIND)
        .extracting(AuditEvent::outcome, e -> e.target().cluster(), e -> e.target().name())
        .as("the refusal of a non-admin and the re-bind; bad input (400) leaves no row; a cluster not found is a failure")
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Outcome.DENIED, "edge-1", "uid-b"),
            org.assertj.core.groups.Tuple.tuple(Outcome.FAILURE, "nope", "uid-b"),
            org.assertj.core.groups.Tuple.tuple(Outcome.SUCCESS, "edge-1", "uid-b"));
  }
}
