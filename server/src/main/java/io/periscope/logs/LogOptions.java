package io.periscope.logs;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What part of a container's log to stream, as the browser asked for it.
 *
 * @param container empty to use the pod's default container
 * @param previous the previous (terminated) instance of the container
 * @param tailLines the last N lines only (0 or more)
 * @param sinceSeconds only lines newer than this many seconds (1 or more)
 */
public record LogOptions(
    Optional<String> container, boolean follow, boolean previous, OptionalInt tailLines, OptionalInt sinceSeconds,
    boolean timestamps) {

  /** The same part of the log with the kubelet's time before each line. */
  public LogOptions withTimestamps() {
    return new LogOptions(container, follow, previous, tailLines, sinceSeconds, true);
  }
}
