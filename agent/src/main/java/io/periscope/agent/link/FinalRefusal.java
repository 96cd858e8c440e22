package io.periscope.agent.link;

import io.grpc.Status;
import java.util.Set;

/**
 * The server's refusals of a certificate that no retry can change: it was revoked (or its cluster
 * deregistered), it expired, or a rotated-away CA signed it. Only registering again gets the agent
 * back in. The server puts the reason's code first in the status description
 * ({@code certificate_revoked: …}).
 */
final class FinalRefusal {
  private static final Set<String> CODES = Set.of("certificate_revoked", "certificate_expired", "certificate_unknown_ca");

  private FinalRefusal() {}

  static boolean is(Status status) {
    return (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED)
        && CODES.contains(code(status));
  }

  /** The reason's code, the description up to its first colon ("" without one). */
  static String code(Status status) {
    String description = status.getDescription();
    if (description == null) {
      return "";
    }
    int colon = description.indexOf(':');
    return (colon < 0 ? description : description.substring(0, colon)).strip();
  }
}
