package io.periscope.agent.link;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Relays an apiserver response from the JDK client to the tunnel as it arrives: the head when the
 * client has it, then each list of buffers the client delivers as one body frame, sent from the
 * client's own thread (the client hands over buffers it never writes again: from a TLS apiserver
 * they are wrapped without a copy; the read-only slices it delivers for plain HTTP protobuf can
 * only copy). Demand follows the tunnel: the next buffers are requested while the Proxy call can
 * take another frame, and for {@link #AHEAD} more deliveries after it stopped, then once it says
 * it is ready again ({@link #onReady()}). So a slow reader on the server holds a few deliveries
 * here at most, and the client stops reading the apiserver.
 */
final class BodyRelay implements HttpResponse.BodyHandler<Void>, HttpResponse.BodySubscriber<Void> {
  /** Where the response goes: the Proxy call, in tests a recorder. Called serially (head, bodies, then end). */
  interface Sink {
    /** Whether another frame can be sent now without queueing beyond the call's window. */
    boolean ready();

    void head(int status, Map<String, List<String>> headers);

    void body(ByteString bytes);

    void end();
  }

  private final Sink sink;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  /** The subscriber wants more but the sink was not ready: {@link #onReady()} asks for it. */
  private final AtomicBoolean wanting = new AtomicBoolean();
  /**
   * Deliveries still asked for after the call stopped being ready, counted from the last time it was.
   * Without them the client's read stalled and resumed with nearly every frame once the call hovered
   * at its on-ready threshold, each resume waking the client's selector from the tunnel's event
   * loop (and running the client's read there); with them it stalls once per few frames. Bounds
   * what the agent holds per request at the call's threshold plus this many deliveries.
   */
  static final int AHEAD = 3;
  private final AtomicInteger ahead = new AtomicInteger();
  private volatile Flow.Subscription subscription;
  private volatile boolean cancelled;

  BodyRelay(Sink sink) {
    this.sink = sink;
  }

  @Override
  public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
    if (!cancelled) {
      sink.head(info.statusCode(), info.headers().map());
    }
    return this;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (cancelled) {
      s.cancel();
      return;
    }
    want();
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (cancelled) {
      return;
    }
    ByteString bytes = ByteString.EMPTY;
    for (ByteBuffer b : buffers) {
      if (b.hasRemaining()) {
        bytes = bytes.concat(UnsafeByteOperations.unsafeWrap(b));
      }
    }
    if (!bytes.isEmpty()) {
      sink.body(bytes);
    }
    if (!sink.ready() && ahead.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      subscription.request(1);
      return;
    }
    want();
  }

  @Override
  public void onError(Throwable t) {
    done.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    if (!cancelled) {
      sink.end();
    }
    done.complete(null);
  }

  @Override
  public CompletionStage<Void> getBody() {
    return done;
  }

  /** The call can take frames again: the demand held back while it could not is passed on. */
  void onReady() {
    Flow.Subscription s = subscription;
    if (s != null && !cancelled && sink.ready()) {
      ahead.set(AHEAD);
      if (wanting.compareAndSet(true, false)) {
        s.request(1);
      }
    }
  }

  /** Stops the body: the client closes the apiserver connection; {@link #getBody()} fails as cancelled. */
  void cancel() {
    cancelled = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    done.cancel(false);
  }

  private void want() {
    wanting.set(true);
    // Either this sees the sink ready, or the sink's next on-ready call sees the demand.
    onReady();
  }
}
