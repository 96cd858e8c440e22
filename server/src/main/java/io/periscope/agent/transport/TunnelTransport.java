package io.periscope.agent.transport;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpClient;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.http.StandardWebSocketBuilder;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketResponse;
import io.fabric8.kubernetes.client.http.WebSocketUpgradeResponse;
import io.periscope.agent.tunnel.ProxyCall;
import io.periscope.agent.tunnel.TunnelException;
import io.periscope.transport.StreamedResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * fabric8's HTTP client SPI over the agent tunnel: each request is one Proxy call to the
 * cluster's agent, with no socket of its own on this side. fabric8 runs its interceptors
 * (impersonation, per-request headers) before {@link #consumeBytesDirect}, so a request arrives
 * with every header it needs; this class only moves bytes. Response bodies are
 * {@link io.periscope.transport.RelayableBody}s, so lists relay from the tunnel's frames to the
 * browser without a copy. WebSocket upgrades (exec, attach, watches) become upgraded Proxy
 * calls carrying the connection's raw bytes ({@link TunnelWebSocket}).
 */
public final class TunnelTransport extends StandardHttpClient<TunnelTransport, TunnelTransportFactory, TunnelTransportBuilder> {
  private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final SecureRandom KEYS = new SecureRandom();
  /** How much of a refused upgrade's answer is kept for the error. */
  private static final int REFUSAL_BODY_LIMIT = 64 * 1024;

  private final AgentCalls calls;

  TunnelTransport(TunnelTransportBuilder builder, AgentCalls calls, AtomicBoolean closed) {
    super(builder, closed);
    this.calls = calls;
  }

  AgentCalls calls() {
    return calls;
  }

  @Override
  public CompletableFuture<HttpResponse<AsyncBody>> consumeBytesDirect(StandardHttpRequest request,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    var pending = new Pending<HttpResponse<AsyncBody>>(request);
    Thread.ofVirtual().name("tunnel-" + calls.cluster()).start(() -> exchange(request, consumer, pending));
    return pending.result;
  }

  private void exchange(StandardHttpRequest request, AsyncBody.Consumer<List<ByteBuffer>> consumer, Pending<HttpResponse<AsyncBody>> pending) {
    try {
      var bodyless = request.body() == null
          ? ProxyCall.head(request.method(), TunnelExchange.target(request.uri()), TunnelExchange.headers(request), "").build()
          : null;
      ProxyCall call = pending.open(bodyless);
      if (!call.requestSent()) {
        call.sendHead(request.method(), TunnelExchange.target(request.uri()), TunnelExchange.headers(request), "");
        TunnelExchange.sendBody(request, call);
      }
      HttpResponse<AsyncBody> response = switch (TunnelExchange.awaitHead(call, false, calls.cluster())) {
        case TunnelAnswers.Head h -> new StreamedResponse(request, h.status(), h.headers(),
            new TunnelBody(new CallReader(call, calls.cluster()), consumer));
        case TunnelAnswers.Refused r -> refusal(request, r, consumer);
      };
      if (!pending.result.complete(response)) {
        response.body().cancel(); // timed out meanwhile
      }
    } catch (TunnelException e) {
      pending.result.complete(refusal(request, TunnelAnswers.refused(e), consumer));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.abandon(e);
    } catch (IOException | RuntimeException e) {
      pending.abandon(e);
    }
  }

  private static StreamedResponse refusal(StandardHttpRequest request, TunnelAnswers.Refused r, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    return new StreamedResponse(request, r.status(), Map.of("Content-Type", List.of("application/json")), new FixedBody(r.body(), consumer));
  }

  /**
   * One request's result and its call. Like the JDK client's request time-out, the request's
   * time-out bounds the wait for the response head, not the body (a watch or a large list may
   * stream for longer). A result that fails before the head arrived (time-out, cancelled by the
   * caller, a failure sending) abandons the call, so the agent lets go of the apiserver request.
   */
  private final class Pending<T> {
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final AtomicReference<ProxyCall> call = new AtomicReference<>();

    Pending(StandardHttpRequest request) {
      result.whenComplete((ok, failure) -> {
        if (failure != null) {
          cancel("the request was abandoned: " + failure);
        }
      });
      Duration timeout = request.getTimeout();
      if (timeout != null && !timeout.isZero() && !timeout.isNegative()) {
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> result.completeExceptionally(
            new TimeoutException("cluster '" + calls.cluster() + "': no response head within " + timeout.toMillis() + " ms")));
      }
    }

    ProxyCall open() throws InterruptedException {
      return open(null);
    }

    ProxyCall open(io.periscope.tunnel.proto.RequestHead bodyless) throws InterruptedException {
      call.set(calls.open(bodyless));
      if (result.isCompletedExceptionally()) {
        cancel("the request was abandoned before the agent took it");
      }
      return call.get();
    }

    /** The request failed before it was answered; the call goes with it (see the constructor). */
    void abandon(Exception e) {
      result.completeExceptionally(e);
    }

    private void cancel(String why) {
      ProxyCall c = call.get();
      if (c != null) {
        c.cancel(why);
      }
    }
  }

  @Override
  public CompletableFuture<WebSocketResponse> buildWebSocketDirect(StandardWebSocketBuilder builder, WebSocket.Listener listener) {
    StandardHttpRequest request = builder.asHttpRequest();
    var pending = new Pending<WebSocketResponse>(request);
    Thread.ofVirtual().name("tunnel-ws-" + calls.cluster()).start(() -> upgrade(request, builder.getSubprotocol(), listener, pending));
    return pending.result;
  }

  private void upgrade(StandardHttpRequest request, String subprotocol, WebSocket.Listener listener, Pending<WebSocketResponse> pending) {
    try {
      ProxyCall call = pending.open();
      String key = webSocketKey();
      Map<String, List<String>> headers = TunnelExchange.headers(request);
      headers.put("Sec-WebSocket-Key", List.of(key));
      headers.put("Sec-WebSocket-Version", List.of("13"));
      if (subprotocol != null) {
        headers.put("Sec-WebSocket-Protocol", List.of(subprotocol));
      }
      call.sendHead("GET", TunnelExchange.target(request.uri()), headers, "websocket");
      var reader = new CallReader(call, calls.cluster());
      switch (TunnelExchange.awaitHead(call, true, calls.cluster())) {
        case TunnelAnswers.Head h when h.status() == 101 && acceptMatches(h, key) -> {
          if (pending.result.isDone()) {
            reader.cancel("the WebSocket request timed out");
            return;
          }
          var upgraded = new WebSocketUpgradeResponse(request, 101, h.headers());
          TunnelWebSocket ws = TunnelWebSocket.open(reader, listener, pingInterval());
          if (!pending.result.complete(new WebSocketResponse(upgraded, ws))) {
            ws.sendClose(1000, null);
          }
        }
        case TunnelAnswers.Head h when h.status() == 101 -> {
          reader.cancel("bad Sec-WebSocket-Accept");
          pending.result.complete(refused(request, 101, h.headers(), new IOException("cluster '" + calls.cluster()
              + "': the apiserver's WebSocket answer does not match the request's key")));
        }
        case TunnelAnswers.Head h -> pending.result.complete(refused(request, h.status(), h.headers(), new IOException("cluster '"
            + calls.cluster() + "': the apiserver refused the WebSocket upgrade with HTTP " + h.status() + ": " + firstBytes(reader))));
        case TunnelAnswers.Refused r -> pending.result.complete(refused(request, r.status(), Map.of(), new IOException(r.message())));
      }
    } catch (TunnelException e) {
      pending.result.complete(refused(request, e.status(), Map.of(), e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.abandon(e);
    } catch (RuntimeException e) {
      pending.abandon(e);
    }
  }

  private static boolean acceptMatches(TunnelAnswers.Head h, String key) {
    return h.headers().getOrDefault("Sec-WebSocket-Accept", List.of()).equals(List.of(expectedAccept(key)));
  }

  private static WebSocketResponse refused(StandardHttpRequest request, int status, Map<String, List<String>> headers, Exception why) {
    return new WebSocketResponse(new WebSocketUpgradeResponse(request, status, headers), why);
  }

  private Duration pingInterval() {
    Duration d = builder.getWebsocketPingInterval();
    return d == null ? Duration.ZERO : d;
  }

  /** The start of a refused upgrade's answer (the apiserver's Status), for the error message. */
  private static String firstBytes(CallReader reader) {
    var kept = new ByteArrayOutputStream();
    try {
      for (var bytes = reader.next(Duration.ofSeconds(5)); bytes != null && kept.size() < REFUSAL_BODY_LIMIT; bytes = reader.next(Duration.ofSeconds(5))) {
        bytes.substring(0, Math.min(bytes.size(), REFUSAL_BODY_LIMIT - kept.size())).writeTo(kept);
      }
    } catch (IOException enoughOrBroken) {
      // the status alone still names the failure
    }
    reader.cancel("the upgrade was refused");
    return kept.toString(StandardCharsets.UTF_8);
  }

  private static String webSocketKey() {
    byte[] nonce = new byte[16];
    KEYS.nextBytes(nonce);
    return Base64.getEncoder().encodeToString(nonce);
  }

  /** RFC 6455 §4.2.2: base64(SHA-1(key + GUID)). */
  static String expectedAccept(String key) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }

  @Override
  protected void doClose() {
    calls.closeAll();
  }
}
