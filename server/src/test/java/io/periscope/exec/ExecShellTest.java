package io.periscope.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.logs.PodLogsTest;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The exec shell end to end: JDK WebSocket client → Periscope → mock apiserver's exec WebSocket ({@link FakeExecPeer}). */
@Timeout(120)
class ExecShellTest {
  private static final String EXEC_PATH = "/api/v1/namespaces/shop/pods/web/exec";
  private static final String ROUTE = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/pods/shop/web/exec";

  private PeriscopeHarness harness;
  private TestBrowser browser;
  private final FakeExecPeer peer = new FakeExecPeer();

  private void start(ExecSettings settings) {
    // Impersonating, so the exec request shows whom it is for.
    start(settings, "impersonate");
  }

  private void start(ExecSettings settings, String sharedIdentity) {
    harness = new PeriscopeHarness(Map.of("auth.authorization.sharedIdentity", sharedIdentity), MockApiServer::client, b -> b.execSettings(settings));
    harness.apiserver.client().pods().inNamespace("shop").resource(PodLogsTest.pod()).create();
    // fabric8 checks pod readiness before exec with a short-lived watch; the CRUD mock blocks its
    // event loop while closing a watch, which under CPU load delays the exec upgrade past fabric8's
    // 10 s limit. Serve that watch from a quiet WebSocket instead; lists still go to CRUD.
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/pods?", req -> req.getPath().contains("watch=true")
        ? new MockResponse().setResponseCode(101).withWebSocketUpgrade(new WebSocketListener() { })
        : null);
    browser = harness.browser();
    browser.login("alice", List.of("devs"));
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private String origin() {
    return "http://127.0.0.1:" + harness.app.port();
  }

  private TerminalClient open(String query) {
    return TerminalClient.open(harness, browser, ROUTE + query, origin());
  }

  private static JsonNode expectReady(TerminalClient term) throws InterruptedException {
    JsonNode ready = term.nextControl();
    assertThat(ready.get("type").asText()).as(ready.toString()).isEqualTo("ready");
    return ready;
  }

  /** The rows that close a session (or refuse one); each opened shell also has a {@code started} row before it. */
  private List<AuditEvent> execAudits() {
    return harness.audit.events().stream().filter(e -> e.verb() == Verb.EXEC && !"started".equals(e.extra().get("phase"))).toList();
  }

  private List<AuditEvent> startedRows() {
    return harness.audit.events().stream().filter(e -> e.verb() == Verb.EXEC && "started".equals(e.extra().get("phase"))).toList();
  }

  @Test
  void stdinResizeOutputAndExitStatusRoundTripWithOneAuditRow() throws Exception {
    start(ExecSettings.DEFAULTS);
    harness.apiserver.answer("GET", EXEC_PATH, peer::upgrade);

    TerminalClient term = open("?container=app&shell=bash");

    JsonNode ready = expectReady(term);
    assertThat(ready.get("container").asText()).isEqualTo("app");
    term.send("{\"type\":\"resize\",\"cols\":120,\"rows\":40}");
    assertThat(peer.resizes.poll(10, TimeUnit.SECONDS)).contains("\"Width\":120").contains("\"Height\":40");
    term.send("{\"type\":\"stdin\",\"data\":\"ls -la\\n\"}");
    await().atMost(Duration.ofSeconds(10)).until(() -> term.output.toString().contains("echo:ls -la\n"));
    term.sendBinary("pwd\n".getBytes());
    await().atMost(Duration.ofSeconds(10)).until(() -> term.output.toString().contains("echo:pwd\n"));
    term.send("{\"type\":\"stdin\",\"data\":\"exit 3\"}");

    JsonNode exit = term.nextControl();
    assertThat(exit.get("type").asText()).isEqualTo("exit");
    assertThat(exit.get("code").asInt()).isEqualTo(3);
    assertThat(exit.get("reason").asText()).contains("non-zero exit code");
    assertThat(term.awaitCloseCode()).isEqualTo(1000);

    var request = peer.requests.getFirst();
    assertThat(request.getPath()).contains("container=app", "command=%2Fbin%2Fbash", "tty=true", "stdin=true");
    assertThat(request.getHeaders().headers("Impersonate-User")).containsExactly("alice");
    await().atMost(Duration.ofSeconds(10)).until(() -> execAudits().size() == 1);
    AuditEvent e = execAudits().getFirst();
    assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(e.target()).isEqualTo(new AuditEvent.Target(PeriscopeHarness.CLUSTER, "shop", "pods", "web"));
    assertThat(e.extra()).containsEntry("container", "app").containsEntry("shell", "bash").containsEntry("exitCode", 3)
        .containsKeys("startedAt", "endedAt", "durationMs");
    assertThat((Long) e.extra().get("durationMs")).isNotNegative();
    assertThat(e.extra()).containsEntry("phase", "ended");
    // The shell was in the log while it was open: its started row, with the same request and start.
    assertThat(startedRows()).singleElement().satisfies(started -> {
      assertThat(started.target()).isEqualTo(e.target());
      assertThat(started.requestId()).isEqualTo(e.requestId());
      assertThat(started.extra()).containsEntry("container", "app").containsEntry("startedAt", e.extra().get("startedAt"));
      assertThat(started.time()).isBeforeOrEqualTo(e.time());
    });
  }

  @Test
  void autoShellPrefersBashThroughShAndBrowserCloseEndsTheSession() throws Exception {
    start(ExecSettings.DEFAULTS);
    harness.apiserver.answer("GET", EXEC_PATH, peer::upgrade);

    TerminalClient term = open("");
    assertThat(term.nextControl().get("container").asText()).isEqualTo("app");
    term.socket.sendClose(1000, "bye").join();

    await().atMost(Duration.ofSeconds(10)).until(() -> execAudits().size() == 1);
    assertThat(peer.requests.getFirst().getPath()).contains("command=%2Fbin%2Fsh", "command=-c", "command=if%20command%20-v%20bash");
    assertThat(execAudits().getFirst().extra()).containsEntry("shell", "auto").containsEntry("exitCode", -1);
  }

  @Test
  void apiserverRefusalIsADeniedSessionWithTheRbacReason() throws Exception {
    start(ExecSettings.DEFAULTS);
    String rbac = "pods \"web\" is forbidden: User \"alice\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"shop\"";
    harness.apiserver.answer("GET", EXEC_PATH, req -> MockApiServer.forbidden(rbac));
    // The JDK WebSocket client drops the body of a refused handshake, so Periscope states the missing rule itself.
    String expected = "the apiserver refused exec into pod shop/web (403 Forbidden) for user \"alice\": RBAC must allow verb create";

    TerminalClient term = open("?container=app");

    JsonNode error = term.nextControl();
    assertThat(error.get("type").asText()).isEqualTo("error");
    assertThat(error.get("code").asText()).as(error.toString()).isEqualTo("forbidden");
    assertThat(error.get("message").asText()).contains(expected).contains("pods/exec").contains("namespace shop");
    // The refused handshake kept no Status, yet the console gets the grant to ask for, as under a 403 body.
    assertThat(error.at("/denied/verb").asText()).isEqualTo("create");
    assertThat(error.at("/denied/subresource").asText()).isEqualTo("exec");
    JsonNode ask = error.get("askAdmin");
    assertThat(ask.get("summary").asText()).as(ask.toString()).contains("create").contains("pods/exec").contains("shop");
    assertThat(ask.get("scope").asText()).isEqualTo("namespace");
    assertThat(ask.at("/grants/0/subject").asText()).isEqualTo("alice");
    // Not pinned to the pod: the next rollout replaces "web" under another name, and the Role would stop working.
    assertThat(ask.at("/grants/0/yaml").asText()).contains("kind: Role", "resources: [\"pods/exec\"]", "namespace: \"shop\"", "kind: User",
        "name: \"alice\"").doesNotContain("resourceNames");
    assertThat(ask.get("note").asText()).contains("Not narrowed to pod web").contains("Before Kubernetes 1.30");
    assertThat(term.awaitCloseCode()).isEqualTo(4403);
    await().atMost(Duration.ofSeconds(10)).until(() -> execAudits().size() == 1);
    assertThat(execAudits().getFirst().outcome()).isEqualTo(Outcome.DENIED);
    assertThat(startedRows()).as("a refused shell never started").isEmpty();
    assertThat(execAudits().getFirst().reason()).contains(expected);
  }

  @Test
  void aRefusalOfPeriscopesOwnIdentityComesWithoutAGrantToAskFor() throws Exception {
    start(ExecSettings.DEFAULTS, "server");
    harness.apiserver.answer("GET", EXEC_PATH, req -> MockApiServer.forbidden("pods \"web\" is forbidden"));

    JsonNode error = open("?container=app").nextControl();

    assertThat(error.get("code").asText()).as(error.toString()).isEqualTo("forbidden");
    // The cluster saw the server's own identity, whose name the server does not know: no grant to a person.
    assertThat(error.has("askAdmin")).as(error.toString()).isFalse();
  }

  @Test
  void handshakeFromAnotherOriginIsRefusedBeforeTheUpgradeAndAuditedAsDenied() {
    start(ExecSettings.DEFAULTS);

    assertThatThrownBy(() -> TerminalClient.open(harness, browser, ROUTE, "https://evil.example"))
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
          assertThat(e.getResponse().statusCode()).isEqualTo(403);
        });
    assertThat(peer.requests).isEmpty();
    // A shell asked for by another site in the person's browser: their trail shows the attempt.
    assertThat(execAudits()).singleElement().satisfies(row -> {
      assertThat(row.outcome()).isEqualTo(io.periscope.audit.Outcome.DENIED);
      assertThat(row.reason()).contains("https://evil.example");
      assertThat(row.target().name()).isEqualTo("web");
    });
  }

  @Test
  void aPodOrNamespaceThatIsNoKubernetesNameIsABadRequestBeforeTheUpgrade() {
    start(ExecSettings.DEFAULTS);

    for (String route : List.of("/api/clusters/" + PeriscopeHarness.CLUSTER + "/pods/shop/web%3Fx%3Dy/exec",
        "/api/clusters/" + PeriscopeHarness.CLUSTER + "/pods/Shop/web/exec")) {
      assertThatThrownBy(() -> TerminalClient.open(harness, browser, route, origin()))
          .as(route).cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
              e -> assertThat(e.getResponse().statusCode()).isEqualTo(400));
    }
    assertThat(peer.requests).isEmpty();
    assertThat(execAudits()).isEmpty();
  }

  @Test
  void handshakeWithoutSessionIsUnauthenticated() {
    start(ExecSettings.DEFAULTS);

    assertThatThrownBy(() -> TerminalClient.open(harness, harness.browser(), ROUTE, origin()))
        .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
  }

  @Test
  void sessionsBeyondThePerUserCapAreRefusedWithAClearMessage() throws Exception {
    start(new ExecSettings(1, Duration.ofMinutes(5), 1024));
    harness.apiserver.answer("GET", EXEC_PATH, peer::upgrade);

    TerminalClient first = open("?container=app");
    expectReady(first);
    TerminalClient second = open("?container=app");

    JsonNode error = second.nextControl();
    assertThat(error.get("code").asText()).isEqualTo("too_many_sessions");
    assertThat(error.get("message").asText()).contains("1 open shells");
    assertThat(second.awaitCloseCode()).isEqualTo(4429);
    assertThat(peer.requests).hasSize(1);

    first.send("{\"type\":\"stdin\",\"data\":\"exit 0\"}");
    assertThat(first.awaitCloseCode()).isEqualTo(1000);
    TerminalClient third = open("?container=app");
    expectReady(third);
  }

  @Test
  void oversizedStdinFrameEndsTheSessionWithAClearError() throws Exception {
    start(new ExecSettings(5, Duration.ofMinutes(5), 16));
    harness.apiserver.answer("GET", EXEC_PATH, peer::upgrade);
    TerminalClient term = open("?container=app");
    expectReady(term);

    term.send("{\"type\":\"stdin\",\"data\":\"" + "x".repeat(17) + "\"}");

    JsonNode error = term.nextControl();
    assertThat(error.get("code").asText()).isEqualTo("stdin_too_large");
    assertThat(error.get("message").asText()).contains("17 bytes").contains("16-byte limit");
    assertThat(term.awaitCloseCode()).isEqualTo(1009);
    await().atMost(Duration.ofSeconds(10)).until(() -> execAudits().size() == 1);
    assertThat(execAudits().getFirst().outcome()).isEqualTo(Outcome.FAILURE);
  }

  @Test
  void idleShellIsClosed() throws Exception {
    start(new ExecSettings(5, Duration.ofMillis(300), 1024));
    harness.apiserver.answer("GET", EXEC_PATH, peer::upgrade);
    TerminalClient term = open("?container=app");
    expectReady(term);

    JsonNode error = term.nextControl();

    assertThat(error.get("code").asText()).isEqualTo("idle_timeout");
    assertThat(term.awaitCloseCode()).isEqualTo(4408);
  }

  @Test
  void logoutClosesTheShellWithTheReasonAndOneAuditRow() throws Exception {
    start(ExecSettings.DEFAULTS);
    harness.apiserver.answer("GET", EXEC_PATH, peer::upgrade);
    TerminalClient term = open("?container=app");
    expectReady(term);

    assertThat(browser.mutate("POST", "/api/auth/logout", "").statusCode()).isLessThan(400);

    JsonNode error = term.nextControl();
    assertThat(error.get("code").asText()).isEqualTo("session_ended");
    assertThat(error.get("message").asText()).contains("you signed out");
    assertThat(term.awaitCloseCode()).isEqualTo(4401);
    await().atMost(Duration.ofSeconds(10)).until(() -> execAudits().size() == 1);
    assertThat(execAudits().getFirst().reason()).contains("you signed out");
  }

  @Test
  void missingPodUnknownContainerAndBadShellAreClearErrors() throws Exception {
    start(ExecSettings.DEFAULTS);
    harness.apiserver.answer("GET", EXEC_PATH, peer::upgrade);

    TerminalClient ghost = TerminalClient.open(harness, browser, "/api/clusters/" + PeriscopeHarness.CLUSTER + "/pods/shop/ghost/exec", origin());
    JsonNode notFound = ghost.nextControl();
    assertThat(notFound.get("code").asText()).isEqualTo("pod_not_found");
    assertThat(notFound.get("message").asText()).contains("ghost").contains("shop");
    assertThat(ghost.awaitCloseCode()).isEqualTo(4404);

    TerminalClient wrong = open("?container=nginx");
    JsonNode unknown = wrong.nextControl();
    assertThat(unknown.get("code").asText()).isEqualTo("bad_request");
    assertThat(unknown.get("message").asText()).contains("valid containers: migrate, sidecar, app, debugger");
    assertThat(wrong.awaitCloseCode()).isEqualTo(4400);

    assertThatThrownBy(() -> open("?shell=zsh")).cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
        e -> assertThat(e.getResponse().statusCode()).isEqualTo(400));
    assertThat(peer.requests).isEmpty();
  }
}
