package io.periscope.exec.http;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.auth.SessionEnd;
import io.periscope.authz.NoIdentityException;
import io.periscope.exec.ExecBridge;
import io.periscope.exec.ExecFailure;
import io.periscope.exec.ExecSettings;
import io.periscope.exec.SessionLimiter;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.logs.PodContainers;
import io.periscope.problem.Problem;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One browser WebSocket's shell: takes a session slot, resolves pod and container as the person,
 * starts the {@link ExecBridge}, enforces the stdin frame limit and idle time-out, and writes the
 * session's single audit row (start, end, duration, outcome) when it ends, however it ends.
 */
final class ExecSession {
  /** Collaborators shared by every session. */
  record Deps(ImpersonatingClients clients, AuditRecorder audit, Clock clock, ExecSettings settings, SessionLimiter limiter,
      ScheduledExecutorService timer) {}

  private final Deps deps;
  private final ExecTarget target;
  private final WsTerminal terminal;
  private final Instant started;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile ExecBridge bridge;
  private volatile String container;
  private volatile boolean browserGone;
  private volatile boolean holdsSlot;
  private volatile long lastActivityNanos = System.nanoTime();
  private volatile ScheduledFuture<?> idleCheck;

  ExecSession(Deps deps, ExecTarget target, WsTerminal terminal) {
    this.deps = deps;
    this.target = target;
    this.terminal = terminal;
    this.started = deps.clock().instant();
    this.container = target.container().orElse("");
  }

  WsTerminal terminal() {
    return terminal;
  }

  void start() {
    String subject = target.user().principal().subject();
    if (!deps.limiter().tryAcquire(subject)) {
      fail(ExecFailure.Kind.TOO_MANY_SESSIONS, "you already have " + deps.limiter().max()
          + " open shells, the most allowed at once; close one and try again", Outcome.DENIED);
      return;
    }
    holdsSlot = true;
    try {
      KubernetesClient client = deps.clients().forUser(target.cluster(), target.user().principal());
      Pod pod = PodContainers.get(client, target.namespace(), target.pod());
      container = PodContainers.choose(pod, target.container());
      bridge = ExecBridge.start(client, target.user().principal().subject(), target.namespace(), target.pod(), container, target.shell().command(), terminal, this::touch);
    } catch (NoIdentityException e) {
      fail(ExecFailure.Kind.DENIED, e.getMessage(), AuditTrail.outcomeOf(e));
      return;
    } catch (Problem e) {
      ExecFailure.Kind kind = e.status() == 404 ? ExecFailure.Kind.NOT_FOUND : e.status() == 403 ? ExecFailure.Kind.DENIED
          : e.status() < 500 ? ExecFailure.Kind.BAD_REQUEST : ExecFailure.Kind.APISERVER;
      fail(kind, e.getMessage(), AuditTrail.outcomeOf(e));
      return;
    } catch (KubernetesClientException e) {
      boolean denied = e.getCode() == 403;
      fail(denied ? ExecFailure.Kind.DENIED : ExecFailure.Kind.APISERVER, AuditTrail.reasonOf(e), AuditTrail.outcomeOf(e));
      return;
    }
    // exec() returns once the apiserver upgraded the stream (a refusal has ended the bridge by then).
    if (!bridge.ended().isDone()) {
      recordStarted();
    }
    bridge.ended().thenAccept(e -> finish(e.outcome(), e.exitCode(), e.reason()));
    if (!bridge.ended().isDone()) {
      terminal.control(Map.of("type", "ready", "container", container, "shell", target.shell().wireName()));
      long period = Math.clamp(deps.settings().idleTimeout().toMillis() / 4, 20, 30_000);
      idleCheck = deps.timer().scheduleAtFixedRate(this::checkIdle, period, period, TimeUnit.MILLISECONDS);
    }
    if (browserGone) {
      bridge.close(Outcome.SUCCESS, "closed by the browser");
    }
  }

  void stdin(byte[] data) {
    if (data.length > deps.settings().maxStdinFrameBytes()) {
      String why = "stdin message of " + data.length + " bytes is larger than the " + deps.settings().maxStdinFrameBytes()
          + "-byte limit; send input in smaller pieces";
      endBridge(Outcome.FAILURE, why);
      terminal.failed(new ExecFailure(ExecFailure.Kind.STDIN_TOO_LARGE, why));
      return;
    }
    ExecBridge b = bridge;
    if (b == null) {
      terminal.warn("not_ready", "the shell is not ready yet; wait for the ready message");
      return;
    }
    try {
      touch();
      b.stdin(data);
    } catch (IOException e) {
      endBridge(Outcome.FAILURE, "cannot write to the shell: " + e.getMessage());
    }
  }

  void resize(int cols, int rows) {
    if (cols < 1 || rows < 1 || cols > 10_000 || rows > 10_000) {
      terminal.warn("bad_message", "resize needs cols and rows between 1 and 10000, got " + cols + "x" + rows);
      return;
    }
    ExecBridge b = bridge;
    if (b != null) {
      b.resize(cols, rows);
    }
  }

  void browserLeft() {
    browserGone = true;
    endBridge(Outcome.SUCCESS, "closed by the browser");
  }

  /** The person's session ended: the shell closes with close code 4401 and the reason. */
  void sessionEnded(SessionEnd why) {
    String message = "shell closed: " + why.message();
    browserGone = true; // a shell still starting closes as soon as it has
    endBridge(Outcome.SUCCESS, message);
    terminal.failed(new ExecFailure(ExecFailure.Kind.SESSION_ENDED, message));
  }

  private void touch() {
    lastActivityNanos = System.nanoTime();
  }

  private void checkIdle() {
    Duration idle = Duration.ofNanos(System.nanoTime() - lastActivityNanos);
    if (idle.compareTo(deps.settings().idleTimeout()) >= 0) {
      String why = "closed after " + deps.settings().idleTimeout().toSeconds() + "s without input or output";
      endBridge(Outcome.SUCCESS, why);
      terminal.failed(new ExecFailure(ExecFailure.Kind.IDLE_TIMEOUT, why));
    }
  }

  private void endBridge(Outcome outcome, String reason) {
    ExecBridge b = bridge;
    if (b != null) {
      b.close(outcome, reason);
    }
  }

  /**
   * A row as the shell opens, so "who has a shell in prod right now" has an answer (a started row
   * without its ended row) and a server killed mid-session still leaves the shell in the log.
   */
  private void recordStarted() {
    Map<String, Object> extra = sessionExtra();
    extra.put("phase", "started");
    record(deps.clock().instant(), Outcome.SUCCESS, "", extra);
  }

  /** What both of a session's rows say: the shell and when it started. */
  private Map<String, Object> sessionExtra() {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("container", container);
    extra.put("shell", target.shell().wireName());
    extra.put("command", String.join(" ", target.shell().command()));
    extra.put("startedAt", started.toString());
    return extra;
  }

  private void record(Instant at, Outcome outcome, String reason, Map<String, Object> extra) {
    deps.audit().record(new AuditEvent(at, target.requestId(), AuditTrail.actor(target.user().principal()),
        Verb.EXEC, new AuditEvent.Target(target.cluster(), target.namespace(), "pods", target.pod()), outcome, reason, extra));
  }

  private void fail(ExecFailure.Kind kind, String message, Outcome outcome) {
    terminal.failed(new ExecFailure(kind, message));
    finish(outcome, -1, message);
  }

  private void finish(Outcome outcome, int exitCode, String reason) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    ScheduledFuture<?> check = idleCheck;
    if (check != null) {
      check.cancel(false);
    }
    if (holdsSlot) {
      deps.limiter().release(target.user().principal().subject());
    }
    if (outcome == Outcome.SUCCESS && exitCode >= 0) {
      terminal.exited(exitCode, reason);
    }
    Instant ended = deps.clock().instant();
    Map<String, Object> extra = sessionExtra();
    extra.put("endedAt", ended.toString());
    extra.put("durationMs", Duration.between(started, ended).toMillis());
    extra.put("exitCode", exitCode);
    extra.put("phase", "ended");
    record(ended, outcome, outcome == Outcome.SUCCESS && exitCode >= 0 && reason.equals("exited") ? "" : reason, extra);
  }
}
