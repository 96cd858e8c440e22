package io.periscope.portforward;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.PortForward;
import io.periscope.k8s.UpgradeRefusals;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Printable;
import io.periscope.problem.Problem;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 exchange over one forwarded connection: the request is written with
 * {@code Connection: close}, the response's status line and headers are parsed, and its body is
 * handed on as a stream (de-chunked, or bounded by {@code Content-Length}). The connection is the
 * apiserver's port-forward WebSocket as the person, closed when the body is read or the time is up.
 */
public final class ForwardedHttp {
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private ForwardedHttp() {}

  /** What the browser asked for, already reduced to what may reach the pod. */
  public record Request(String method, String pathAndQuery, List<Header> headers) {}

  public record Header(String name, String value) {}

  /** The pod's answer; closing the body closes the forwarded connection. */
  public record Response(int status, List<Header> headers, InputStream body) {}

  /**
   * @throws Problem 403/404 when the apiserver refused the port-forward (with its words), 502 when
   *     the pod answered nothing or not HTTP
   */
  public static Response exchange(KubernetesClient client, String namespace, String pod, int port, Request request,
      Duration timeout, ScheduledExecutorService timer) {
    Pipe pipe;
    try {
      pipe = Pipe.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PortForward forward = client.pods().inNamespace(namespace).withName(pod)
        .portForward(port, Channels.newChannel(new ByteArrayInputStream(requestBytes(request, port))), pipe.sink());
    Runnable close = () -> {
      closeQuietly(forward);
      closeQuietly(pipe.sink());
    };
    ScheduledFuture<?> deadline = timer.schedule(close, timeout.toMillis(), TimeUnit.MILLISECONDS);
    InputStream raw = new BufferedInputStream(Channels.newInputStream(pipe.source())) {
      @Override
      public void close() throws IOException {
        deadline.cancel(false);
        close.run();
        super.close();
      }
    };
    try {
      String statusLine = line(raw);
      if (statusLine == null) {
        throw refusal(forward, namespace, pod, port);
      }
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new Problem(ErrorCode.PORT_FORWARD_FAILED, "port " + port + " of pod " + namespace + "/" + pod
            + " did not answer HTTP (first line: " + Printable.escaped(statusLine) + ")");
      }
      int status = Integer.parseInt(parts[1]);
      List<Header> headers = new ArrayList<>();
      for (String h = line(raw); h != null && !h.isEmpty(); h = line(raw)) {
        int colon = h.indexOf(':');
        if (colon > 0) {
          headers.add(new Header(h.substring(0, colon).strip(), h.substring(colon + 1).strip()));
        }
      }
      return new Response(status, headers, body(raw, headers));
    } catch (IOException | RuntimeException e) {
      closeQuietly(raw);
      if (e instanceof Problem p) {
        throw p;
      }
      throw new Problem(ErrorCode.PORT_FORWARD_FAILED, "reading the answer of port " + port + " of pod " + namespace + "/" + pod
          + " failed: " + e.getMessage());
    }
  }

  static byte[] requestBytes(Request r, int port) {
    StringBuilder head = new StringBuilder(r.method()).append(' ').append(r.pathAndQuery()).append(" HTTP/1.1\r\n")
        .append("Host: localhost:").append(port).append("\r\nConnection: close\r\n");
    for (Header h : r.headers()) {
      head.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Why nothing came back: the refused upgrade's status, or the apiserver's error channel. */
  private static Problem refusal(PortForward forward, String namespace, String pod, int port) {
    String what = "port-forward to port " + port + " of pod " + namespace + "/" + pod;
    for (Throwable t : forward.getServerThrowables()) {
      int status = UpgradeRefusals.statusOf(t);
      if (status == 403) {
        return new Problem(ErrorCode.FORBIDDEN, "the apiserver refused " + what + " (403 Forbidden): RBAC must allow verb create"
            + " (and get, before Kubernetes 1.30) on resource pods/portforward in API group \"\" in namespace " + namespace);
      }
      if (status == 404) {
        return new Problem(ErrorCode.POD_NOT_FOUND, "pod " + pod + " not found in namespace " + namespace);
      }
      if (status > 0 || t instanceof KubernetesClientException) {
        return new Problem(ErrorCode.PORT_FORWARD_FAILED, what + " failed: " + t.getMessage());
      }
    }
    return new Problem(ErrorCode.PORT_FORWARD_FAILED, what + " closed without an answer (is anything listening on port " + port + "?)");
  }

  private static InputStream body(InputStream raw, List<Header> headers) {
    String te = value(headers, "Transfer-Encoding");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      return new ChunkedBody(raw);
    }
    String length = value(headers, "Content-Length");
    return length == null ? raw : new BoundedBody(raw, Long.parseLong(length.strip()));
  }

  static String value(List<Header> headers, String name) {
    return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst().orElse(null);
  }

  /** A CRLF-terminated line in ISO-8859-1 (HTTP's header charset); null at end of stream before any byte. */
  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        byte[] bytes = buf.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      buf.write(b);
      if (buf.size() > MAX_HEAD_BYTES) {
        throw new IOException("a header line is longer than " + MAX_HEAD_BYTES + " bytes");
      }
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing after a failure: nothing more to do
    }
  }
}
