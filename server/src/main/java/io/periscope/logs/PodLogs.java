package io.periscope.logs;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

/**
 * Opens a container's log stream on the apiserver ({@code pods/log}) and pumps it to a sink with a
 * fixed-size buffer: the next read from the apiserver happens only after the previous chunk was
 * written (a blocking write waits for a slow browser), so memory stays bounded whatever the log
 * rate. When the sink fails (the browser went away) the apiserver stream is closed at once.
 */
public final class PodLogs {
  static final int BUFFER_BYTES = 8 * 1024;

  private PodLogs() {}

  /** An open log stream; closing it aborts the apiserver request. */
  public record OpenStream(String container, InputStream body, Closeable onClose) implements Closeable {
    @Override
    public void close() throws IOException {
      try (onClose) {
        body.close();
      }
    }
  }

  /**
   * Opens {@code GET .../pods/{pod}/log} through the client's own HTTP client (its authentication
   * and the person's impersonation headers). fabric8's log DSL first lists and watches the pod
   * to wait for it to be ready; a log request needs neither, and a workload's log would pay them
   * once per pod (and need {@code watch pods} besides {@code get pods/log}).
   *
   * @param container an already validated container name
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the apiserver refuses (403, 400...) or cannot be reached
   */
  public static OpenStream open(KubernetesClient client, String namespace, String pod, String container, LogOptions o) {
    HttpClient http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder().uri(logUri(client, namespace, pod, container, o)).build();
    HttpResponse<InputStream> response;
    try {
      response = http.sendAsync(request, InputStream.class).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while opening the log of " + namespace + "/" + pod, e);
    } catch (ExecutionException e) {
      throw new KubernetesClientException("opening the log of " + namespace + "/" + pod + " failed", e.getCause());
    }
    if (!response.isSuccessful()) {
      throw refusal(client, response);
    }
    InputStream body = response.body();
    return new OpenStream(container, body, () -> { });
  }

  static String logUri(KubernetesClient client, String namespace, String pod, String container, LogOptions o) {
    StringBuilder q = new StringBuilder("container=").append(encode(container));
    if (o.follow()) {
      q.append("&follow=true");
    }
    if (o.previous()) {
      q.append("&previous=true");
    }
    o.sinceSeconds().ifPresent(n -> q.append("&sinceSeconds=").append(n));
    o.tailLines().ifPresent(n -> q.append("&tailLines=").append(n));
    if (o.timestamps()) {
      q.append("&timestamps=true");
    }
    String master = client.getMasterUrl().toString();
    return (master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/" + encode(namespace) + "/pods/" + encode(pod) + "/log?" + q;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The apiserver's {@code Status} as fabric8 would raise it, so callers map refusals as for any other call. */
  private static KubernetesClientException refusal(KubernetesClient client, HttpResponse<InputStream> response) {
    String text;
    try (InputStream in = response.body()) {
      text = in == null ? "" : new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "";
    }
    Status status;
    try {
      status = client.getKubernetesSerialization().unmarshal(text, Status.class);
    } catch (RuntimeException e) {
      status = null;
    }
    if (status == null || status.getMessage() == null) {
      status = new StatusBuilder().withCode(response.code()).withMessage(text.isBlank() ? "HTTP " + response.code() : text.strip()).build();
    }
    if (status.getCode() == null) {
      status.setCode(response.code());
    }
    return new KubernetesClientException(status);
  }

  /**
   * Copies until the log ends or the sink fails; flushes after every chunk so followed lines reach
   * the browser as they arrive. Always closes the stream.
   *
   * @return bytes copied
   * @throws IOException from the sink (browser gone); the apiserver stream is closed by then
   */
  public static long pump(OpenStream stream, OutputStream sink) throws IOException {
    long total = 0;
    try (stream) {
      byte[] buf = new byte[BUFFER_BYTES];
      int n;
      while ((n = stream.body().read(buf)) != -1) {
        sink.write(buf, 0, n);
        sink.flush();
        total += n;
      }
    }
    return total;
  }
}
