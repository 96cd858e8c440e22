package io.periscope.agent.link;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 upgrade request to the apiserver on its own socket. The JDK HTTP client cannot
 * hand over a connection after 101, so this writes the request head itself and reads the
 * response head; after a 101 the socket's streams are the upgraded connection.
 */
final class UpgradeConnection implements AutoCloseable {
  private static final int MAX_HEAD = 64 * 1024;
  private static final int CONNECT_TIMEOUT_MS = 5_000;

  final int status;
  final Map<String, List<String>> headers;
  final InputStream in;
  final OutputStream out;
  private final Socket socket;

  private UpgradeConnection(Socket socket, int status, Map<String, List<String>> headers, InputStream in) throws IOException {
    this.socket = socket;
    this.status = status;
    this.headers = headers;
    this.in = in;
    this.out = socket.getOutputStream();
  }

  static UpgradeConnection open(URI apiserver, SSLContext tls, String method, String pathAndQuery, Map<String, List<String>> headers,
      String protocol) throws IOException {
    boolean https = "https".equalsIgnoreCase(apiserver.getScheme());
    int port = apiserver.getPort() > 0 ? apiserver.getPort() : https ? 443 : 80;
    String base = apiserver.getRawPath() == null ? "" : apiserver.getRawPath().replaceAll("/+$", "");
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(apiserver.getHost(), port), CONNECT_TIMEOUT_MS);
      socket.setTcpNoDelay(true);
      if (https) {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, apiserver.getHost(), port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setApplicationProtocols(new String[] {"http/1.1"});
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        socket = ssl;
      }
      StringBuilder head = new StringBuilder(method).append(' ').append(base).append(pathAndQuery).append(" HTTP/1.1\r\n")
          .append("Host: ").append(apiserver.getHost()).append(apiserver.getPort() > 0 ? ":" + port : "").append("\r\n");
      headers.forEach((name, values) -> values.forEach(v -> head.append(name).append(": ")
          .append(v.replace("\r", "").replace("\n", "")).append("\r\n")));
      head.append("Connection: Upgrade\r\nUpgrade: ").append(protocol).append("\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String statusLine = line(in);
      String[] parts = statusLine == null ? new String[0] : statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("the apiserver sent no HTTP response to the upgrade");
      }
      Map<String, List<String>> response = new LinkedHashMap<>();
      int total = statusLine.length();
      for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
        total += h.length();
        int colon = h.indexOf(':');
        if (total > MAX_HEAD || colon <= 0) {
          throw new IOException("malformed response head from the apiserver");
        }
        response.computeIfAbsent(h.substring(0, colon).trim(), k -> new ArrayList<>()).add(h.substring(colon + 1).trim());
      }
      return new UpgradeConnection(socket, Integer.parseInt(parts[1]), response, in);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** The body of a refused upgrade (Content-Length, else up to the end of the connection), at most 1 MB. */
  byte[] refusalBody() throws IOException {
    long length = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Length"))
        .mapToLong(e -> Long.parseLong(e.getValue().getFirst())).findFirst().orElse(1024 * 1024);
    return in.readNBytes((int) Math.min(length, 1024 * 1024));
  }

  /** Half-closes towards the apiserver (the client closed its side). */
  void shutdownOutput() {
    try {
      if (!(socket instanceof SSLSocket)) {
        socket.shutdownOutput();
      } else {
        socket.close(); // TLS has no half-close the JDK exposes cleanly
      }
    } catch (IOException ignored) {
      // already closed
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      if (b.size() >= MAX_HEAD) {
        throw new IOException("response head line too long");
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
