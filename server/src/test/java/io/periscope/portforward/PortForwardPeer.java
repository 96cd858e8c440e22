package io.periscope.portforward;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.periscope.exec.FakeExecPeer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The kubelet side of {@code pods/portforward} over the WebSocket channel protocol
 * ({@code v4.channel.k8s.io}): for the one forwarded port, channel 0 carries data and channel 1
 * errors, and the first frame on each channel is the port number (little-endian uint16). Each
 * WebSocket is one TCP connection to {@code backendPort} on loopback, the "pod", relayed both ways;
 * when the pod closes the connection the WebSocket is closed, as the kubelet does.
 */
final class PortForwardPeer {
  final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final int backendPort;

  PortForwardPeer(int backendPort) {
    this.backendPort = backendPort;
  }

  MockResponse upgrade(RecordedRequest request) {
    requests.add(request);
    return new MockResponse().setResponseCode(101).setHeader("Sec-WebSocket-Protocol", "v4.channel.k8s.io")
        .withWebSocketUpgrade(new Connection());
  }

  private final class Connection extends WebSocketListener {
    private volatile Socket socket;

    @Override
    public void onOpen(WebSocket ws, Response response) {
      int port = Integer.parseInt(requests.getLast().getPath().replaceAll(".*ports=(\\d+).*", "$1"));
      ws.send(new byte[] {0, (byte) port, (byte) (port >> 8)});
      ws.send(new byte[] {1, (byte) port, (byte) (port >> 8)});
      try {
        socket = new Socket(InetAddress.getLoopbackAddress(), backendPort);
      } catch (IOException e) {
        ws.send(FakeExecPeer.channel(1, "error forwarding port " + port + ": connection refused"));
        ws.close(1000, "");
        return;
      }
      Thread.ofVirtual().start(() -> {
        byte[] buf = new byte[8192];
        try (InputStream in = socket.getInputStream()) {
          for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            byte[] frame = new byte[n + 1];
            System.arraycopy(buf, 0, frame, 1, n);
            ws.send(frame);
          }
        } catch (IOException ignored) {
          // the pod side went away: close below
        }
        ws.close(1000, "");
      });
    }

    @Override
    public void onMessage(WebSocket ws, ByteString bytes) {
      onMessage(ws, bytes.toByteArray());
    }

    @Override
    public void onMessage(WebSocket ws, byte[] frame) {
      if (frame.length < 2 || frame[0] != 0 || socket == null) {
        return;
      }
      try {
        OutputStream out = socket.getOutputStream();
        out.write(Arrays.copyOfRange(frame, 1, frame.length));
        out.flush();
      } catch (IOException ignored) {
        // the reader thread closes the WebSocket
      }
    }
  }
}
