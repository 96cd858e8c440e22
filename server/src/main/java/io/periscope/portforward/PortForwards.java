package io.periscope.portforward;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.auth.Session;
import io.periscope.auth.SessionChannels;
import io.periscope.exec.SessionLimiter;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.logs.PodContainers;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The open browser port-forwards. Opening checks the pod as the person; each proxied request opens
 * one forwarded connection as the person ({@link ForwardedHttp}); a forward ends when its owner
 * closes it, when the login session that opened it ends, or after the idle time-out, and then
 * writes its one {@code port_forward} audit row (start, end, requests).
 */
public final class PortForwards implements AutoCloseable {
  public static final String PATH_PREFIX = "/api/port-forwards/";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ImpersonatingClients clients;
  private final AuditRecorder audit;
  private final SessionChannels channels;
  private final Clock clock;
  private final PortForwardSettings settings;
  private final SessionLimiter limiter;
  private final Map<String, OpenForward> open = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("port-forward-timer").factory());

  public PortForwards(ImpersonatingClients clients, AuditRecorder audit, SessionChannels channels, Clock clock, PortForwardSettings settings) {
    this.clients = clients;
    this.audit = audit;
    this.channels = channels;
    this.clock = clock;
    this.settings = settings;
    this.limiter = new SessionLimiter(settings.maxPerUser());
    long period = Math.clamp(settings.idleTimeout().toMillis() / 4, 20, 30_000);
    timer.scheduleAtFixedRate(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens a forward after reading the pod as the person (so a pod they cannot see is a 404/403 now,
   * not on the first page load). A refused open is audited at once.
   */
  public OpenForward open(OpenForward.Target t, Optional<Session> session) {
    if (t.port() < 1 || t.port() > 65_535) {
      throw Problem.badRequest("port must be from 1 to 65535, got " + t.port());
    }
    if (!limiter.tryAcquire(t.principal().subject())) {
      throw new Problem(ErrorCode.TOO_MANY_PORT_FORWARDS, "you already have " + settings.maxPerUser()
          + " open port-forwards, the most allowed at once; close one and try again");
    }
    Instant started = clock.instant();
    try {
      PodContainers.get(clients.forUser(t.cluster(), t.principal()), t.namespace(), t.pod());
    } catch (RuntimeException e) {
      limiter.release(t.principal().subject());
      record(t, started, AuditTrail.outcomeOf(e), AuditTrail.reasonOf(e), 0, 0);
      throw e;
    }
    OpenForward f = new OpenForward(newId(), t, started);
    recordStarted(t, started);
    open.put(f.id(), f);
    f.bind(channels.bind(session, why -> end(f, Outcome.SUCCESS, "closed: " + why.message())));
    return f;
  }

  /**
   * The caller's forward: only the login session that opened it may use it; anyone else (another
   * person, or the same person in another session) gets the same 404 as for an unknown id.
   */
  public OpenForward owned(String id, String sessionIdHash) {
    OpenForward f = open.get(id);
    if (f == null || f.ended() || !f.target().sessionIdHash().equals(sessionIdHash)) {
      throw new Problem(ErrorCode.PORT_FORWARD_NOT_FOUND, "no open port-forward '" + id + "' in this session (closed, timed out, or"
          + " opened in another session)");
    }
    return f;
  }

  /** The forwards this login session holds, oldest first. */
  public List<OpenForward> ofSession(String sessionIdHash) {
    return open.values().stream().filter(f -> f.target().sessionIdHash().equals(sessionIdHash))
        .sorted(java.util.Comparator.comparing(OpenForward::startedAt)).toList();
  }

  /** One proxied HTTP request through the forward, as the person who opened it. */
  public ForwardedHttp.Response send(OpenForward f, ForwardedHttp.Request request) {
    f.requestStarted(clock.instant());
    var t = f.target();
    try {
      KubernetesClient client = clients.forUser(t.cluster(), t.principal());
      return ForwardedHttp.exchange(client, t.namespace(), t.pod(), t.port(), request, settings.requestTimeout(), timer);
    } catch (Problem | KubernetesClientException e) {
      f.requestFailed();
      throw e;
    }
  }

  public void close(OpenForward f) {
    end(f, Outcome.SUCCESS, "closed by the person");
  }

  private void closeIdle() {
    Instant now = clock.instant();
    for (OpenForward f : open.values()) {
      if (f.idleAt(now).compareTo(settings.idleTimeout()) >= 0) {
        end(f, Outcome.SUCCESS, "closed after " + settings.idleTimeout().toSeconds() + "s without a request");
      }
    }
  }

  private void end(OpenForward f, Outcome outcome, String reason) {
    if (!f.markEnded()) {
      return;
    }
    open.remove(f.id());
    f.binding().close();
    limiter.release(f.target().principal().subject());
    record(f.target(), f.startedAt(), outcome, reason, f.requests(), f.failedRequests());
  }

  /** A row as the forward opens: an open forward is visible in the log before it ends (and if the server dies first). */
  private void recordStarted(OpenForward.Target t, Instant started) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("port", t.port());
    extra.put("startedAt", started.toString());
    extra.put("phase", "started");
    record(t, started, Outcome.SUCCESS, "", extra);
  }

  private void record(OpenForward.Target t, Instant at, Outcome outcome, String reason, Map<String, Object> extra) {
    audit.record(new AuditEvent(at, t.requestId(), AuditTrail.actor(t.principal()), Verb.PORT_FORWARD,
        new AuditEvent.Target(t.cluster(), t.namespace(), "pods", t.pod()), outcome, reason, extra));
  }

  private void record(OpenForward.Target t, Instant started, Outcome outcome, String reason, long requests, long failed) {
    Instant ended = clock.instant();
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("port", t.port());
    extra.put("startedAt", started.toString());
    extra.put("endedAt", ended.toString());
    extra.put("durationMs", Duration.between(started, ended).toMillis());
    extra.put("requests", requests);
    extra.put("failedRequests", failed);
    extra.put("phase", "ended");
    record(t, ended, outcome, reason, extra);
  }

  private static String newId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Ends every forward (server stop), each with its audit row. */
  @Override
  public void close() {
    open.values().forEach(f -> end(f, Outcome.SUCCESS, "closed: the server stopped"));
    timer.shutdownNow();
  }
}
