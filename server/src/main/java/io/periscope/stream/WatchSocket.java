package io.periscope.stream;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One apiserver watch over a WebSocket, opened through the person's fabric8 HTTP client, whose
 * interceptors add the credentials and the {@code Impersonate-*} headers as for every other call.
 * Each message is one watch event and is handed on as the apiserver's own bytes: they already have
 * the shape the browser receives, so the object is never bound to a model and written out again
 * (that was ~25 KiB of garbage per event per person).
 */
final class WatchSocket implements WebSocket.Listener {
  /** Where the events go; called on the client's threads, one message at a time. */
  interface Receiver {
    void event(WatchLine line);

    /**
     * The watch ended without {@link #close()}: {@code cause} is null when the apiserver closed
     * it (its watch time-out), else why the connection broke. Called at most once.
     */
    void ended(Throwable cause);
  }

  private final Receiver receiver;
  private final AtomicBoolean over = new AtomicBoolean();
  private volatile WebSocket socket;

  private WatchSocket(Receiver receiver) {
    this.receiver = receiver;
  }

  /**
   * Opens the watch at {@code uri} and waits until the apiserver accepted it.
   *
   * @throws KubernetesClientException with the apiserver's status when it refused the upgrade
   *     (410: the version is too old), or code 0 when it could not be reached
   */
  static WatchSocket open(HttpClient http, URI uri, Receiver receiver, Duration timeout) {
    var watch = new WatchSocket(receiver);
    CompletableFuture<WebSocket> opening = http.newWebSocketBuilder().uri(uri).buildAsync(watch);
    try {
      watch.socket = opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return watch;
    } catch (ExecutionException e) {
      throw refusal(e.getCause());
    } catch (TimeoutException e) {
      opening.cancel(true);
      opening.thenAccept(late -> late.sendClose(1000, null));
      throw new KubernetesClientException("the apiserver did not accept the watch within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while opening the watch");
    }
  }

  private static KubernetesClientException refusal(Throwable cause) {
    if (cause instanceof WebSocketHandshakeException h) {
      int code = h.getResponse().code();
      // A 2xx here is an apiserver (or proxy) that answered without upgrading: not a working watch.
      int status = code / 100 == 2 ? 502 : code;
      return new KubernetesClientException("the apiserver refused the watch (HTTP " + code + ")", status, null);
    }
    if (cause instanceof KubernetesClientException k) {
      return k;
    }
    return new KubernetesClientException("the watch could not connect: " + (cause == null ? "unknown" : cause.getMessage()), cause);
  }

  /** Ends the watch; the receiver is told nothing more. */
  void close() {
    if (over.compareAndSet(false, true) && socket != null) {
      socket.sendClose(1000, null);
    }
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request();
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    received(webSocket, text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    received(webSocket, copy);
  }

  private void received(WebSocket webSocket, byte[] json) {
    if (over.get()) {
      return;
    }
    WatchLine line;
    try {
      line = WatchLine.parse(json);
    } catch (IOException e) {
      webSocket.sendClose(1000, null);
      end(new IOException("the apiserver sent a watch message that is not an event: " + e.getMessage()));
      return;
    }
    receiver.event(line);
    if (line.error()) {
      close(); // an ERROR event is the watch's last
      return;
    }
    webSocket.request();
  }

  @Override
  public void onClose(WebSocket webSocket, int code, String reason) {
    end(null);
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    end(error);
  }

  private void end(Throwable cause) {
    if (over.compareAndSet(false, true)) {
      receiver.ended(cause);
    }
  }
}
