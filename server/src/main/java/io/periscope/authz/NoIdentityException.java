package io.periscope.authz;

import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;

/** The authorization mode yields no Kubernetes identity for this person (403, refused like an apiserver 403); the message names the missing mapping. */
public final class NoIdentityException extends Problem {
  public NoIdentityException(String message) {
    super(ErrorCode.NO_IDENTITY, message);
  }
}
