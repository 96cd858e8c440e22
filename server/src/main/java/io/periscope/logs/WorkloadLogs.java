package io.periscope.logs;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.problem.KubernetesErrors;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The logs of every pod a workload selects, read as the person, one apiserver log stream per
 * container (at most {@link #MAX_STREAMS} at once, as {@code kubectl logs --max-log-requests}
 * bounds it). Read to the end, the streams are merged in the kubelets' time order with one line
 * per stream in memory; followed, see {@link FollowedLogs}.
 */
public final class WorkloadLogs {
  public static final int MAX_STREAMS = 20;
  /** Followed workload logs one person may hold open at once (each up to {@link #MAX_STREAMS} streams and a pod watch). */
  public static final int MAX_FOLLOWS_PER_PERSON = 4;

  private WorkloadLogs() {}

  /**
   * Which containers of each pod: the named one, every regular container, or the pod's default.
   *
   * @param named a container name every pod should have (a pod without it is skipped)
   */
  public record ContainerChoice(Optional<String> named, boolean all) {
    /** The containers to read in this pod; empty when it has none of them. */
    public List<String> of(Pod pod) {
      if (all) {
        return pod.getSpec().getContainers().stream().map(c -> c.getName()).toList();
      }
      if (named.isPresent()) {
        boolean has = PodContainers.list(pod).containers().stream().anyMatch(c -> c.name().equals(named.get()));
        return has ? List.of(named.get()) : List.of();
      }
      String d = PodContainers.defaultContainerOf(pod);
      return d == null ? List.of() : List.of(d);
    }

    /** Why a pod has none of the chosen containers: the named one is missing, or it has none at all. */
    SkipReason noneReason() {
      return named.isPresent() ? SkipReason.NO_SUCH_CONTAINER : SkipReason.NO_CONTAINERS;
    }

    String whyNone(Pod pod) {
      return named.map(n -> "pod " + pod.getMetadata().getName() + " has no container '" + n + "'")
          .orElse("pod " + pod.getMetadata().getName() + " has no containers");
    }
  }

  /** The selected pods, by name, as the person lists them. */
  public static List<Pod> pods(KubernetesClient client, String namespace, LabelSelector selector) {
    return client.pods().inNamespace(namespace).withLabelSelector(selector).list().getItems().stream()
        .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
  }

  /**
   * Reads every chosen container's log to its end and writes the lines in time order (a line
   * without a time keeps its stream's last one). {@code options.timestamps()} is ignored: the
   * order needs the kubelet's stamps, and the sink decides whether to show them.
   */
  public static void merged(KubernetesClient client, String namespace, List<Pod> pods, ContainerChoice choice, LogOptions options,
      LogStreams streams, WorkloadLogSink sink) throws IOException {
    LogOptions stamped = stamped(options, false);
    List<WorkloadLogSink.Source> sources = new ArrayList<>();
    for (Pod pod : pods) {
      List<String> chosen = choice.of(pod);
      // The apiserver answers 400 for a container that never restarted: nothing went wrong, there is no previous log.
      List<String> containers = options.previous() ? chosen.stream().filter(c -> hasPreviousInstance(pod, c)).toList() : chosen;
      if (chosen.isEmpty()) {
        sink.skipped(pod.getMetadata().getName(), choice.noneReason(), choice.whyNone(pod));
      } else if (containers.size() < chosen.size()) {
        List<String> neverRestarted = chosen.stream().filter(c -> !containers.contains(c)).toList();
        sink.skipped(pod.getMetadata().getName(), SkipReason.NO_PREVIOUS, noPreviousMessage(neverRestarted));
      }
      for (String c : containers) {
        if (sources.size() == MAX_STREAMS) {
          sink.skipped(pod.getMetadata().getName(), SkipReason.STREAM_LIMIT, limitMessage());
          break;
        }
        sources.add(new WorkloadLogSink.Source(pod.getMetadata().getName(), c));
      }
    }
    PriorityQueue<Head> heads = new PriorityQueue<>();
    for (int i = 0; i < sources.size(); i++) {
      var source = sources.get(i);
      try {
        PodLogs.OpenStream stream = streams.add(PodLogs.open(client, namespace, source.pod(), source.container(), stamped));
        sink.opened(source);
        Head head = new Head(i, source, stream, new LogLineReader(stream.body()));
        if (head.advance()) {
          heads.add(head);
        } else {
          finish(head, streams, sink);
        }
      } catch (KubernetesClientException e) {
        sink.refused(source, e.getCode(), KubernetesErrors.message(e));
      }
    }
    while (!heads.isEmpty()) {
      Head head = heads.poll();
      sink.line(head.source, head.line);
      if (head.advance()) {
        heads.add(head);
      } else {
        finish(head, streams, sink);
      }
    }
    sink.flush();
  }

  private static void finish(Head head, LogStreams streams, WorkloadLogSink sink) throws IOException {
    streams.close(head.stream);
    sink.ended(head.source);
  }

  static LogOptions stamped(LogOptions o, boolean follow) {
    return o.stamped(follow);
  }

  static String limitMessage() {
    return MAX_STREAMS + " log streams are open: this pod's log is not read";
  }

  static String noPreviousMessage(List<String> containers) {
    return (containers.size() == 1 ? "container " + containers.getFirst() + " has" : "containers " + String.join(", ", containers) + " have")
        + " not restarted: no previous instance";
  }

  /** Whether a container ran before its current instance (its status says so), so that {@code previous=true} has a log. */
  static boolean hasPreviousInstance(Pod pod, String container) {
    return PodContainers.list(pod).containers().stream().anyMatch(c -> c.name().equals(container) && c.hasPreviousLogs());
  }

  /** Whether a container has a log to read now: it runs, ran, or waits to restart after running. */
  static boolean hasLog(Pod pod, String container) {
    var status = pod.getStatus();
    if (status == null) {
      return false;
    }
    for (List<ContainerStatus> list : java.util.Arrays.asList(status.getContainerStatuses(), status.getInitContainerStatuses(),
        status.getEphemeralContainerStatuses())) {
      for (ContainerStatus s : list == null ? List.<ContainerStatus>of() : list) {
        if (s.getName().equals(container) && s.getState() != null) {
          var st = s.getState();
          int restarts = s.getRestartCount() == null ? 0 : s.getRestartCount();
          return st.getRunning() != null || st.getTerminated() != null || (st.getWaiting() != null && restarts > 0);
        }
      }
    }
    return false;
  }

  /** One stream's next line, ordered by its time, then by the stream's place (stable for equal times). */
  private static final class Head implements Comparable<Head> {
    final int order;
    final WorkloadLogSink.Source source;
    final PodLogs.OpenStream stream;
    final LogLineReader reader;
    LogLine line;
    Instant last = Instant.MIN;

    Head(int order, WorkloadLogSink.Source source, PodLogs.OpenStream stream, LogLineReader reader) {
      this.order = order;
      this.source = source;
      this.stream = stream;
      this.reader = reader;
    }

    boolean advance() throws IOException {
      String raw = reader.readLine();
      if (raw == null) {
        return false;
      }
      line = LogLine.next(reader, raw, line);
      if (line.at() != null) {
        last = line.at();
      }
      return true;
    }

    @Override
    public int compareTo(Head o) {
      int byTime = last.compareTo(o.last);
      return byTime != 0 ? byTime : Integer.compare(order, o.order);
    }
  }
}
