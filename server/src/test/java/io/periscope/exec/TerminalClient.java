package io.periscope.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The browser's xterm.js side of the exec protocol, over the JDK WebSocket client. */
public final class TerminalClient implements WebSocket.Listener {
  private static final ObjectMapper JSON = new ObjectMapper();

  public final BlockingQueue<JsonNode> control = new LinkedBlockingQueue<>();
  public final StringBuffer output = new StringBuffer();
  final CompletableFuture<int[]> closeCode = new CompletableFuture<>();
  final CompletableFuture<String> closeReason = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  WebSocket socket;

  public static TerminalClient open(PeriscopeHarness harness, TestBrowser browser, String pathAndQuery, String origin) {
    TerminalClient client = new TerminalClient();
    URI uri = URI.create("ws://127.0.0.1:" + harness.app.port() + pathAndQuery);
    var builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (!browser.cookieHeader().isEmpty()) {
      builder.header("Cookie", browser.cookieHeader());
    }
    if (origin != null) {
      builder.header("Origin", origin);
    }
    client.socket = builder.buildAsync(uri, client).join();
    return client;
  }

  public JsonNode nextControl() throws InterruptedException {
    JsonNode n = control.poll(20, TimeUnit.SECONDS);
    if (n == null) {
      throw new AssertionError("no control message within 20s; output so far: " + output);
    }
    return n;
  }

  public void send(String json) {
    socket.sendText(json, true).join();
  }

  public void sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).join();
  }

  public int awaitCloseCode() {
    return closeCode.orTimeout(20, TimeUnit.SECONDS).join()[0];
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        control.add(JSON.readTree(partial.toString()));
      } catch (Exception e) {
        control.add(JSON.createObjectNode().put("unparseable", partial.toString()));
      }
      partial.setLength(0);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    output.append(StandardCharsets.UTF_8.decode(data));
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    closeReason.complete(reason);
    closeCode.complete(new int[] {statusCode});
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    closeCode.complete(new int[] {-1});
  }
}
