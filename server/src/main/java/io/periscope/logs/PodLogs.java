package io.periscope.logs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.BytesLimitTerminateTimeTailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.fabric8.kubernetes.client.dsl.TailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

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
   * @param container an already validated container name
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the apiserver refuses (403, 400...)
   */
  public static OpenStream open(KubernetesClient client, String namespace, String pod, String container, LogOptions o) {
    ContainerResource c = client.pods().inNamespace(namespace).withName(pod).inContainer(container);
    BytesLimitTerminateTimeTailPrettyLoggable stamped = o.timestamps() ? c.usingTimestamps() : c;
    TimeTailPrettyLoggable instance = o.previous() ? stamped.terminated() : stamped;
    TailPrettyLoggable since = o.sinceSeconds().isPresent() ? instance.sinceSeconds(o.sinceSeconds().getAsInt()) : instance;
    Loggable log = o.tailLines().isPresent() ? since.tailingLines(o.tailLines().getAsInt()) : since;
    if (o.follow()) {
      var watch = log.watchLog();
      return new OpenStream(container, watch.getOutput(), watch);
    }
    InputStream in = log.getLogInputStream();
    return new OpenStream(container, in, () -> { });
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
