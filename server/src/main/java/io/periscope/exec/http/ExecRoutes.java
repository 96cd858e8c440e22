package io.periscope.exec.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.auth.Session;
import io.periscope.auth.SessionChannels;
import io.periscope.auth.http.CurrentUser;
import io.periscope.auth.http.SessionFilter;
import io.periscope.exec.ExecSettings;
import io.periscope.exec.SessionLimiter;
import io.periscope.exec.Shell;
import io.periscope.http.RequestIds;
import io.periscope.json.Json;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Printable;
import io.periscope.problem.Problem;
import io.periscope.rbac.denial.DenialExplainer;
import io.periscope.resources.ObjectAddress;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code WS /api/clusters/{c}/pods/{ns}/{name}/exec?container=&shell=}: the handshake is checked as
 * an HTTP request (session, Origin, shell) before the upgrade; after it, each message is routed to
 * that socket's {@link ExecSession}. Protocol in docs/api.md ("Exec shell").
 */
public final class ExecRoutes implements AutoCloseable {
  static final String PATH = "/api/clusters/{cluster}/pods/{namespace}/{name}/exec";
  private static final String TARGET = "periscope.exec.target";
  private static final String SESSION = "periscope.exec.session";
  private static final ObjectMapper JSON = Json.mapper();
  /** Exec over WebSocket was authorized as get (not create) on pods/exec until Kubernetes 1.30. */
  private static final String BEFORE_130 = "Before Kubernetes 1.30 the apiserver also asks for get on pods/exec.";

  private final ExecSession.Deps deps;
  private final SessionChannels channels;
  private final String publicOrigin;
  private final ConcurrentMap<String, ExecSession> sessions = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, SessionChannels.Binding> bindings = new ConcurrentHashMap<>();

  private final DenialExplainer explainer;

  private ExecRoutes(ExecSession.Deps deps, SessionChannels channels, String publicOrigin, DenialExplainer explainer) {
    this.deps = deps;
    this.channels = channels;
    this.publicOrigin = publicOrigin;
    this.explainer = explainer;
  }

  /** Registers the route; the returned handle stops the idle-check timer when the server stops. */
  public static AutoCloseable register(RoutesConfig routes, ImpersonatingClients clients, AuditRecorder audit,
      SessionChannels channels, Clock clock, ExecSettings settings, URI publicUrl, DenialExplainer explainer) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("exec-idle").factory());
    var deps = new ExecSession.Deps(clients, audit, clock, settings, new SessionLimiter(settings.maxSessionsPerUser()), timer);
    var r = new ExecRoutes(deps, channels, SessionFilter.origin(publicUrl), explainer);
    routes.wsBeforeUpgrade(PATH, r::handshake);
    routes.ws(PATH, ws -> {
      ws.onConnect(r::connect);
      ws.onMessage(r::text);
      ws.onBinaryMessage(r::binary);
      ws.onClose(r::closed);
      ws.onError(ctx -> r.closed(ctx));
    });
    return r;
  }

  private void handshake(Context ctx) {
    var user = CurrentUser.of(ctx);
    String origin = ctx.header("Origin");
    if (origin == null || !origin.equals(publicOrigin)) {
      // A shell asked for from another site is an attack on the person: their audit trail shows it.
      deps.audit().record(new AuditEvent(deps.clock().instant(), RequestIds.of(ctx), AuditTrail.actor(user.principal()), Verb.EXEC,
          new AuditEvent.Target(forAudit(ctx.pathParam("cluster")), forAudit(ctx.pathParam("namespace")), "pods", forAudit(ctx.pathParam("name"))),
          Outcome.DENIED, "WebSocket from Origin " + forAudit(String.valueOf(origin)) + ", not " + publicOrigin, Map.of()));
      throw new Problem(ErrorCode.WS_ORIGIN, "WebSocket refused: Origin " + origin + " is not " + publicOrigin);
    }
    // Javalin runs no before-handlers for upgrades, so the names are checked here (ObjectNamesInPaths for HTTP).
    ObjectAddress.requireName("namespace", ctx.pathParam("namespace"));
    ObjectAddress.requireName("name", ctx.pathParam("name"));
    Shell shell = Shell.parse(ctx.queryParam("shell"));
    Optional<String> container = Optional.ofNullable(ctx.queryParam("container")).filter(s -> !s.isBlank());
    ctx.attribute(SESSION, CurrentUser.session(ctx));
    ctx.attribute(TARGET, new ExecTarget(user, ctx.pathParam("cluster"), ctx.pathParam("namespace"), ctx.pathParam("name"),
        container, shell, RequestIds.of(ctx)));
  }

  /** What a request sent, for an audit row: as long as the longest Kubernetes name (253). */
  private static String forAudit(String s) {
    return Printable.escaped(s, 253);
  }

  private void connect(WsConnectContext ctx) {
    ExecTarget target = ctx.attribute(TARGET);
    long frameLimit = 4L * deps.settings().maxStdinFrameBytes() + 1024;
    ctx.session.setMaxTextMessageSize(frameLimit);
    ctx.session.setMaxBinaryMessageSize(frameLimit);
    ExecSession session = new ExecSession(deps, target,
        new WsTerminal(ctx, refused -> explainer.explainKnown(refused, target.user().principal(), BEFORE_130)));
    sessions.put(ctx.sessionId(), session);
    Optional<Session> signedIn = ctx.attribute(SESSION);
    bindings.put(ctx.sessionId(), channels.bind(signedIn == null ? Optional.empty() : signedIn, session::sessionEnded));
    Thread.ofVirtual().name("exec-" + target.pod()).start(session::start);
  }

  private void text(WsMessageContext ctx) {
    ExecSession s = sessions.get(ctx.sessionId());
    if (s == null) {
      return;
    }
    String raw = ctx.message();
    JsonNode msg;
    try {
      msg = JSON.readTree(raw);
    } catch (IOException e) {
      s.terminal().warn("bad_message", "messages must be JSON: {\"type\":\"stdin\",\"data\":...} or {\"type\":\"resize\",\"cols\":...,\"rows\":...}");
      return;
    }
    switch (msg.path("type").asText()) {
      case "stdin" -> s.stdin(msg.path("data").asText("").getBytes(StandardCharsets.UTF_8));
      case "resize" -> s.resize(msg.path("cols").asInt(0), msg.path("rows").asInt(0));
      default -> s.terminal().warn("bad_message", "unknown message type '" + msg.path("type").asText() + "' (stdin, resize)");
    }
  }

  private void binary(WsBinaryMessageContext ctx) {
    ExecSession s = sessions.get(ctx.sessionId());
    if (s != null) {
      java.nio.ByteBuffer data = ctx.data();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      s.stdin(bytes);
    }
  }

  private void closed(WsContext ctx) {
    SessionChannels.Binding binding = bindings.remove(ctx.sessionId());
    if (binding != null) {
      binding.close();
    }
    ExecSession s = sessions.remove(ctx.sessionId());
    if (s != null) {
      s.browserLeft();
    }
  }

  @Override
  public void close() {
    sessions.values().forEach(ExecSession::browserLeft);
    deps.timer().shutdownNow();
  }
}
