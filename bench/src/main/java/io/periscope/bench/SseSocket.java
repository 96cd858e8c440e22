package io.periscope.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * A lean browser-side SSE reader: one blocking socket read by one virtual thread, HTTP/1.1 chunked
 * decoding and SSE line parsing, nothing else, so the client's own cost adds as little as possible to
 * the measured change → event latency. Calls {@code onEvent(type, dataLine)} with the receive time
 * taken by the caller when the event's data line arrives.
 */
final class SseSocket implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private volatile int status;

  SseSocket(URI server, String pathAndQuery, String cookie) throws IOException {
    socket = new Socket(server.getHost(), server.getPort());
    socket.setTcpNoDelay(true);
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort()
        + "\r\nAccept: text/event-stream\r\nCookie: " + cookie + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
  }

  int status() {
    return status;
  }

  /** Reads until the stream ends or is closed; returns normally either way. */
  void read(BiConsumer<String, String> onEvent) {
    try {
      String statusLine = line(in);
      status = Integer.parseInt(statusLine.split(" ")[1]);
      boolean chunked = false;
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        chunked |= h.toLowerCase(java.util.Locale.ROOT).startsWith("transfer-encoding:") && h.toLowerCase(java.util.Locale.ROOT).contains("chunked");
      }
      if (status != 200) {
        onEvent.accept("http-error", Integer.toString(status));
        return;
      }
      var lines = new LineParser(onEvent);
      if (!chunked) {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
          lines.feed(buf, n);
        }
        return;
      }
      byte[] buf = new byte[8192];
      while (true) {
        int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
        if (size == 0) {
          return;
        }
        while (size > 0) {
          int n = in.read(buf, 0, Math.min(buf.length, size));
          if (n < 0) {
            return;
          }
          lines.feed(buf, n);
          size -= n;
        }
        line(in); // CRLF after the chunk
      }
    } catch (IOException | RuntimeException closed) {
      // closed at the end of the run
    }
  }

  private static String line(InputStream in) throws IOException {
    var sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    if (c < 0 && sb.isEmpty()) {
      throw new IOException("end of stream");
    }
    return sb.toString();
  }

  /** SSE lines: remembers the {@code event:} type and reports each {@code data:} line with it. */
  private static final class LineParser {
    private final BiConsumer<String, String> onEvent;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private String event = "message";

    LineParser(BiConsumer<String, String> onEvent) {
      this.onEvent = onEvent;
    }

    void feed(byte[] buf, int n) {
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          String l = current.toString(StandardCharsets.UTF_8);
          current.reset();
          if (l.startsWith("event:")) {
            event = l.substring(6).trim();
          } else if (l.startsWith("data:")) {
            onEvent.accept(event, l);
          } else if (l.isEmpty()) {
            event = "message";
          }
        } else {
          current.write(buf[i]);
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
