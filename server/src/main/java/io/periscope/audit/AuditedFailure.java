package io.periscope.audit;

/**
 * An exception that knows how it is audited when it ends an audited action: a refusal
 * ({@link Outcome#DENIED}) or a failure, and the reason written to the row. Features' exceptions
 * implement it so {@link AuditTrail} needs no knowledge of them.
 */
public interface AuditedFailure {
  Outcome auditOutcome();

  /** The reason for the audit row; safe to show the person (no secrets). */
  String auditReason();

  /**
   * False for input refused before anything was attempted (a malformed request, an unknown
   * container): such a refusal leaves no row, since no action took place.
   */
  default boolean audited() {
    return true;
  }
}
