package io.periscope.audit;

import java.util.List;

/**
 * A destination for batches of audit events, written by exactly one recorder thread. A sink may
 * throw: the recorder retries, then counts the failure and logs the events it could not write.
 */
public interface AuditSink {
  /** Stable, low-cardinality name used as a metric tag, e.g. {@code sqlite}, {@code stdout}. */
  String name();

  /** Writes the batch durably (as durable as the sink can be) before returning. */
  void write(List<AuditEvent> batch) throws Exception;
}
