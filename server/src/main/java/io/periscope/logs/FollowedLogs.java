package io.periscope.logs;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.periscope.problem.KubernetesErrors;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the logs of a workload's pods as {@code stern} does: an informer on the selected pods
 * (as the person) opens a followed stream for each chosen container once it has a log, including
 * pods that start later (a rollout, a scale-up) and each new instance of a restarted container.
 * Lines go to the sink as they arrive, from one virtual thread per stream; the sink's blocking
 * writes hold each reader back, so memory stays bounded. At most {@link WorkloadLogs#MAX_STREAMS}
 * streams are open at once; a pod beyond that is reported skipped and read when a slot frees and
 * the pod changes. {@link #startOne} reads one container's already opened log the same way (a
 * pod's own Logs tab): its events and heartbeats, ending when that stream ends.
 */
public final class FollowedLogs implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(FollowedLogs.class);

  private final KubernetesClient client;
  private final String namespace;
  private final WorkloadLogs.ContainerChoice choice;
  private final LogOptions options;
  private final WorkloadLogSink sink;
  private final LogStreams streams = new LogStreams();
  private final CountDownLatch done = new CountDownLatch(1);
  private final Set<String> started = new HashSet<>();
  private final Set<String> skipped = new HashSet<>();
  private int open;
  private SharedIndexInformer<Pod> informer;
  /** Set by {@link #startOne}: the view ends with its one stream. */
  private boolean single;

  public FollowedLogs(KubernetesClient client, String namespace, WorkloadLogs.ContainerChoice choice, LogOptions options, WorkloadLogSink sink) {
    this.client = client;
    this.namespace = namespace;
    this.choice = choice;
    this.options = WorkloadLogs.stamped(options, true);
    this.sink = sink;
  }

  /**
   * Lists and watches the selected pods and opens the streams of those that have logs.
   *
   * @throws KubernetesClientException when the person may not list or watch the pods
   */
  public void start(LabelSelector selector) {
    informer = client.pods().inNamespace(namespace).withLabelSelector(selector).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        consider(pod);
      }

      @Override
      public void onUpdate(Pod before, Pod pod) {
        consider(pod);
      }

      @Override
      public void onDelete(Pod pod, boolean unknownFinalState) {
        // Its streams end by themselves when the kubelet closes them.
      }
    }, 0);
  }

  /**
   * Reads one container's log, opened by the caller (who reports a refusal to open it), to its end
   * or, when it was opened to follow, until {@link #close()}.
   */
  public void startOne(WorkloadLogSink.Source source, PodLogs.OpenStream stream) {
    synchronized (this) {
      single = true;
      open++;
    }
    Thread.ofVirtual().name("log-" + source.pod() + "-" + source.container()).start(() -> pump(source, () -> stream));
  }

  /**
   * Writes a heartbeat every {@code interval} until {@link #close()} or a failed write.
   *
   * @throws IOException from the sink: the reader went away
   */
  public void awaitEnd(Duration interval) throws IOException {
    try {
      while (!done.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
        sink.heartbeat();
        sink.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private synchronized void consider(Pod pod) {
    if (streams.closed()) {
      return;
    }
    String name = pod.getMetadata().getName();
    var containers = choice.of(pod);
    if (containers.isEmpty() && skipped.add(name)) {
      write(() -> {
        sink.skipped(name, choice.noneReason(), choice.whyNone(pod));
        sink.flush();
      });
    }
    for (String c : containers) {
      String key = key(pod, c);
      if (started.contains(key) || !WorkloadLogs.hasLog(pod, c)) {
        continue;
      }
      if (open >= WorkloadLogs.MAX_STREAMS) {
        if (skipped.add(name)) {
          // Flushed now: no line of this pod follows to carry it, and the next heartbeat may be 15 s away.
          write(() -> {
            sink.skipped(name, SkipReason.STREAM_LIMIT, WorkloadLogs.limitMessage());
            sink.flush();
          });
        }
        continue;
      }
      started.add(key);
      open++;
      var source = new WorkloadLogSink.Source(name, c);
      Thread.ofVirtual().name("log-" + name + "-" + c).start(() -> pump(source, () -> PodLogs.open(client, namespace, name, c, options)));
    }
  }

  /** A container instance: a pod recreated under its name, or a restarted container, is read anew. */
  private static String key(Pod pod, String container) {
    int restarts = 0;
    var status = pod.getStatus();
    if (status != null && status.getContainerStatuses() != null) {
      restarts = status.getContainerStatuses().stream().filter(s -> s.getName().equals(container))
          .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).findFirst().orElse(0);
    }
    return pod.getMetadata().getUid() + "/" + pod.getMetadata().getName() + "/" + container + "/" + restarts;
  }

  private void pump(WorkloadLogSink.Source source, java.util.function.Supplier<PodLogs.OpenStream> opener) {
    PodLogs.OpenStream stream = null;
    try {
      stream = streams.add(opener.get());
      if (!write(() -> {
        sink.opened(source);
        sink.flush();
      })) {
        return;
      }
      var reader = new LogLineReader(stream.body());
      String raw;
      LogLine previous = null;
      while ((raw = reader.readLine()) != null) {
        LogLine line = LogLine.next(reader, raw, previous);
        previous = line;
        if (!write(() -> {
          sink.line(source, line);
          if (!reader.hasBufferedLine()) {
            sink.flush();
          }
        })) {
          return;
        }
      }
    } catch (KubernetesClientException e) {
      write(() -> sink.refused(source, e.getCode(), KubernetesErrors.message(e)));
    } catch (IOException e) {
      // The apiserver cut this stream (or everything was closed): this stream ends.
      if (!streams.closed()) {
        log.debug("log stream {}/{} ended: {}", source.pod(), source.container(), e.toString());
      }
    } finally {
      if (stream != null) {
        streams.close(stream);
      }
      synchronized (this) {
        open--;
      }
      write(() -> {
        sink.ended(source);
        sink.flush();
      });
      if (single) {
        done.countDown();
      }
    }
  }

  private interface Write {
    void run() throws IOException;
  }

  /** A write from a reader or the informer: when it fails the browser has gone, and everything stops. */
  private boolean write(Write w) {
    if (streams.closed()) {
      return false;
    }
    try {
      w.run();
      return true;
    } catch (IOException e) {
      close();
      return false;
    }
  }

  @Override
  public void close() {
    streams.closeAll();
    if (informer != null) {
      informer.stop();
    }
    done.countDown();
  }
}
