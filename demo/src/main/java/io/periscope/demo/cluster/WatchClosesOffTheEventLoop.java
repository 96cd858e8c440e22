package io.periscope.demo.cluster;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.List;
import java.util.function.Supplier;

/**
 * The CRUD mock's watch listener, with its end moved off the mock's only event loop. On close it
 * shuts its sender down and waits up to a minute for it; a sender in the middle of a write waits
 * for that same event loop, so one watch closed while an event was on its way stalled the whole
 * demo apiserver (every request answered "did not answer within 10000 ms" until the minute was
 * up; seen in the e2e run as a Karpenter page that never loaded). Its start is followed by the
 * deletions the mock's start leaves out.
 */
final class WatchClosesOffTheEventLoop extends WebSocketListener {
  private final WebSocketListener watch;
  private final Supplier<List<String>> missedAtStart;

  /** @param missedAtStart watch events to send once the mock's own start is sent (see {@link RecentDeletions}) */
  WatchClosesOffTheEventLoop(WebSocketListener watch, Supplier<List<String>> missedAtStart) {
    this.watch = watch;
    this.missedAtStart = missedAtStart;
  }

  @Override
  public void onBeforeAccept(WebSocket ws, Response response) {
    watch.onBeforeAccept(ws, response);
  }

  @Override
  public void onOpen(WebSocket ws, Response response) {
    watch.onOpen(ws, response);
    missedAtStart.get().forEach(ws::send);
  }

  @Override
  public void onMessage(WebSocket ws, String text) {
    watch.onMessage(ws, text);
  }

  @Override
  public void onMessage(WebSocket ws, ByteString bytes) {
    watch.onMessage(ws, bytes);
  }

  @Override
  public void onMessage(WebSocket ws, byte[] bytes) {
    watch.onMessage(ws, bytes);
  }

  @Override
  public void onPing(WebSocket ws, byte[] bytes) {
    watch.onPing(ws, bytes);
  }

  @Override
  public void onClosing(WebSocket ws, int code, String reason) {
    watch.onClosing(ws, code, reason);
  }

  @Override
  public void onClosed(WebSocket ws, int code, String reason) {
    Thread.ofVirtual().name("demo-watch-close").start(() -> watch.onClosed(ws, code, reason));
  }

  @Override
  public void onFailure(WebSocket ws, Throwable failure, Response response) {
    Thread.ofVirtual().name("demo-watch-close").start(() -> watch.onFailure(ws, failure, response));
  }
}
