package io.periscope.logs;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The containers of a pod (regular, init and ephemeral) with their state, and the rule for picking
 * one: the named container must exist in the pod spec; with no name, the
 * {@code kubectl.kubernetes.io/default-container} annotation, else the first container.
 * Shared by the log stream and the exec shell.
 */
public final class PodContainers {
  public static final String DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

  private PodContainers() {}

  /** The pod's containers plus which one is the default. */
  public record Listing(String pod, String namespace, String defaultContainer, List<ContainerInfo> containers) {}

  /** @throws Problem 404 {@code pod_not_found} when the pod does not exist (or is invisible to the person) */
  public static Pod get(KubernetesClient client, String namespace, String name) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    if (pod == null) {
      throw new Problem(ErrorCode.POD_NOT_FOUND, "pod " + name + " not found in namespace " + namespace);
    }
    return pod;
  }

  public static Listing list(Pod pod) {
    var spec = pod.getSpec();
    var status = pod.getStatus();
    List<ContainerInfo> out = new ArrayList<>();
    Map<String, ContainerStatus> main = byName(status == null ? null : status.getContainerStatuses());
    Map<String, ContainerStatus> init = byName(status == null ? null : status.getInitContainerStatuses());
    Map<String, ContainerStatus> eph = byName(status == null ? null : status.getEphemeralContainerStatuses());
    spec.getInitContainers().forEach(c -> out.add(info(c.getName(), "init", c.getImage(), init.get(c.getName()))));
    spec.getContainers().forEach(c -> out.add(info(c.getName(), "container", c.getImage(), main.get(c.getName()))));
    spec.getEphemeralContainers().forEach(c -> out.add(info(c.getName(), "ephemeral", c.getImage(), eph.get(c.getName()))));
    return new Listing(pod.getMetadata().getName(), pod.getMetadata().getNamespace(), defaultContainerOf(pod), out);
  }

  /**
   * @throws Problem 400 {@code unknown_container} listing the valid names
   */
  public static String choose(Pod pod, Optional<String> requested) {
    List<String> names = list(pod).containers().stream().map(ContainerInfo::name).toList();
    if (requested.isEmpty()) {
      return defaultContainerOf(pod);
    }
    if (!names.contains(requested.get())) {
      throw new Problem(ErrorCode.UNKNOWN_CONTAINER, "pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
          + " has no container '" + requested.get() + "'; valid containers: " + String.join(", ", names));
    }
    return requested.get();
  }

  /** The {@code kubectl.kubernetes.io/default-container} annotation when it names a container, else the first container; null without any. */
  public static String defaultContainerOf(Pod pod) {
    var annotations = pod.getMetadata().getAnnotations();
    String annotated = annotations == null ? null : annotations.get(DEFAULT_CONTAINER_ANNOTATION);
    var containers = pod.getSpec().getContainers();
    if (annotated != null && containers.stream().anyMatch(c -> c.getName().equals(annotated))) {
      return annotated;
    }
    return containers.isEmpty() ? null : containers.getFirst().getName();
  }

  private static Map<String, ContainerStatus> byName(List<ContainerStatus> statuses) {
    return statuses == null ? Map.of() : statuses.stream().collect(Collectors.toMap(ContainerStatus::getName, Function.identity(), (a, b) -> a));
  }

  private static ContainerInfo info(String name, String kind, String image, ContainerStatus s) {
    if (s == null) {
      return new ContainerInfo(name, kind, image, "unknown", null, false, 0, null, false);
    }
    ContainerState st = s.getState();
    String state = "unknown";
    String reason = null;
    Instant started = null;
    if (st != null && st.getRunning() != null) {
      state = "running";
      started = time(st.getRunning().getStartedAt());
    } else if (st != null && st.getWaiting() != null) {
      state = "waiting";
      reason = st.getWaiting().getReason();
    } else if (st != null && st.getTerminated() != null) {
      state = "terminated";
      reason = st.getTerminated().getReason();
      started = time(st.getTerminated().getStartedAt());
    }
    int restarts = s.getRestartCount() == null ? 0 : s.getRestartCount();
    boolean previous = restarts > 0 || (s.getLastState() != null && s.getLastState().getTerminated() != null);
    return new ContainerInfo(name, kind, image, state, reason, Boolean.TRUE.equals(s.getReady()), restarts, started, previous);
  }

  private static Instant time(String rfc3339) {
    try {
      return rfc3339 == null ? null : OffsetDateTime.parse(rfc3339).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
