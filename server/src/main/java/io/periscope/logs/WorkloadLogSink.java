package io.periscope.logs;

import java.io.IOException;

/**
 * Where the merged logs of a workload's pods go, event by event. Implementations are called from
 * several threads at once when following and must serialize their writes; an {@link IOException}
 * means the reader went away and ends everything.
 */
public interface WorkloadLogSink {
  /** The container stream a line or event belongs to. */
  record Source(String pod, String container) {}

  void selector(String selector, int limit) throws IOException;

  void opened(Source source) throws IOException;

  void line(Source source, LogLine line) throws IOException;

  void ended(Source source) throws IOException;

  /** The apiserver refused this container's log (forbidden, no previous instance, ...). */
  void refused(Source source, int code, String message) throws IOException;

  /**
   * A pod (or some of its containers) not read: it lacks the asked-for container, has no earlier
   * instance, or the stream limit is reached. {@code reason} says which for a program; {@code message}
   * says it for a person, naming the pod or containers.
   */
  void skipped(String pod, SkipReason reason, String message) throws IOException;

  /** The whole view failed after it began (the person may list the pods but not watch them, say). */
  void failed(int code, String message) throws IOException;

  /** Something to write while a followed log is quiet, so a reader that left is noticed. */
  void heartbeat() throws IOException;

  void flush() throws IOException;
}
