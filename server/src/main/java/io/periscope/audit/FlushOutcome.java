package io.periscope.audit;

/** Result of {@link AsyncAuditRecorder#flush}: what happened to every event recorded before the call. */
public enum FlushOutcome {
  /** Every sink wrote every event. */
  DURABLE,
  /** At least one sink gave up on a batch; the events were logged and counted as sink failures. */
  SINK_FAILED,
  /** The sinks did not catch up within the timeout. */
  TIMED_OUT
}
