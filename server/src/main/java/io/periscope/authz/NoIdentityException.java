package io.periscope.authz;

/** The authorization mode yields no Kubernetes identity for this person; the message names the missing mapping. */
public final class NoIdentityException extends RuntimeException {
  public NoIdentityException(String message) {
    super(message);
  }
}
