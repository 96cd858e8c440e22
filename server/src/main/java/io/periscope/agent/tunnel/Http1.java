package io.periscope.agent.tunnel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Just enough HTTP/1.1 for the loopback gateway: one request per connection, request bodies by
 * Content-Length or chunked, responses chunked. Its only peer is the server's own fabric8 client.
 */
final class Http1 {
  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_HEADERS = 200;

  record Request(String method, String target, Map<String, List<String>> headers) {
    String first(String name) {
      List<String> v = headers.get(name);
      return v == null || v.isEmpty() ? null : v.getFirst();
    }
  }

  private Http1() {}

  /** @return the request head, or null when the connection closed before one arrived */
  static Request readHead(InputStream in) throws IOException {
    String line = readLine(in);
    if (line == null || line.isEmpty()) {
      return null;
    }
    String[] parts = line.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.1 request line");
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; ; i++) {
      String h = readLine(in);
      if (h == null) {
        throw new IOException("connection closed inside the request head");
      }
      if (h.isEmpty()) {
        break;
      }
      if (i >= MAX_HEADERS) {
        throw new IOException("too many request headers");
      }
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed header line");
      }
      headers.computeIfAbsent(h.substring(0, colon).trim(), k -> new ArrayList<>()).add(h.substring(colon + 1).trim());
    }
    return new Request(parts[0], parts[1], headers);
  }

  /** The request body as a stream that ends where the body ends. */
  static InputStream body(Request request, InputStream in) throws IOException {
    String te = request.first("Transfer-Encoding");
    if (te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
      return new ChunkedBody(in);
    }
    String cl = request.first("Content-Length");
    return new BoundedBody(in, cl == null ? 0 : length(cl.trim(), 10, "Content-Length"));
  }

  static void writeHead(OutputStream out, int status, Map<String, List<String>> headers, boolean chunked) throws IOException {
    StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    appendFields(b, headers);
    if (chunked) {
      b.append("Transfer-Encoding: chunked\r\n");
    } else {
      b.append("Content-Length: 0\r\n");
    }
    b.append("Connection: close\r\n\r\n");
    out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A 101 answer to an upgrade; the connection then carries the new protocol. */
  static void writeSwitchingProtocols(OutputStream out, String protocol, Map<String, List<String>> headers) throws IOException {
    StringBuilder b = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n");
    appendFields(b, headers);
    b.append("Connection: Upgrade\r\nUpgrade: ").append(fieldValue(protocol)).append("\r\n\r\n");
    out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  static void writeChunk(OutputStream out, byte[] data, int offset, int length) throws IOException {
    if (length == 0) {
      return;
    }
    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(data, offset, length);
    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
  }

  static void writeLastChunk(OutputStream out) throws IOException {
    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
  }

  static void writeFull(OutputStream out, int status, String contentType, byte[] body) throws IOException {
    String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Status";
    };
  }

  /** A body or chunk length: digits only (no sign), within a long; anything else ends the connection. */
  private static long length(String text, int radix, String what) throws IOException {
    if (text.isEmpty() || text.chars().anyMatch(c -> c > 0x7f || Character.digit(c, radix) < 0)) {
      throw new IOException("malformed " + what);
    }
    try {
      return Long.parseLong(text, radix);
    } catch (NumberFormatException e) {
      throw new IOException(what + " too large");
    }
  }

  /** An RFC 9110 token, the only thing a field name may be. */
  static boolean isToken(String name) {
    return !name.isEmpty() && name.chars().allMatch(c -> c < 0x7f && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0));
  }

  /** A field value without the control characters that would end the line or upset the reader (tab stays). */
  private static String fieldValue(String v) {
    return v.chars().filter(c -> c == '\t' || (c >= 0x20 && c != 0x7f))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }

  /** Field lines for the headers whose names are tokens; the rest cannot be sent and are left out. */
  private static void appendFields(StringBuilder b, Map<String, List<String>> headers) {
    headers.forEach((name, values) -> {
      if (name != null && isToken(name)) {
        values.forEach(v -> b.append(name).append(": ").append(fieldValue(v)).append("\r\n"));
      }
    });
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        byte[] b = line.toByteArray();
        int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
        return new String(b, 0, len, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("line too long");
      }
      line.write(c);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  private static final class BoundedBody extends InputStream {
    private final InputStream in;
    private long left;

    BoundedBody(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n == -1) {
        throw new IOException("request body ended early");
      }
      left -= n;
      return n;
    }
  }

  private static final class ChunkedBody extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    ChunkedBody(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = readLine(in);
        if (size == null) {
          throw new IOException("chunked body ended early");
        }
        int semi = size.indexOf(';');
        left = length((semi < 0 ? size : size.substring(0, semi)).trim(), 16, "chunk size");
        if (left == 0) {
          String trailer;
          while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
            // trailers are dropped
          }
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n == -1) {
        throw new IOException("chunked body ended early");
      }
      left -= n;
      if (left == 0) {
        readLine(in);
      }
      return n;
    }
  }
}
