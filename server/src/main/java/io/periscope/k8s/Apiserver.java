package io.periscope.k8s;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.problem.ErrorCode;
import io.periscope.transport.RelayableBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Raw HTTP calls to an apiserver over a cluster client's own HTTP client, so the request goes
 * through the cluster's shared connection pool with whatever impersonation the client carries,
 * and the response body can be streamed instead of materialised as objects. Transport failures
 * become 502 / 504 naming the cluster; apiserver errors become {@link KubernetesClientException}
 * carrying the apiserver's {@code Status} (the error mapper turns those into the same status).
 */
public final class Apiserver {
  public static final String TABLE_ACCEPT = "application/json;as=Table;g=meta.k8s.io;v=v1, application/json";
  public static final String METADATA_ACCEPT = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1, application/json";

  private final Duration timeout;

  public Apiserver(Duration timeout) {
    this.timeout = timeout;
  }

  /** How long a call waits for the apiserver's answer to begin. */
  public Duration timeout() {
    return timeout;
  }

  /** One request. {@code body} and {@code contentType} are null for reads. */
  public record Call(String method, String path, Map<String, String> query, String accept, String contentType, String body) {
    public static Call get(String path, Map<String, String> query) {
      return new Call("GET", path, query, "application/json", null, null);
    }

    public Call accept(String value) {
      return new Call(method, path, query, value, contentType, body);
    }
  }

  /** A successful (2xx) response whose body the caller must consume and close. */
  /** {@code contentLength} is -1 when the apiserver did not send one (chunked). */
  public record Streamed(int status, String contentType, long contentLength, InputStream body) implements AutoCloseable {
    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException ignored) {
        // the body was consumed or abandoned; nothing to recover
      }
    }
  }

  /** Sends the call and returns the body stream of a 2xx answer. */
  public Streamed stream(String cluster, KubernetesClient client, Call call) {
    HttpResponse<InputStream> r = send(cluster, client, call);
    if (r.code() / 100 != 2) {
      throw failure(r.code(), readQuietly(r.body()), call);
    }
    return new Streamed(r.code(), r.header("Content-Type"), contentLength(r), r.body());
  }

  /** Sends the call and returns the whole 2xx body as text. */
  public String text(String cluster, KubernetesClient client, Call call) {
    try (Streamed s = stream(cluster, client, call)) {
      return new String(s.body().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ClusterUnavailableException(ErrorCode.CLUSTER_UNREACHABLE, cluster, "reading the apiserver's answer failed: " + e.getMessage(), e);
    }
  }

  /**
   * What a relayed body is: {@code contentLength} is -1 when the apiserver did not send one
   * (chunked); {@code contentEncoding} is the apiserver's {@code Content-Encoding} (null for
   * identity), which the bytes keep, so whoever receives them must be told it.
   */
  public record Head(String contentType, long contentLength, String contentEncoding) {}

  /** Where {@link #relay} writes a 2xx body once the apiserver's headers are in. */
  @FunctionalInterface
  public interface PipeSink {
    java.io.OutputStream open(Head head) throws IOException;
  }

  /**
   * Streams a 2xx body over a cluster's list transport: the body goes from the transport's read
   * buffers straight to the sink on the calling thread (no chunk queue, no copies), and the
   * apiserver is read only as fast as the sink takes the bytes.
   *
   * @param transport a {@link io.periscope.transport.JettyTransport} view carrying the person's
   *     impersonation; {@code master} the cluster's apiserver URL
   */
  public void relay(String cluster, HttpClient transport, String master, Call call, PipeSink sink) throws IOException {
    relay(cluster, transport, master, call, false, sink);
  }

  /**
   * {@link #relay(String, HttpClient, String, Call, PipeSink)}, and when {@code gzipWelcome} (the
   * reader of the sink decodes gzip, as every browser does) the apiserver is asked for gzip. A
   * kube-apiserver compresses answers over 128 KiB then, so a big list crosses the network (and
   * an agent's tunnel) at about a tenth of its size, compressed once by the apiserver and never
   * decoded here: the sink gets the bytes with their {@link Head#contentEncoding()}.
   */
  public void relay(String cluster, HttpClient transport, String master, Call call, boolean gzipWelcome, PipeSink sink)
      throws IOException {
    HttpRequest.Builder request = requestBuilder(transport, master, call);
    if (gzipWelcome) {
      request.header("Accept-Encoding", "gzip");
    }
    HttpResponse<AsyncBody> r = await(cluster, transport.consumeBytes(request.build(), (buffers, body) -> body.consume()));
    if (!(r.body() instanceof RelayableBody body)) {
      r.body().cancel();
      throw new IllegalStateException("the list transport answered with a " + r.body().getClass().getName());
    }
    String encoding = r.header("Content-Encoding");
    if (encoding != null && (encoding.isBlank() || encoding.equalsIgnoreCase("identity"))) {
      encoding = null;
    }
    if (r.code() / 100 != 2) {
      throw failure(r.code(), firstBytesOf(body, encoding), call);
    }
    body.relayTo(sink.open(new Head(r.header("Content-Type"), contentLength(r), encoding)), timeout);
  }

  private static final int ERROR_BODY_LIMIT = 64 * 1024;

  /** Keeps an error answer's first 64 KiB (a Status is far smaller), then stops the read by failing it. */
  private static final class FirstBytes extends java.io.OutputStream {
    private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      kept.write(b, off, Math.min(len, ERROR_BODY_LIMIT - kept.size()));
      if (kept.size() >= ERROR_BODY_LIMIT) {
        throw new IOException("error body longer than " + ERROR_BODY_LIMIT + " bytes");
      }
    }

    /** The kept bytes as text, decoded first when the apiserver compressed them; "" when they cannot be. */
    String text(String encoding) {
      if (encoding == null) {
        return kept.toString(StandardCharsets.UTF_8);
      }
      if (!encoding.equalsIgnoreCase("gzip")) {
        return "";
      }
      try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(kept.toByteArray()))) {
        return new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
      } catch (IOException cutOrCorrupt) {
        return "";
      }
    }
  }

  private String firstBytesOf(RelayableBody body, String encoding) {
    var first = new FirstBytes();
    try {
      body.relayTo(first, timeout);
    } catch (IOException enoughOrBroken) {
      // keep what arrived: the status code alone still names the failure
    }
    return first.text(encoding);
  }

  private static long contentLength(HttpResponse<?> r) {
    try {
      return r.header("Content-Length") == null ? -1 : Long.parseLong(r.header("Content-Length"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private <T> T await(String cluster, java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timedOut(cluster);
    } catch (ExecutionException e) {
      throw transportFailure(cluster, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterUnavailableException(ErrorCode.INTERRUPTED, cluster, "request interrupted");
    }
  }

  private HttpRequest request(KubernetesClient client, Call call) {
    return request(client.getHttpClient(), client.getMasterUrl().toString(), call);
  }

  /** {@code path} on the apiserver at {@code master}, with the non-empty {@code query} parameters encoded. */
  public static String url(String master, String path, Map<String, String> query) {
    String base = master.endsWith("/") ? master.substring(0, master.length() - 1) : master;
    return base + path + query(query);
  }

  private HttpRequest request(HttpClient http, String master, Call call) {
    return requestBuilder(http, master, call).build();
  }

  private HttpRequest.Builder requestBuilder(HttpClient http, String master, Call call) {
    HttpRequest.Builder b = http.newHttpRequestBuilder()
        .uri(url(master, call.path(), call.query()))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .header("Accept", call.accept());
    if (call.body() != null) {
      b.method(call.method(), call.contentType(), call.body());
    } else if (!call.method().equals("GET")) {
      b.method(call.method(), "application/json", "");
    }
    return b;
  }

  private HttpResponse<InputStream> send(String cluster, KubernetesClient client, Call call) {
    return await(cluster, client.getHttpClient().sendAsync(request(client, call), InputStream.class));
  }

  private ClusterUnavailableException timedOut(String cluster) {
    return new ClusterUnavailableException(ErrorCode.CLUSTER_TIMEOUT, cluster,
        "the apiserver did not answer within " + timeout.toMillis() + " ms");
  }

  private ClusterUnavailableException transportFailure(String cluster, Throwable cause) {
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof HttpTimeoutException || c instanceof TimeoutException) {
        return timedOut(cluster);
      }
      if (c instanceof ConnectException) {
        return new ClusterUnavailableException(ErrorCode.CLUSTER_UNREACHABLE, cluster, "apiserver unreachable (connection refused)", cause);
      }
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    return new ClusterUnavailableException(ErrorCode.CLUSTER_UNREACHABLE, cluster, "apiserver unreachable (" + why + ")", cause);
  }

  /**
   * A non-2xx answer to {@code call} whose body the caller holds (a request it sent itself, e.g. a
   * log it streams without a time-out), raised as {@link #stream} raises it; reads and closes the body.
   */
  public static KubernetesClientException refusal(int code, InputStream body, Call call) {
    return failure(code, readQuietly(body), call);
  }

  /** The apiserver's own Status when it sent one, otherwise a Status built from the code. */
  static KubernetesClientException failure(int code, String body, Call call) {
    Status status = null;
    try {
      Status parsed = Serialization.unmarshal(body, Status.class);
      if (parsed != null && parsed.getMessage() != null) {
        status = parsed;
      }
    } catch (RuntimeException notAStatus) {
      // not JSON: fall through to a generic status
    }
    if (status == null) {
      status = new Status();
      status.setMessage(call.method() + " " + call.path() + " answered HTTP " + code);
    }
    status.setCode(code);
    return new KubernetesClientException(status);
  }

  private static String readQuietly(InputStream in) {
    try (in) {
      return new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  static String query(Map<String, String> q) {
    if (q == null || q.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    new LinkedHashMap<>(q).forEach((k, v) -> {
      if (v != null && !v.isEmpty()) {
        sb.append(sb.isEmpty() ? '?' : '&').append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    });
    return sb.toString();
  }
}
