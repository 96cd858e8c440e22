package io.periscope.demo.cluster;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The container side of {@code pods/exec} for the demo cluster: a tiny line-editing shell over the
 * Kubernetes channel protocol ({@code v4.channel.k8s.io}: first byte 0 stdin, 1 stdout, 3 status,
 * 4 resize). Like a TTY it echoes keystrokes; it runs {@code echo}, {@code pwd}, {@code hostname},
 * {@code whoami} and {@code exit [n]}, and says "not found" for anything else. One listener per
 * session (the line buffer is per connection).
 */
final class DemoShell extends WebSocketListener {
  static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/exec$");
  private static final String PROMPT = "$ ";

  private final String pod;
  private final String container;
  private final StringBuilder line = new StringBuilder();

  private DemoShell(String pod, String container) {
    this.pod = pod;
    this.container = container;
  }

  /** @param container the exec's {@code container} parameter; null when the pod's only container is meant */
  static MockResponse upgrade(String pod, String container) {
    return new MockResponse().setResponseCode(101).setHeader("Sec-WebSocket-Protocol", "v4.channel.k8s.io")
        .withWebSocketUpgrade(new DemoShell(pod, container));
  }

  @Override
  public void onOpen(WebSocket ws, io.fabric8.mockwebserver.http.Response response) {
    String where = container == null || container.isBlank() ? pod : pod + "/" + container;
    out(ws, "demo shell in " + where + " (echo, pwd, hostname, whoami, exit)\r\n" + PROMPT);
  }

  @Override
  public void onMessage(WebSocket ws, ByteString bytes) {
    onMessage(ws, bytes.toByteArray());
  }

  @Override
  public synchronized void onMessage(WebSocket ws, byte[] frame) {
    if (frame.length < 2 || frame[0] != 0) {
      return; // resize and other channels need no answer
    }
    String input = new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8);
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c == '\r' || c == '\n') {
        out(ws, "\r\n");
        String command = line.toString().strip();
        line.setLength(0);
        if (!run(ws, command)) {
          return;
        }
        out(ws, PROMPT);
      } else if (c == 0x7f || c == '\b') {
        if (!line.isEmpty()) {
          line.setLength(line.length() - 1);
          out(ws, "\b \b");
        }
      } else if (c == 0x03) {
        line.setLength(0);
        out(ws, "^C\r\n" + PROMPT);
      } else if (c >= ' ') {
        line.append(c);
        out(ws, String.valueOf(c));
      }
    }
  }

  /** Runs one command line; false when the shell exited. */
  private boolean run(WebSocket ws, String command) {
    String[] words = command.split("\\s+", 2);
    String args = words.length > 1 ? words[1] : "";
    switch (words[0]) {
      case "" -> { }
      case "echo" -> out(ws, unquote(args) + "\r\n");
      case "pwd" -> out(ws, "/app\r\n");
      case "hostname" -> out(ws, pod + "\r\n");
      case "whoami" -> out(ws, "app\r\n");
      case "exit" -> {
        int code = args.isBlank() ? 0 : parseCode(args.strip());
        String status = code == 0 ? "{\"metadata\":{},\"status\":\"Success\"}"
            : "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: exit status " + code
                + "\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"" + code + "\"}]}}";
        ws.send(channel(3, status));
        ws.close(1000, "");
        return false;
      }
      default -> out(ws, "sh: " + words[0] + ": not found\r\n");
    }
    return true;
  }

  private static int parseCode(String text) {
    try {
      return Integer.parseInt(text) & 0xff;
    } catch (NumberFormatException e) {
      return 2;
    }
  }

  private static String unquote(String s) {
    String t = s.strip();
    if (t.length() >= 2 && (t.charAt(0) == '"' || t.charAt(0) == '\'') && t.charAt(t.length() - 1) == t.charAt(0)) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }

  private static void out(WebSocket ws, String text) {
    ws.send(channel(1, text));
  }

  /** One frame of the channel protocol: the channel byte, then the text in UTF-8. */
  static byte[] channel(int channel, String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[data.length + 1];
    out[0] = (byte) channel;
    System.arraycopy(data, 0, out, 1, data.length);
    return out;
  }
}
