package io.periscope.exec;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The container side of {@code pods/exec} speaking the Kubernetes channel protocol
 * ({@code v4.channel.k8s.io}: first byte 0 stdin, 1 stdout, 3 status, 4 resize): it echoes stdin on
 * stdout, records resize messages, and on {@code exit N} sends the Status the kubelet sends and
 * closes, like a shell that exited.
 */
public final class FakeExecPeer extends WebSocketListener {
  public final BlockingQueue<String> resizes = new LinkedBlockingQueue<>();
  public final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  public MockResponse upgrade(RecordedRequest request) {
    requests.add(request);
    return new MockResponse().setResponseCode(101).setHeader("Sec-WebSocket-Protocol", "v4.channel.k8s.io").withWebSocketUpgrade(this);
  }

  @Override
  public void onMessage(WebSocket ws, ByteString bytes) {
    handle(ws, bytes.toByteArray());
  }

  @Override
  public void onMessage(WebSocket ws, byte[] bytes) {
    handle(ws, bytes);
  }

  private void handle(WebSocket ws, byte[] frame) {
    if (frame.length == 0) {
      return;
    }
    String payload = new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8);
    switch (frame[0]) {
      case 0 -> {
        if (payload.startsWith("exit ")) {
          int code = Integer.parseInt(payload.substring(5).strip());
          String status = code == 0 ? "{\"metadata\":{},\"status\":\"Success\"}"
              : "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: exit status "
                  + code + "\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"" + code + "\"}]}}";
          ws.send(channel(3, status));
          ws.close(1000, "");
        } else {
          ws.send(channel(1, "echo:" + payload));
        }
      }
      case 4 -> resizes.add(payload);
      default -> { }
    }
  }

  /** One frame of the channel protocol: the channel byte, then the text in UTF-8. */
  public static byte[] channel(int channel, String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[data.length + 1];
    out[0] = (byte) channel;
    System.arraycopy(data, 0, out, 1, data.length);
    return out;
  }
}
