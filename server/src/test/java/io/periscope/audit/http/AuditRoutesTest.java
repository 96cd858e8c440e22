package io.periscope.audit.http;

import static io.periscope.audit.AuditEvents.T0;
import static io.periscope.audit.AuditEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.periscope.audit.AsyncAuditRecorder;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.FlushOutcome;
import io.periscope.audit.Outcome;
import io.periscope.audit.RecorderSettings;
import io.periscope.audit.Verb;
import io.periscope.audit.store.AuditFilter;
import io.periscope.audit.store.SqliteAuditStore;
import io.periscope.auth.http.CurrentUser;
import io.periscope.authz.AuthorizationMode;
import io.periscope.authz.Principal;
import io.periscope.http.ApiError;
import io.periscope.http.RequestIds;
import io.periscope.json.Json;
import io.periscope.problem.Problem;
import io.periscope.testkit.TestUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Black-box: a real Javalin on a random port, a real SQLite store, a real recorder. */
class AuditRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TestUsers USERS = TestUsers.in(AuthorizationMode.SHARED).auditAdmins("audit-admins").expiringAt(T0.plusSeconds(86_400));
  @TempDir Path dir;
  private SqliteAuditStore store;
  private AsyncAuditRecorder recorder;
  private Javalin app;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    store = SqliteAuditStore.open(dir.resolve("audit.db"));
    recorder = AsyncAuditRecorder.start(List.of(store), RecorderSettings.DEFAULTS, new SimpleMeterRegistry());
    app = Javalin.create(cfg -> {
      cfg.routes.before(ctx -> {
        String sub = ctx.header("X-Test-User");
        if (sub != null) {
          List<String> groups = "true".equals(ctx.header("X-Test-Admin")) ? List.of("g", "audit-admins") : List.of("g");
          CurrentUser.set(ctx, USERS.user(new Principal(sub, sub + "@corp.example", groups)));
        }
      });
      cfg.routes.exception(Problem.class, (e, ctx) -> ctx.status(e.status()).contentType("application/json")
          .result(errorBody(new ApiError(e.code(), e.getMessage(), RequestIds.of(ctx)))));
      AuditRoutes.register(cfg.routes, store, recorder, Clock.fixed(T0, ZoneOffset.UTC));
    }).start(0);
  }

  @AfterEach
  void stop() {
    app.stop();
    recorder.close();
    store.close();
  }

  @Test
  void adminsSeeEveryRowOthersOnlyTheirOwn() throws Exception {
    seed();

    assertThat(requestIds(get("/api/audit", "root", true))).containsExactly("b2", "a3", "b1", "a2", "a1");
    assertThat(requestIds(get("/api/audit", "alice", false))).containsExactly("a3", "a2", "a1");
    assertThat(requestIds(get("/api/audit?actor=alice&outcome=denied", "alice", false))).containsExactly("a2");
    assertThat(requestIds(get("/api/audit?actor=bob", "alice", false))).isEmpty();
    assertThat(requestIds(get("/api/audit?actor=bob&verb=exec", "root", true))).containsExactly("b2");
    assertThat(requestIds(get("/api/audit?q=forbidden&from=2026-03-01T10:00:30Z&to=2026-03-01T12:00:00%2B01:00", "root", true)))
        .containsExactly("a2");
  }

  @Test
  void actorIsTheSubjectOrTheEmailInAnyCase() throws Exception {
    seed();

    assertThat(requestIds(get("/api/audit?actor=BOB%40Corp.Example", "root", true))).containsExactly("b2", "b1");
    assertThat(requestIds(get("/api/audit?actor=Bob", "root", true))).containsExactly("b2", "b1");
    assertThat(requestIds(get("/api/audit?actor=+alice%40corp.example+&outcome=denied", "root", true))).containsExactly("a2");
    assertThat(requestIds(get("/api/audit?actor=ALICE%40corp.example", "alice", false))).containsExactly("a3", "a2", "a1");
  }

  /**
   * Someone who is no audit admin stays on their exact subject whatever they ask: not another
   * person's email, and not the rows of an account whose subject or email differs only in case.
   */
  @Test
  void theReadScopeStaysOnTheExactSubject() throws Exception {
    seed();
    store.append(List.of(new AuditEvent(T0.plusSeconds(7200), "x1", new AuditEvent.Actor("Alice", "alice@corp.example", List.of()),
        Verb.DELETE, new AuditEvent.Target("prod", "default", "pods", "web-1"), Outcome.SUCCESS, "", Map.of())));

    assertThat(requestIds(get("/api/audit?actor=bob%40corp.example", "alice", false))).isEmpty();
    assertThat(requestIds(get("/api/audit?actor=alice%40corp.example", "alice", false))).containsExactly("a3", "a2", "a1");
    assertThat(requestIds(get("/api/audit?actor=alice", "Alice", false))).containsExactly("x1");
    assertThat(requestIds(get("/api/audit?actor=alice%40corp.example", "root", true))).containsExactly("x1", "a3", "a2", "a1");
    assertThat(exportedRequestIds("/api/audit/export?format=ndjson&actor=bob%40corp.example", "alice")).isEmpty();
    assertThat(exportedRequestIds("/api/audit/export?format=ndjson&actor=ALICE%40CORP.EXAMPLE", "alice")).containsExactly("a1", "a2", "a3");
  }

  /**
   * One event by id, under the list's read scope: bob's row is a 404 to alice with the same words as
   * a row that does not exist, so the answer does not say whether it does.
   */
  @Test
  void oneEventByIdUnderTheSameReadScope() throws Exception {
    seed();

    JsonNode own = JSON.readTree(get("/api/audit/2", "alice", false).body());
    assertThat(own.get("id").asLong()).isEqualTo(2);
    assertThat(own.get("requestId").asText()).isEqualTo("a2");
    assertThat(own.get("target").get("name").asText()).isEqualTo("api-0");
    assertThat(JSON.readTree(get("/api/audit/3", "root", true).body()).get("requestId").asText()).isEqualTo("b1");

    HttpResponse<String> others = get("/api/audit/3", "alice", false);
    HttpResponse<String> missing = get("/api/audit/99", "alice", false);
    assertError(others, 404, "audit event 3 not found or not visible to you");
    assertError(missing, 404, "audit event 99 not found or not visible to you");
    // Nothing of the event leaks; the request id is left out, a random UUID may contain "b1".
    var othersBody = (ObjectNode) JSON.readTree(others.body());
    othersBody.remove("requestId");
    assertThat(othersBody.toString()).doesNotContain("bob", "b1", "coredns");
    assertThat(JSON.readTree(others.body()).get("code").asText()).isEqualTo(JSON.readTree(missing.body()).get("code").asText());
    // The fixed paths still answer as themselves, not as an id.
    assertThat(get("/api/audit/verbs", "alice", false).statusCode()).isEqualTo(200);
  }

  @Test
  void itemsCarryIdsAndTheWireShape() throws Exception {
    seed();

    JsonNode first = JSON.readTree(get("/api/audit?limit=1", "root", true).body());

    assertThat(first.get("items").get(0).get("id").asLong()).isEqualTo(5);
    assertThat(first.get("items").get(0).get("verb").asText()).isEqualTo("exec");
    assertThat(first.get("items").get(0).get("target").get("cluster").asText()).isEqualTo("prod");
    assertThat(first.get("nextCursor").isTextual()).isTrue();
  }

  @Test
  void cursorPagesAreStableUnderConcurrentInsertsAndEndWithNull() throws Exception {
    store.append(IntStream.rangeClosed(1, 7).mapToObj(i -> event("r" + i, "alice", Verb.APPLY, "prod", "default",
        "deployments", "web", Outcome.SUCCESS, "", T0.plusSeconds(i))).toList());
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      String path = "/api/audit?verb=apply&limit=3" + (cursor == null ? "" : "&cursor=" + cursor);
      JsonNode page = JSON.readTree(get(path, "root", true).body());
      page.get("items").forEach(i -> seen.add(i.get("requestId").asText()));
      store.append(List.of(event("new" + seen.size(), "alice", Verb.APPLY, "prod", "default", "deployments", "web",
          Outcome.SUCCESS, "", T0)));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
    } while (cursor != null);

    assertThat(seen).containsExactly("r7", "r6", "r5", "r4", "r3", "r2", "r1");
  }

  @Test
  void oneObjectsRowsByClusterNamespaceResourceAndExactName() throws Exception {
    seed();

    JsonNode web = JSON.readTree(get("/api/audit?cluster=prod&namespace=default&resource=deployments&name=web", "root", true).body());
    JsonNode asBob = JSON.readTree(get("/api/audit?cluster=prod&namespace=default&resource=deployments&name=web", "bob", false).body());

    assertThat(web.get("items").findValuesAsText("requestId")).containsExactly("a1");
    assertThat(asBob.get("items")).as("a person who is no audit admin sees only their own rows").isEmpty();
  }

  @Test
  void aCursorFromAnotherQueryIsRejected() throws Exception {
    seed();
    String cursor = JSON.readTree(get("/api/audit?limit=1", "root", true).body()).get("nextCursor").asText();

    HttpResponse<String> response = get("/api/audit?limit=1&actor=bob&cursor=" + cursor, "root", true);

    assertError(response, 400, "different query");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      name=web                | name=api-0
      name=web                | ''
      changes=true            | ''
      changes=true            | verb=apply
      verb=apply              | verb=delete
      """)
  void aCursorIsRefusedUnderAnyOtherFilter(String issuedUnder, String usedUnder) throws Exception {
    store.append(IntStream.rangeClosed(1, 4).mapToObj(i -> event("w" + i, "alice", Verb.APPLY, "prod", "default",
        "deployments", "web", Outcome.SUCCESS, "", T0.plusSeconds(i))).toList());
    String cursor = JSON.readTree(get("/api/audit?limit=1&" + issuedUnder, "root", true).body()).get("nextCursor").asText();

    assertThat(requestIds(get("/api/audit?limit=1&" + issuedUnder + "&cursor=" + cursor, "root", true))).containsExactly("w3");
    assertError(get("/api/audit?limit=1" + (usedUnder.isEmpty() ? "" : "&" + usedUnder) + "&cursor=" + cursor, "root", true),
        400, "different query");
  }

  @Test
  void changesLeaveOutReadsAndSignInsButKeepShellsAndPortForwards() throws Exception {
    seed();
    store.append(List.of(
        event("r1", "alice", Verb.AWS_EKS_READ, "prod", "", "eks-addons", "vpc-cni", Outcome.SUCCESS, "", T0.plusSeconds(4000)),
        event("r2", "alice", Verb.LOG_OPEN, "prod", "default", "pods", "web-1", Outcome.SUCCESS, "", T0.plusSeconds(4001)),
        event("r3", "alice", Verb.LOGIN, "", "", "", "", Outcome.SUCCESS, "", T0.plusSeconds(4002)),
        event("p1", "alice", Verb.PORT_FORWARD, "prod", "default", "pods", "web-1", Outcome.SUCCESS, "", T0.plusSeconds(4003)),
        event("r4", "alice", Verb.HELM_READ, "prod", "default", "helmreleases", "web", Outcome.SUCCESS, "", T0.plusSeconds(4004))));

    assertThat(requestIds(get("/api/audit?changes=true", "root", true))).containsExactly("p1", "b2", "a3", "b1", "a2", "a1");
    assertThat(requestIds(get("/api/audit?changes=true&limit=2", "alice", false))).containsExactly("p1", "a3");
    assertThat(requestIds(get("/api/audit?changes=false", "root", true))).hasSize(10);
    assertThat(exportedRequestIds("/api/audit/export?format=ndjson&changes=true&outcome=success", "alice")).containsExactly("a1", "p1");
  }

  @Test
  void verbsListsEveryVerbOnceByKindAndSaysWhichKindsChangesShows() throws Exception {
    HttpResponse<String> response = get("/api/audit/verbs", "alice", false);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> listed = new ArrayList<>();
    Map<String, Boolean> inChanges = new java.util.LinkedHashMap<>();
    for (JsonNode kind : JSON.readTree(response.body()).get("kinds")) {
      inChanges.put(kind.get("kind").asText(), kind.get("inChanges").asBoolean());
      kind.get("verbs").forEach(v -> listed.add(v.asText()));
    }
    assertThat(inChanges).containsExactly(Map.entry("change", true), Map.entry("access", true), Map.entry("read", false),
        Map.entry("sign_in", false));
    assertThat(listed).containsExactlyInAnyOrder(java.util.Arrays.stream(Verb.values()).map(Verb::wireName).toArray(String[]::new));
    assertThat(JSON.readTree(response.body()).get("kinds").get(1).get("verbs")).extracting(JsonNode::asText)
        .containsExactly("secret_reveal", "exec", "port_forward");
    assertError(http.send(HttpRequest.newBuilder(uri("/api/audit/verbs")).build(), HttpResponse.BodyHandlers.ofString()), 401, "sign in");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      /api/audit?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z | time range is reversed
      /api/audit?from=yesterday                                   | from must be an ISO-8601 time
      /api/audit?to=2026-13-01T00:00:00Z                          | to must be an ISO-8601 time
      /api/audit?user=alice                                       | unknown query parameter 'user'
      /api/audit?limit=0                                          | limit must be a whole number from 1 to 1000
      /api/audit?limit=5000                                       | limit must be a whole number from 1 to 1000
      /api/audit?limit=ten                                        | limit must be a whole number
      /api/audit?verb=nuke                                        | unknown verb 'nuke'
      /api/audit?outcome=maybe                                    | unknown outcome 'maybe'
      /api/audit?changes=yes                                      | changes must be true or false, got 'yes'
      /api/audit?changes=true&verb=apply                          | give verb or changes=true, not both
      /api/audit/export?format=csv&changes=1                      | changes must be true or false
      /api/audit/verbs?kind=read                                  | unknown query parameter 'kind'; /api/audit/verbs takes none
      /api/audit?cursor=%25%25%25                                 | cursor is malformed
      /api/audit?cursor=YWJj                                      | cursor is malformed
      /api/audit?actor=a&actor=b                                  | given 2 times
      /api/audit?q=%2A%2A                                         | q must contain at least one letter or digit
      /api/audit/export?format=xlsx                               | unknown export format 'xlsx'
      /api/audit/export?format=cvs                                | use format=csv or format=ndjson
      /api/audit/export                                           | format is required
      /api/audit/export?format=csv&limit=5                        | unknown query parameter 'limit'
      /api/audit/verify?deep=true                                 | unknown query parameter 'deep'
      /api/audit/abc                                              | audit event id must be a positive whole number, got 'abc'
      /api/audit/0                                                | audit event id must be a positive whole number
      /api/audit/2?verbose=1                                      | unknown query parameter 'verbose'
      """)
  void badInputIsA400WithAClearMessage(String path, String message) throws Exception {
    assertError(get(path, "root", true), 400, message);
  }

  @Test
  void withoutASessionIt401s() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/audit")).build(), HttpResponse.BodyHandlers.ofString());

    assertError(response, 401, "sign in");
  }

  @Test
  void exportStreamsCsvAndIsItselfAudited() throws Exception {
    seed();

    HttpResponse<String> response = get("/api/audit/export?format=csv&outcome=denied", "root", true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
    assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"periscope-audit-2026-03-01T100000Z.csv\"");
    List<String> lines = response.body().lines().toList();
    assertThat(lines.getFirst()).startsWith("id,time,requestId,actorSub");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).startsWith("2,2026-03-01T10:01:00.123456Z,a2,alice,alice@corp.example,team-alice,delete,prod,payments,pods,api-0,denied,\"pods \"\"api-0\"\" is forbidden\"");
    assertThat(recorder.flush(Duration.ofSeconds(30))).isEqualTo(FlushOutcome.DURABLE);
    AuditEvent recorded = store.query(AuditFilter.ALL.withVerb(Verb.AUDIT_EXPORT), OptionalLong.empty(), 10).items().getFirst().event();
    assertThat(recorded.actor().sub()).isEqualTo("root");
    assertThat(recorded.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(recorded.extra()).containsEntry("format", "csv").containsEntry("rows", 2).containsEntry("scope", "all");
  }

  @Test
  void ndjsonExportHonoursTheReadScopeAndReadingIsNotAudited() throws Exception {
    seed();
    get("/api/audit", "alice", false);

    HttpResponse<String> response = get("/api/audit/export?format=ndjson", "alice", false);

    List<JsonNode> rows = new ArrayList<>();
    for (String line : response.body().lines().toList()) {
      rows.add(JSON.readTree(line));
    }
    assertThat(rows).extracting(r -> r.get("requestId").asText()).containsExactly("a1", "a2", "a3");
    assertThat(recorder.flush(Duration.ofSeconds(30))).isEqualTo(FlushOutcome.DURABLE);
    assertThat(store.count()).isEqualTo(6);
  }

  @Test
  void verifyIsForAuditAdminsAndReportsTheFirstBrokenLink() throws Exception {
    seed();
    assertThat(JSON.readTree(get("/api/audit/verify", "root", true).body()).get("ok").asBoolean()).isTrue();
    assertError(get("/api/audit/verify", "alice", false), 403, "audit admin");
    try (Connection conn = SqliteDatabaseAccess.connection(dir.resolve("audit.db")); Statement st = conn.createStatement()) {
      st.execute("UPDATE audit_events SET outcome = 'success' WHERE id = 2");
    }

    JsonNode body = JSON.readTree(get("/api/audit/verify", "root", true).body());

    assertThat(body.get("ok").asBoolean()).isFalse();
    assertThat(body.get("brokenLink").get("rowId").asLong()).isEqualTo(2);
    assertThat(body.get("rowsChecked").asLong()).isEqualTo(1);
  }

  private static String errorBody(ApiError error) {
    try {
      return Json.mapper().writeValueAsString(error);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void seed() {
    store.append(List.of(
        event("a1", "alice", Verb.APPLY, "prod", "default", "deployments", "web", Outcome.SUCCESS, "", T0),
        event("a2", "alice", Verb.DELETE, "prod", "payments", "pods", "api-0", Outcome.DENIED, "pods \"api-0\" is forbidden", T0.plusSeconds(60)),
        event("b1", "bob", Verb.SCALE, "prod", "kube-system", "deployments", "coredns", Outcome.SUCCESS, "", T0.plusSeconds(120)),
        event("a3", "alice", Verb.RESTART, "staging", "default", "deployments", "web", Outcome.FAILURE, "timeout", T0.plusSeconds(3600)),
        event("b2", "bob", Verb.EXEC, "prod", "default", "pods", "web-1", Outcome.DENIED, "exec forbidden", T0.plusSeconds(3601))));
  }

  private HttpResponse<String> get(String path, String user, boolean admin) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri(path)).header("X-Test-User", user)
        .header("X-Test-Admin", Boolean.toString(admin)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private List<String> exportedRequestIds(String path, String user) throws Exception {
    HttpResponse<String> response = get(path, user, false);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (String line : response.body().lines().toList()) {
      ids.add(JSON.readTree(line).get("requestId").asText());
    }
    return ids;
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + app.port() + path);
  }

  private static List<String> requestIds(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    JSON.readTree(response.body()).get("items").forEach(i -> ids.add(i.get("requestId").asText()));
    return ids;
  }

  private static void assertError(HttpResponse<String> response, int status, String message) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("message").asText()).contains(message);
    assertThat(body.get("code").asText()).isNotBlank();
    assertThat(body.get("requestId").asText()).isNotBlank();
  }

  /** Opens the SQLite file directly, the way someone tampering with it would. */
  static final class SqliteDatabaseAccess {
    static Connection connection(Path file) throws Exception {
      return java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
    }
  }
}
