package io.periscope.logs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.periscope.k8s.Apiserver;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Opens a container's log stream on the apiserver ({@code pods/log}) and pumps it to a sink with a
 * fixed-size buffer: the next read from the apiserver happens only after the previous chunk was
 * written (a blocking write waits for a slow browser), so memory stays bounded whatever the log
 * rate. When the sink fails (the browser went away) the apiserver stream is closed at once.
 */
public final class PodLogs {
  static final int BUFFER_BYTES = 8 * 1024;
  /** Followed pod logs one person may hold open at once: the live streams they may hold, one per tab. */
  public static final int MAX_FOLLOWS_PER_PERSON = 8;

  private PodLogs() {}

  /** An open log stream; closing it aborts the apiserver request. */
  public record OpenStream(String container, InputStream body) implements Closeable {
    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  /**
   * Opens {@code GET .../pods/{pod}/log} through the client's own HTTP client (its authentication
   * and the person's impersonation headers), with no time-out on the body: a followed log stays open.
   * fabric8's log DSL first lists and watches the pod to wait for it to be ready; a log request needs
   * neither, and a workload's log would pay them once per pod (and need {@code watch pods} besides
   * {@code get pods/log}).
   *
   * @param container an already validated container name
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the apiserver refuses (403, 400...) or cannot be reached
   */
  public static OpenStream open(KubernetesClient client, String namespace, String pod, String container, LogOptions o) {
    Apiserver.Call call = logCall(namespace, pod, container, o);
    HttpClient http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder().uri(Apiserver.url(client.getMasterUrl().toString(), call.path(), call.query())).build();
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
      throw Apiserver.refusal(response.code(), response.body(), call);
    }
    return new OpenStream(container, response.body());
  }

  private static Apiserver.Call logCall(String namespace, String pod, String container, LogOptions o) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("container", container);
    q.put("follow", o.follow() ? "true" : null);
    q.put("previous", o.previous() ? "true" : null);
    o.sinceSeconds().ifPresent(n -> q.put("sinceSeconds", Integer.toString(n)));
    o.sinceTime().ifPresent(t -> q.put("sinceTime", DateTimeFormatter.ISO_INSTANT.format(t)));
    o.tailLines().ifPresent(n -> q.put("tailLines", Integer.toString(n)));
    o.limitBytes().ifPresent(n -> q.put("limitBytes", Long.toString(n)));
    q.put("timestamps", o.timestamps() ? "true" : null);
    return Apiserver.Call.get("/api/v1/namespaces/" + segment(namespace) + "/pods/" + segment(pod) + "/log", q);
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
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
