package io.periscope.portforward;

import io.periscope.auth.SessionChannels;
import io.periscope.authz.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open forward: which pod port, who opened it from which login session, and its counters for
 * the audit row. Only {@link PortForwards} creates and ends it.
 */
public final class OpenForward {
  private final String id;
  private final Target target;
  private final Instant startedAt;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failedRequests = new AtomicLong();
  private final AtomicBoolean ended = new AtomicBoolean();
  /** The last request's start (or the forward's), on the server's clock: idleness is judged on it too. */
  private volatile Instant lastActivity;
  private volatile SessionChannels.Binding binding = SessionChannels.Binding.NONE;

  /** The pod port and the person; {@code sessionIdHash} is the login session allowed to use it. */
  public record Target(String cluster, String namespace, String pod, int port, Principal principal, String sessionIdHash,
      String requestId) {}

  /** What the API shows of a forward (never the session it is bound to). */
  public record View(String id, String cluster, String namespace, String pod, int port, String url, Instant startedAt, long requests) {}

  OpenForward(String id, Target target, Instant startedAt) {
    this.id = id;
    this.target = target;
    this.startedAt = startedAt;
    this.lastActivity = startedAt;
  }

  public String id() {
    return id;
  }

  public Target target() {
    return target;
  }

  /** The path prefix the browser reaches the pod port at. */
  public String url() {
    return PortForwards.PATH_PREFIX + id + "/";
  }

  public View view() {
    return new View(id, target.cluster(), target.namespace(), target.pod(), target.port(), url(), startedAt, requests.get());
  }

  Instant startedAt() {
    return startedAt;
  }

  long requests() {
    return requests.get();
  }

  long failedRequests() {
    return failedRequests.get();
  }

  void requestStarted(Instant at) {
    lastActivity = at;
    requests.incrementAndGet();
  }

  void requestFailed() {
    failedRequests.incrementAndGet();
  }

  Duration idleAt(Instant now) {
    return Duration.between(lastActivity, now);
  }

  boolean markEnded() {
    return ended.compareAndSet(false, true);
  }

  boolean ended() {
    return ended.get();
  }

  void bind(SessionChannels.Binding b) {
    this.binding = b;
  }

  SessionChannels.Binding binding() {
    return binding;
  }
}
