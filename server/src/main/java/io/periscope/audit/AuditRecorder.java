package io.periscope.audit;

/**
 * The one way features record privileged actions. {@code record} deliberately cannot fail and
 * never blocks on disk I/O, so an audit database problem never blocks a request; failures are
 * surfaced by the recorder's own metrics and logs.
 */
@FunctionalInterface
public interface AuditRecorder {
  void record(AuditEvent event);
}
