package io.periscope.agent.link;

import com.google.protobuf.ByteString;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.periscope.tunnel.SendGate;
import io.periscope.tunnel.WireHeaders;
import io.periscope.tunnel.proto.AgentProxyFrame;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.Attach;
import io.periscope.tunnel.proto.End;
import io.periscope.tunnel.proto.ProxyError;
import io.periscope.tunnel.proto.RequestHead;
import io.periscope.tunnel.proto.ResponseHead;
import io.periscope.tunnel.proto.ServerProxyFrame;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's end of one Proxy call: attach, collect the request, forward it, stream the response
 * back, waiting on the call's readiness so a slow reader on the server holds only this request.
 */
final class ProxyHandler implements ClientResponseObserver<AgentProxyFrame, ServerProxyFrame> {
  private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);
  private static final int CHUNK = 64 * 1024;
  /** Bytes a Proxy call may queue for its event loop and still report ready (bounds what the agent holds per request). */
  static final int ON_READY_THRESHOLD = 256 * 1024;
  /** Request bodies are buffered; the server caps its own at 2 MB. */
  private static final int MAX_REQUEST_BODY = 16 * 1024 * 1024;

  private final long id;
  private final ApiForwarder forwarder;
  private final Executor executor;
  private final Semaphore permits;
  private ClientCallStreamObserver<AgentProxyFrame> out;
  private SendGate gate;
  private RequestHead head;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private volatile boolean cancelled;
  private volatile boolean forwarding;
  /** The response relay of a plain request, once the request was sent. */
  private volatile BodyRelay relay;
  /** The apiserver request while it waits for its head; cancelling it closes that connection. */
  private volatile java.util.concurrent.CompletableFuture<?> pending;
  private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
  /** Client bytes of an upgraded connection waiting for the writer; {@link #CLIENT_CLOSED} ends them. */
  private final java.util.concurrent.BlockingQueue<byte[]> toApiserver = new java.util.concurrent.LinkedBlockingQueue<>();
  private static final byte[] CLIENT_CLOSED = new byte[0];
  private volatile boolean upgrading;
  private volatile UpgradeConnection connection;

  private ProxyHandler(long id, ApiForwarder forwarder, Executor executor, Semaphore permits) {
    this.id = id;
    this.forwarder = forwarder;
    this.executor = executor;
    this.permits = permits;
  }

  /**
   * Opens the Proxy call for {@code id}; the permit (already taken) is released when the call ends.
   *
   * @param inline the request's head when {@code Open} carried it (a request with no body): it goes
   *     to the apiserver at once, while the call attaches; null when the head comes on the call
   */
  static void start(AgentTunnelGrpc.AgentTunnelStub stub, long id, ApiForwarder forwarder, Executor executor, Semaphore permits,
      RequestHead inline) {
    ProxyHandler h = new ProxyHandler(id, forwarder, executor, permits);
    // Up to this much may wait for the event loop before the call reports not ready, so the JDK
    // client keeps delivering while earlier frames are encrypted and written (the default, 32 KB,
    // is less than one 64 KB read: every frame would wait for a flush).
    stub.withOnReadyThreshold(ON_READY_THRESHOLD).proxy(h);
    h.out.onNext(AgentProxyFrame.newBuilder().setAttach(Attach.newBuilder().setStreamId(id)).build());
    if (inline != null) {
      h.startInline(inline);
    }
  }

  private void startInline(RequestHead inline) {
    if (!inline.getUpgrade().isEmpty()) {
      fail("bad_request", "an upgrade request cannot come with Open");
      return;
    }
    head = inline;
    forwarding = true;
    executor.execute(this::forward);
  }

  /** Opens the call only to say the agent is saturated. */
  static void refuseBusy(AgentTunnelGrpc.AgentTunnelStub stub, long id) {
    ProxyHandler h = new ProxyHandler(id, null, null, null);
    stub.proxy(h);
    h.out.onNext(AgentProxyFrame.newBuilder().setAttach(Attach.newBuilder().setStreamId(id)).build());
    h.out.onNext(AgentProxyFrame.newBuilder().setError(ProxyError.newBuilder().setStreamId(id).setCode("agent_busy")
        .setMessage("the agent is already proxying its maximum number of concurrent requests")).build());
    h.out.onCompleted();
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<AgentProxyFrame> requestStream) {
    this.out = requestStream;
    this.gate = new SendGate(requestStream);
    requestStream.setOnReadyHandler(() -> {
      gate.onReady();
      BodyRelay r = relay;
      if (r != null) {
        r.onReady();
      }
    });
    // Inbound flow control: one server frame at a time, asked for once the previous one is handled,
    // so a slow apiserver reader of an upgraded connection closes this call's window only.
    requestStream.disableAutoRequestWithInitial(1);
  }

  @Override
  public void onNext(ServerProxyFrame frame) {
    if (upgrading && (frame.hasBody() || frame.hasEndOfBody())) {
      // The writer asks for the next frame once this one reached the apiserver.
      toApiserver.add(frame.hasBody() ? frame.getBody().toByteArray() : CLIENT_CLOSED);
      return;
    }
    handle(frame);
    out.request(1);
  }

  private void handle(ServerProxyFrame frame) {
    switch (frame.getKindCase()) {
      case HEAD -> {
        if (head != null) {
          fail("bad_request", "the request head came twice");
          return;
        }
        head = frame.getHead();
        if (!head.getUpgrade().isEmpty() && executor != null) {
          upgrading = true;
          forwarding = true;
          executor.execute(this::upgrade);
        }
      }
      case BODY -> {
        if (body.size() + frame.getBody().size() > MAX_REQUEST_BODY) {
          fail("bad_request", "request body over " + MAX_REQUEST_BODY + " bytes");
          return;
        }
        body.writeBytes(frame.getBody().toByteArray());
      }
      case END_OF_BODY -> {
        if (head != null && executor != null && !forwarding) {
          forwarding = true;
          executor.execute(this::forward);
        }
      }
      case CANCEL -> cancel();
      default -> { }
    }
  }

  @Override
  public void onError(Throwable t) {
    cancel();
  }

  @Override
  public void onCompleted() {
    // The server finished its side; a response in flight ends on its own, otherwise nothing will run.
    if (!forwarding) {
      release();
    }
  }

  private void release() {
    if (permits != null && released.compareAndSet(false, true)) {
      permits.release();
    }
  }

  private void cancel() {
    cancelled = true;
    if (!forwarding) {
      release();
    }
    if (gate != null) {
      gate.close();
    }
    UpgradeConnection c = connection;
    if (c != null) {
      c.close();
    }
    java.util.concurrent.CompletableFuture<?> p = pending;
    if (p != null) {
      p.cancel(true);
    }
    BodyRelay r = relay;
    if (r != null) {
      r.cancel();
    }
  }

  /**
   * Sends the request and relays the response from the JDK client's callbacks ({@link BodyRelay}):
   * no thread waits for it, and the permit is released when the exchange ends however it ends.
   */
  private void forward() {
    try {
      BodyRelay r = new BodyRelay(new CallSink());
      relay = r;
      var exchange = forwarder.send(head.getMethod(), head.getPath(), WireHeaders.fromWire(head.getHeadersList()), body.toByteArray(), r);
      pending = exchange;
      if (cancelled) {
        r.cancel();
        exchange.cancel(true);
      }
      exchange.whenComplete((response, failure) -> {
        try {
          if (failure != null) {
            failed("proxied", failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure);
          }
        } finally {
          release();
        }
      });
    } catch (RuntimeException e) {
      failed("proxied", e);
      release();
    }
  }

  /** The Proxy call as the relay's sink; frames go out in the order the relay produces them. */
  private final class CallSink implements BodyRelay.Sink {
    @Override
    public boolean ready() {
      return out.isReady();
    }

    @Override
    public void head(int status, java.util.Map<String, java.util.List<String>> headers) {
      // Small, and the call's window starts open: no wait.
      sendNow(responseHead(status, headers));
    }

    @Override
    public void body(ByteString bytes) {
      sendNow(AgentProxyFrame.newBuilder().setBody(bytes).build());
    }

    @Override
    public void end() {
      synchronized (ProxyHandler.this) {
        if (!cancelled) {
          out.onNext(AgentProxyFrame.newBuilder().setEnd(End.newBuilder().setStreamId(id)).build());
          out.onCompleted();
        }
      }
    }
  }

  private void sendNow(AgentProxyFrame frame) {
    synchronized (this) {
      if (!cancelled) {
        out.onNext(frame);
      }
    }
  }

  /** An upgrade (exec, attach, port-forward): dial, relay the answer, then pump bytes both ways until either side ends. */
  private void upgrade() {
    try (UpgradeConnection conn = forwarder.upgrade(head.getMethod(), head.getPath(), WireHeaders.fromWire(head.getHeadersList()),
        head.getUpgrade())) {
      connection = conn;
      if (cancelled) {
        return;
      }
      if (!sendHead(conn.status, conn.headers)) {
        return;
      }
      if (conn.status != 101) {
        byte[] refusal = conn.refusalBody();
        if (refusal.length > 0 && !send(AgentProxyFrame.newBuilder().setBody(ByteString.copyFrom(refusal)).build())) {
          return;
        }
      } else {
        Thread writer = Thread.ofVirtual().name("agent-upgrade-writer-" + id).start(() -> pumpToApiserver(conn));
        try {
          if (!relay(conn.in)) {
            return;
          }
        } finally {
          writer.interrupt();
        }
      }
      end();
    } catch (Exception e) {
      failed("upgraded", e);
    } finally {
      release();
    }
  }

  private boolean sendHead(int status, java.util.Map<String, java.util.List<String>> headers) throws InterruptedException {
    return send(responseHead(status, headers));
  }

  private AgentProxyFrame responseHead(int status, java.util.Map<String, java.util.List<String>> headers) {
    ResponseHead.Builder rh = ResponseHead.newBuilder().setStreamId(id).setStatus(status);
    headers.forEach((name, values) -> {
      if (ApiForwarder.forwardable(name)) {
        rh.addHeaders(io.periscope.tunnel.proto.Header.newBuilder().setName(name).addAllValues(values));
      }
    });
    return AgentProxyFrame.newBuilder().setHead(rh).build();
  }

  /**
   * Copies an upgraded connection's bytes to body frames until it ends or the stream is cancelled,
   * one frame per read: a keystroke's echo must not wait for more. False when a frame could not be sent.
   */
  private boolean relay(InputStream in) throws java.io.IOException, InterruptedException {
    byte[] buf = new byte[CHUNK];
    int n;
    while (!cancelled && (n = in.read(buf)) >= 0) {
      if (n > 0 && !send(AgentProxyFrame.newBuilder().setBody(ByteString.copyFrom(buf, 0, n)).build())) {
        return false;
      }
    }
    return true;
  }

  private void end() throws InterruptedException {
    if (!cancelled && send(AgentProxyFrame.newBuilder().setEnd(End.newBuilder().setStreamId(id)).build())) {
      out.onCompleted();
    }
  }

  private void failed(String what, Throwable e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      out.cancel("agent shutting down", e);
    } else if (e instanceof IllegalArgumentException) {
      fail("bad_request", e.getMessage());
    } else if (cancelled) {
      log.debug("{} request {} cancelled", what, id);
    } else {
      log.warn("{} request {} {} failed: {}", what, head.getMethod(), pathOnly(head.getPath()), e.toString());
      fail("apiserver_unreachable", e.toString());
    }
  }

  private void pumpToApiserver(UpgradeConnection conn) {
    try {
      while (true) {
        byte[] chunk = toApiserver.take();
        if (chunk == CLIENT_CLOSED) {
          conn.shutdownOutput();
          return;
        }
        conn.out.write(chunk);
        conn.out.flush();
        out.request(1);
      }
    } catch (InterruptedException | java.io.IOException e) {
      // the connection ended; the reader side reports how
    }
  }

  private boolean send(AgentProxyFrame frame) throws InterruptedException {
    if (cancelled || !gate.awaitReady()) {
      return false;
    }
    synchronized (this) {
      out.onNext(frame);
    }
    return true;
  }

  private void fail(String code, String message) {
    try {
      synchronized (this) {
        out.onNext(AgentProxyFrame.newBuilder().setError(ProxyError.newBuilder().setStreamId(id).setCode(code).setMessage(message)).build());
        out.onCompleted();
      }
    } catch (RuntimeException ignored) {
      // the call already ended
    }
  }

  private static String pathOnly(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }
}
