package io.periscope.demo.cluster;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.net.SelfSignedCertificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo apiserver's front door. fabric8's mock server answers every request with one whole body, so a
 * followed pod log ended after its lines while the container still ran ("stream was closed"). The front
 * serves a followed log itself: the mock's answer first (its lines, or its refusal), then one more line
 * every {@code period} while the container runs; it ends when the pod goes or the container stops, or once it has
 * sent the request's {@code limitBytes} (the last line cut to fit, as a kubelet cuts it), and stops its timer when the
 * client goes away. Every other request, HTTP or WebSocket (watches, exec,
 * port-forward), passes through to the mock unchanged. Same certificate as the mock, loopback only.
 */
final class DemoApiFront implements AutoCloseable {
  /** What the mock accepts (fabric8 MockWebServer's list): the front must agree on the same one. */
  private static final List<String> SUB_PROTOCOLS = List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io");
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade", "host",
      "content-length", "proxy-connection", "te", "trailer");
  private static final Set<String> HANDSHAKE = Set.of("sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions",
      "sec-websocket-protocol");

  /** The next line of a followed log, or empty when it has ended. May block briefly (reads the store). */
  @FunctionalInterface
  interface FollowedLines {
    Optional<String> next(String path, String query, long n);
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final HttpClientAgent http;
  private final WebSocketClient webSockets;
  private final int mockPort;
  private final FollowedLines lines;
  private final Duration period;
  private final AtomicInteger following = new AtomicInteger();

  private DemoApiFront(Vertx vertx, SelfSignedCertificate certificate, int mockPort, FollowedLines lines, Duration period) {
    this.vertx = vertx;
    this.mockPort = mockPort;
    this.lines = lines;
    this.period = period;
    this.http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
        .setDefaultHost("127.0.0.1").setDefaultPort(mockPort));
    this.webSockets = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
        .setKeyCertOptions(certificate.keyCertOptions()).setWebSocketSubProtocols(SUB_PROTOCOLS));
  }

  /** Listens on an ephemeral loopback port in front of the mock at {@code mockPort}. */
  static DemoApiFront start(SelfSignedCertificate certificate, int mockPort, FollowedLines lines, Duration period) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
    DemoApiFront front = new DemoApiFront(vertx, certificate, mockPort, lines, period);
    front.server.requestHandler(front::handle).listen().await();
    return front;
  }

  int port() {
    return server.actualPort();
  }

  /** Followed logs open now (a test sees a stream's timer stop when its client leaves). */
  int following() {
    return following.get();
  }

  private void handle(HttpServerRequest req) {
    if (req.canUpgradeToWebSocket()) {
      passWebSocket(req);
    } else if (req.method().name().equals("GET") && DemoPodLogs.PATH.matcher(req.path()).matches() && DemoPodLogs.follows(req.query())) {
      follow(req);
    } else {
      pass(req).onSuccess(answer -> answer.pipeTo(req.response())).onFailure(e -> fail(req.response(), e));
    }
  }

  /** Sends the request on to the mock; the answer's status and headers are copied, its body is left to the caller. */
  private Future<io.vertx.core.http.HttpClientResponse> pass(HttpServerRequest req) {
    // Bodies sent to an apiserver are small (objects, patches): read whole, sent with their length.
    return req.body().compose(body -> http.request(new RequestOptions().setMethod(req.method()).setURI(req.uri())).compose(out -> {
      copy(req.headers(), out.headers());
      return out.send(body);
    })).map(answer -> {
      HttpServerResponse res = req.response().setStatusCode(answer.statusCode()).setStatusMessage(answer.statusMessage());
      copy(answer.headers(), res.headers());
      String length = answer.getHeader("Content-Length");
      if (length != null) {
        res.putHeader("Content-Length", length);
      } else {
        res.setChunked(true);
      }
      return answer;
    });
  }

  private void follow(HttpServerRequest req) {
    String path = req.path();
    String query = req.query();
    pass(req).compose(answer -> answer.body().map(body -> new Answer(answer.statusCode(), body))).onSuccess(answer -> {
      HttpServerResponse res = req.response();
      if (res.closed()) {
        return; // the reader left while the mock answered
      }
      res.headers().remove("Content-Length");
      res.setChunked(true);
      res.write(answer.body());
      // The mock's lines are already cut to limitBytes; what is left of it is for the lines to come.
      AtomicLong left = new AtomicLong(DemoPodLogs.limitBytes(query) - answer.body().length());
      if (answer.status() != 200 || left.get() <= 0) {
        res.end();
        return;
      }
      following.incrementAndGet();
      AtomicLong n = new AtomicLong();
      long timer = vertx.setPeriodic(period.toMillis(), id -> {
        if (res.closed() || res.ended()) {
          stop(id);
          return;
        }
        vertx.executeBlocking(() -> lines.next(path, query, n.getAndIncrement())).andThen(next -> {
          if (res.closed() || res.ended()) {
            stop(id);
          } else if (next.succeeded() && next.result().isPresent()) {
            Buffer line = Buffer.buffer(next.result().get());
            if (line.length() < left.get()) {
              left.addAndGet(-line.length());
              res.write(line);
            } else {
              stop(id); // limitBytes reached: the kubelet ends the stream there
              res.end(line.getBuffer(0, (int) left.get()));
            }
          } else {
            stop(id); // the container stopped or the pod went (or the store could not say): the log ends, as a kubelet's
            res.end();
          }
        });
      });
      res.closeHandler(v -> stop(timer));
    }).onFailure(e -> fail(req.response(), e));
  }

  private record Answer(int status, Buffer body) {}

  /** Stops a followed log's timer; counted once however many of its ends (client gone, container stopped) call it. */
  private void stop(long timer) {
    if (vertx.cancelTimer(timer)) {
      following.decrementAndGet();
    }
  }

  private void passWebSocket(HttpServerRequest req) {
    req.pause();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    req.headers().forEach((k, v) -> {
      if (!HOP_BY_HOP.contains(k.toLowerCase(java.util.Locale.ROOT)) && !HANDSHAKE.contains(k.toLowerCase(java.util.Locale.ROOT))) {
        headers.add(k, v);
      }
    });
    // A client that offers no sub-protocol (fabric8's port-forward) still gets the mock's answer, which names one
    // anyway: offered on its behalf, or the front's own client would refuse the handshake.
    List<String> offered = Optional.ofNullable(req.getHeader("Sec-WebSocket-Protocol"))
        .map(p -> Arrays.stream(p.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
        .filter(l -> !l.isEmpty()).orElse(SUB_PROTOCOLS);
    webSockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(mockPort).setSsl(true).setURI(req.uri())
            .setHeaders(headers).setSubProtocols(offered))
        .onSuccess(inner -> {
          // The mock writes at once (a port-forward's port frames, a refused port's error and close), before the
          // client's side is open: what it sends meanwhile is kept and replayed, its close is passed on once
          // there is a side to close. Pausing the inner side is not enough: its close is processed while paused.
          EarlyFrames early = new EarlyFrames();
          inner.frameHandler(early::add);
          inner.closeHandler(v -> early.closed(inner.closeStatusCode(), inner.closeReason()));
          req.toWebSocket().onSuccess(outer -> {
            early.replayTo(outer);
            if (inner.isClosed()) {
              early.closeWith(outer); // its close frame came; the close handler may still be to run
              return;
            }
            join(outer, inner);
            join(inner, outer);
          }).onFailure(e -> inner.close());
        })
        .onFailure(e -> {
          req.resume();
          if (e instanceof UpgradeRejectedException refused) {
            // The mock's own answer (403 for a refused exec, 404 for a missing pod), as the apiserver gives it.
            HttpServerResponse res = req.response().setStatusCode(refused.getStatus());
            copy(refused.getHeaders(), res.headers());
            res.end(refused.getBody() == null ? Buffer.buffer() : refused.getBody());
          } else {
            fail(req.response(), e);
          }
        });
  }

  /**
   * What the mock sent before the client's side was open, in order, and its close: passed on to the client's side
   * once there is one, whichever comes first. Event loop only.
   */
  private static final class EarlyFrames {
    private final List<WebSocketFrame> frames = new ArrayList<>();
    private boolean closed;
    private short code = 1000;
    private String reason;
    private WebSocketBase target;

    void add(WebSocketFrame frame) {
      frames.add(frame);
    }

    void closed(Short status, String why) {
      closed = true;
      code = status == null ? (short) 1000 : status;
      reason = why;
      closeTarget();
    }

    void closeWith(WebSocketBase to) {
      target = to;
      closeTarget();
    }

    private void closeTarget() {
      if (closed && target != null && !target.isClosed()) {
        target.close(code, reason);
      }
    }

    void replayTo(WebSocketBase to) {
      frames.stream().filter(DemoApiFront::carried).forEach(to::writeFrame);
      frames.clear();
    }
  }

  /** Frames from {@code from} go to {@code to} as they are (text or binary); a close on either side closes the other. */
  private static void join(WebSocketBase from, WebSocketBase to) {
    from.frameHandler(frame -> {
      if (carried(frame)) {
        to.writeFrame(frame);
      }
    });
    from.closeHandler(v -> {
      if (!to.isClosed()) {
        Short code = from.closeStatusCode();
        to.close(code == null ? (short) 1000 : code, from.closeReason());
      }
    });
    from.exceptionHandler(e -> to.close());
  }

  /** A data frame, passed on; control frames (close, ping, pong) each side answers itself. */
  private static boolean carried(WebSocketFrame frame) {
    return frame.isText() || frame.isBinary() || frame.isContinuation();
  }

  private static void copy(MultiMap from, MultiMap to) {
    from.forEach((k, v) -> {
      if (!HOP_BY_HOP.contains(k.toLowerCase(java.util.Locale.ROOT))) {
        to.add(k, v);
      }
    });
  }

  private static void fail(HttpServerResponse res, Throwable e) {
    if (!res.headWritten()) {
      res.setStatusCode(502).putHeader("Content-Type", "text/plain").end("demo apiserver front: " + e.getMessage());
    } else {
      res.reset();
    }
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
