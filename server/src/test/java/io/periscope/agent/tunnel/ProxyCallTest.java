package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.periscope.tunnel.proto.ServerProxyFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * gRPC's stream observer is not thread-safe: a cancel arriving while the relaying thread is
 * handing over a frame must wait for it, or the two corrupt the call's framing (seen in CI as an
 * AssertionError inside gRPC when a client closed a WebSocket watch while its close frame went out).
 */
class ProxyCallTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aCancelWaitsForTheFrameBeingSentThenGoesOutAfterIt() throws Exception {
    var observer = new OneCallerAtATime();
    var call = new ProxyCall(observer);
    Thread sender = Thread.ofPlatform().start(() -> {
      try {
        call.sendBody(ByteString.copyFromUtf8("a close frame"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(observer.inFirstFrame.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    Thread canceller = Thread.ofPlatform().start(() -> call.cancel("the client closed the watch"));
    long deadline = System.nanoTime() + WAIT.toNanos();
    // Either the cancel reached the observer alongside the frame (the bug), or it waits its turn.
    while (!observer.overlapped.get() && canceller.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    observer.releaseFirstFrame.countDown();
    sender.join(WAIT);
    canceller.join(WAIT);

    assertThat(observer.overlapped).as("two threads inside the stream observer at once").isFalse();
    assertThat(observer.calls).containsExactly("BODY", "CANCEL", "onError");
  }

  /** Records each call and whether a second thread entered while one was inside; holds the first frame until released. */
  private static final class OneCallerAtATime extends ServerCallStreamObserver<ServerProxyFrame> {
    final CountDownLatch inFirstFrame = new CountDownLatch(1);
    final CountDownLatch releaseFirstFrame = new CountDownLatch(1);
    final AtomicBoolean overlapped = new AtomicBoolean();
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();

    @Override
    public void onNext(ServerProxyFrame frame) {
      enter(frame.getKindCase().name());
      try {
        if (calls.size() == 1) {
          inFirstFrame.countDown();
          releaseFirstFrame.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inside.decrementAndGet();
      }
    }

    @Override
    public void onError(Throwable t) {
      enter("onError");
      inside.decrementAndGet();
    }

    @Override
    public void onCompleted() {
      enter("onCompleted");
      inside.decrementAndGet();
    }

    private void enter(String what) {
      if (inside.incrementAndGet() > 1) {
        overlapped.set(true);
      }
      calls.add(what);
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void setOnCancelHandler(Runnable onCancelHandler) { }

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) { }

    @Override
    public void setCompression(String compression) { }

    @Override
    public void disableAutoInboundFlowControl() { }

    @Override
    public void request(int count) { }

    @Override
    public void setMessageCompression(boolean enable) { }
  }
}
