package io.periscope.agent.tunnel;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.periscope.problem.ErrorCode;
import io.periscope.tunnel.proto.Open;
import io.periscope.tunnel.proto.RequestHead;
import io.periscope.tunnel.proto.ServerFrame;
import io.periscope.tunnel.proto.Welcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** One connected agent: its control stream and the requests announced on it but not yet attached. */
final class AgentSession {
  private static final AtomicLong IDS = new AtomicLong();

  private final String cluster;
  private final String tunnelId;
  private final ServerCallStreamObserver<ServerFrame> control;
  private final Instant connectedAt;
  private final Instant certificateNotAfter;
  private final java.math.BigInteger certificateSerial;
  private final Map<Long, CompletableFuture<ProxyCall>> pending = new ConcurrentHashMap<>();
  private final CompletableFuture<Status> closed = new CompletableFuture<>();
  /** Proxy calls attached on this session and not over yet: ended with it when its certificate stops being trusted. */
  private final java.util.Set<ProxyCall> attached = ConcurrentHashMap.newKeySet();
  private volatile Status dropped;
  /** The agent's Hello, once it arrived (it says whether the agent takes a body-less request's head in {@code Open}). */
  private volatile io.periscope.tunnel.proto.Hello hello;
  /** The kube-system UID the agent's Hello carried and the server admitted; "" when it sent none (unverified). */
  private volatile String clusterUid = "";

  /** @param tunnelId which of the agent's tunnels this is ({@link io.periscope.tunnel.TunnelIds}; empty from a first-release agent) */
  AgentSession(String cluster, String tunnelId, ServerCallStreamObserver<ServerFrame> control, Instant connectedAt,
      Instant certificateNotAfter, java.math.BigInteger certificateSerial) {
    this.cluster = cluster;
    this.tunnelId = tunnelId;
    this.control = control;
    this.connectedAt = connectedAt;
    this.certificateNotAfter = certificateNotAfter;
    this.certificateSerial = certificateSerial;
  }

  /** The serial of the certificate the agent connected with. */
  java.math.BigInteger certificateSerial() {
    return certificateSerial;
  }

  /** When the certificate this session was admitted with expires; the session must not outlive it. */
  Instant certificateNotAfter() {
    return certificateNotAfter;
  }

  String cluster() {
    return cluster;
  }

  String tunnelId() {
    return tunnelId;
  }

  Instant connectedAt() {
    return connectedAt;
  }

  boolean open() {
    return !closed.isDone();
  }

  void hello(io.periscope.tunnel.proto.Hello hello) {
    this.hello = hello;
  }

  java.util.Optional<io.periscope.tunnel.proto.Hello> hello() {
    return java.util.Optional.ofNullable(hello);
  }

  /** The cluster identity this session was admitted with ("" for an agent that sent none). */
  void identify(String uid) {
    this.clusterUid = uid;
  }

  String clusterUid() {
    return clusterUid;
  }

  void welcome() {
    synchronized (control) {
      control.onNext(ServerFrame.newBuilder().setWelcome(Welcome.newBuilder().setCluster(cluster)).build());
    }
  }

  /**
   * Announces a request and waits for the agent to attach its Proxy call.
   *
   * @param inline the head of a request with no body and no upgrade, sent with {@code Open} when
   *     the agent takes it there ({@link ProxyCall#requestSent()} tells), or null
   * @throws TunnelException 503 when the session closes meanwhile, 504 after {@code timeout}
   */
  ProxyCall openCall(Duration timeout, RequestHead inline) throws InterruptedException {
    long id = IDS.incrementAndGet();
    CompletableFuture<ProxyCall> attached = new CompletableFuture<>();
    pending.put(id, attached);
    try {
      if (!open()) {
        throw TunnelException.disconnected(cluster);
      }
      Open.Builder open = Open.newBuilder().setStreamId(id);
      var said = hello;
      boolean sendsHead = inline != null && said != null && said.getHeadInOpen();
      if (sendsHead) {
        open.setHead(inline.toBuilder().setStreamId(id));
      }
      synchronized (control) {
        control.onNext(ServerFrame.newBuilder().setOpen(open).build());
      }
      ProxyCall call = attached.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      if (sendsHead) {
        call.requestWentWithOpen();
      }
      return call;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new TunnelException(ErrorCode.AGENT_TIMEOUT, cluster, "the agent did not take the request within " + timeout.toMillis() + " ms");
    } catch (java.util.concurrent.ExecutionException e) {
      throw TunnelException.disconnected(cluster);
    } catch (RuntimeException e) {
      if (e instanceof TunnelException te) {
        throw te;
      }
      throw TunnelException.disconnected(cluster);
    } finally {
      pending.remove(id);
    }
  }

  /** The agent attached a Proxy call for an announced request. @return false for an unknown id */
  boolean attach(long id, ProxyCall call) {
    CompletableFuture<ProxyCall> waiting = pending.get(id);
    if (waiting == null) {
      return false;
    }
    // Held before it is handed over: a session closing meanwhile is then kept for its calls (AgentSessions' retired).
    attached.add(call);
    if (!waiting.complete(call)) {
      attached.remove(call);
      return false;
    }
    call.ended().whenComplete((done, failure) -> attached.remove(call));
    Status why = dropped;
    if (why != null) {
      call.cancel(droppedReason(why));
    }
    return true;
  }

  /** Calls attached on this session that are not over yet. */
  boolean holdsCalls() {
    return !attached.isEmpty();
  }

  /**
   * Ends the session and every call in flight on it: its certificate is no longer trusted (revoked,
   * cluster deregistered, CA rotated, expired). An honest agent closes its connection when its
   * control stream is refused; the holder of a stolen certificate would keep its calls open and go
   * on reading a person's shell, so the server ends them itself.
   */
  void drop(Status status) {
    dropped = status;
    close(status);
    attached.forEach(call -> call.cancel(droppedReason(status)));
  }

  private static String droppedReason(Status status) {
    return "the agent's certificate is no longer admitted (" + status.getDescription() + ")";
  }

  /** Ends the session: pending requests fail fast with 503 agent_disconnected. */
  void close(Status status) {
    if (closed.complete(status)) {
      pending.values().forEach(f -> f.completeExceptionally(status.asRuntimeException()));
      try {
        synchronized (control) {
          if (status.isOk()) {
            control.onCompleted();
          } else {
            control.onError(status.asRuntimeException());
          }
        }
      } catch (RuntimeException ignored) {
        // the stream already ended
      }
    }
  }
}
