package io.periscope.agent.tunnel;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.periscope.tunnel.SendGate;
import io.periscope.tunnel.WireHeaders;
import io.periscope.tunnel.proto.AgentProxyFrame;
import io.periscope.tunnel.proto.Cancel;
import io.periscope.tunnel.proto.EndOfBody;
import io.periscope.tunnel.proto.RequestHead;
import io.periscope.tunnel.proto.ServerProxyFrame;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server's end of one Proxy call, i.e. one proxied HTTP request. Inbound frames are pulled
 * with a small fixed read-ahead ({@link #next()} requests one more message only when one was
 * taken), so a slow reader closes this call's HTTP/2 window and the agent stops reading from the
 * apiserver for this request only. Outbound frames wait on the call's readiness.
 *
 * <p>gRPC's stream observer is not thread-safe, and a call has two writers: the thread relaying
 * the request (or an upgraded connection's client bytes) and whoever cancels it (a client closing,
 * the transport shutting down). Every frame, cancel and end therefore goes out under one lock,
 * and nothing is sent after the call finished.
 */
public final class ProxyCall implements StreamObserver<AgentProxyFrame> {
  /** What {@link #next()} yields after the last frame. */
  public sealed interface Event {}

  public record Frame(AgentProxyFrame frame) implements Event {}

  public record Completed() implements Event {}

  public record Failed(Status status) implements Event {}

  /** Response frames buffered ahead of the reader, at most (with the agent's 64 KB chunks: 256 KB). */
  static final int READ_AHEAD = 4;

  private volatile long id;
  private volatile boolean requestSent;
  private final ServerCallStreamObserver<ServerProxyFrame> out;
  private final SendGate gate;
  private final BlockingQueue<Event> inbound = new LinkedBlockingQueue<>();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  /** Held while anything is handed to {@link #out}. */
  private final Object sending = new Object();

  /** Must run inside the service method: gRPC only accepts handlers before the method returns. */
  ProxyCall(ServerCallStreamObserver<ServerProxyFrame> out) {
    this.out = out;
    this.gate = new SendGate(out);
    out.setOnReadyHandler(gate::onReady);
    out.setOnCancelHandler(() -> {
      gate.close();
      ended.complete(null);
      inbound.add(new Failed(Status.CANCELLED.withDescription("the agent cancelled the proxied request")));
    });
  }

  public long id() {
    return id;
  }

  void bind(long streamId) {
    this.id = streamId;
  }

  /** @param upgrade the protocol of an HTTP upgrade (e.g. {@code websocket}), or empty for a plain request */
  public void sendHead(String method, String pathAndQuery, Map<String, List<String>> headers, String upgrade) throws InterruptedException {
    send(ServerProxyFrame.newBuilder().setHead(head(method, pathAndQuery, headers, upgrade).setStreamId(id)).build());
  }

  /** A request head (its stream id is set where it is sent). */
  public static RequestHead.Builder head(String method, String pathAndQuery, Map<String, List<String>> headers, String upgrade) {
    return RequestHead.newBuilder().setMethod(method).setPath(pathAndQuery).addAllHeaders(WireHeaders.toWire(headers)).setUpgrade(upgrade);
  }

  /** True when the whole request went with the agent's {@code Open}: send no head, body or end of body on this call. */
  public boolean requestSent() {
    return requestSent;
  }

  void requestWentWithOpen() {
    requestSent = true;
  }

  /** One body frame (request bytes, or client bytes of an upgraded connection); waits for the call's window. */
  public void sendBody(ByteString chunk) throws InterruptedException {
    send(ServerProxyFrame.newBuilder().setBody(chunk).build());
  }

  public void endBody() throws InterruptedException {
    send(ServerProxyFrame.newBuilder().setEndOfBody(EndOfBody.newBuilder().setStreamId(id)).build());
  }

  /** Completes once the call is over for the server: finished, cancelled, failed or cancelled by the agent. */
  public CompletableFuture<Void> ended() {
    return ended;
  }

  /** Blocks until the agent's next frame (or the end of the call), then asks gRPC for one more. */
  public Event next() throws InterruptedException {
    return taken(inbound.take());
  }

  /** As {@link #next()}, giving up after {@code wait}: null when nothing arrived. */
  public Event next(Duration wait) throws InterruptedException {
    return taken(inbound.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
  }

  private Event taken(Event e) {
    if (e instanceof Frame) {
      out.request(1);
    }
    return e;
  }

  /**
   * Tells the agent to abandon the request (the reader went away) and ends the call; a reader
   * blocked in {@link #next()} wakes up with {@link Failed}.
   */
  public void cancel(String reason) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    inbound.add(new Failed(Status.CANCELLED.withDescription(reason)));
    gate.close();
    ended.complete(null);
    synchronized (sending) {
      try {
        out.onNext(ServerProxyFrame.newBuilder().setCancel(Cancel.newBuilder().setStreamId(id).setReason(reason)).build());
        out.onError(Status.CANCELLED.withDescription(reason).asRuntimeException());
      } catch (RuntimeException ignored) {
        // the call already ended
      }
    }
  }

  /** Ends a call that never attached to a request with {@code status}: there is no request to cancel. */
  void refuse(Status status) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    gate.close();
    ended.complete(null);
    synchronized (sending) {
      try {
        out.onError(status.asRuntimeException());
      } catch (RuntimeException ignored) {
        // the call already ended
      }
    }
  }

  /** Ends the call normally after the response was fully relayed. */
  public void finish() {
    if (finished.compareAndSet(false, true)) {
      gate.close();
      ended.complete(null);
      synchronized (sending) {
        try {
          out.onCompleted();
        } catch (RuntimeException ignored) {
          // the call already ended
        }
      }
    }
  }

  private void send(ServerProxyFrame frame) throws InterruptedException {
    boolean ready = gate.awaitReady();
    synchronized (sending) {
      if (!ready || finished.get()) {
        throw new IllegalStateException("the proxy call " + id + " ended while sending the request");
      }
      out.onNext(frame);
    }
  }

  @Override
  public void onNext(AgentProxyFrame frame) {
    inbound.add(new Frame(frame));
  }

  @Override
  public void onError(Throwable t) {
    gate.close();
    ended.complete(null);
    inbound.add(new Failed(Status.fromThrowable(t)));
  }

  @Override
  public void onCompleted() {
    inbound.add(new Completed());
  }
}
