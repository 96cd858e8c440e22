package io.periscope.logs;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What part of a container's log to stream, as the browser asked for it.
 *
 * @param container empty to use the pod's default container
 * @param previous the previous (terminated) instance of the container
 * @param tailLines the last N lines only (0 to {@link #MAX_TAIL_LINES})
 * @param sinceSeconds only lines newer than this many seconds (1 or more); never with {@code sinceTime}
 * @param sinceTime only lines at or after this instant; never with {@code sinceSeconds}
 * @param limitBytes at most this many bytes of log (1 or more; the last line may be cut)
 */
public record LogOptions(
    Optional<String> container, boolean follow, boolean previous, OptionalInt tailLines, OptionalInt sinceSeconds,
    Optional<Instant> sinceTime, OptionalLong limitBytes, boolean timestamps) {

  /**
   * The most lines a tail may ask for: the console's largest window (the browser keeps them all in the page).
   * More would have the apiserver and the kubelet read and send a whole log; a download reads it without a tail.
   */
  public static final int MAX_TAIL_LINES = 50_000;

  /** The same part of the log with the kubelet's time before each line. */
  public LogOptions withTimestamps() {
    return new LogOptions(container, follow, previous, tailLines, sinceSeconds, sinceTime, limitBytes, true);
  }

  /** The same part of the log, followed or not, with the kubelet's time before each line. */
  public LogOptions stamped(boolean followed) {
    return new LogOptions(container, followed, previous, tailLines, sinceSeconds, sinceTime, limitBytes, true);
  }
}
