package io.periscope.authz;

/** The authorization mode yields no Kubernetes identity for this person; the message names the missing mapping. */
public final class NoIdentityException extends RuntimeException implements io.periscope.audit.AuditedFailure {
  public NoIdentityException(String message) {
    super(message);
  }

  /** A person without an identity is refused, like an apiserver 403. */
  @Override
  public io.periscope.audit.Outcome auditOutcome() {
    return io.periscope.audit.Outcome.DENIED;
  }

  @Override
  public String auditReason() {
    return getMessage();
  }
}
