package io.periscope.logs;

import java.util.Locale;

/**
 * Why a workload's pod, or some of its containers, was not read: the code of a {@code skipped}
 * event, next to its message for people. The console picks its words by this code, never by the
 * message's text, so a message may be reworded freely; a code, once sent, keeps its meaning
 * (docs/api.md lists them).
 */
public enum SkipReason {
  /** The named container is not in this pod. */
  NO_SUCH_CONTAINER,
  /** The pod has no container to read (no name was asked for). */
  NO_CONTAINERS,
  /** {@code previous=true}, and the container's status shows no earlier instance: the apiserver would answer 400. */
  NO_PREVIOUS,
  /** {@link WorkloadLogs#MAX_STREAMS} streams are open already. */
  STREAM_LIMIT;

  /** Its name on the wire: stable, lower snake case ({@code no_previous}). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
