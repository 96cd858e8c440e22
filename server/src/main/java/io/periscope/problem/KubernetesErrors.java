package io.periscope.problem;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Extracts the apiserver's own reason (e.g. the RBAC message) from a fabric8 exception. */
public final class KubernetesErrors {
  private KubernetesErrors() {}

  /** The apiserver's own words, as the audit row also carries them. */
  public static String message(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    // No HTTP status (0, or -1 from fabric8's DSL): the request never got an answer, so say why.
    return e.getCode() <= 0 ? "apiserver unreachable: " + rootCause(e) : e.getMessage();
  }

  private static String rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }

  /**
   * The API error code for a fabric8 failure: {@code forbidden} for 403, {@code not_found} for 404,
   * the tunnel's own code when the agent tunnel answered (its Status reason, e.g.
   * {@code agent_disconnected}, {@code agent_busy}, {@code apiserver_unreachable}), else {@code apiserver_error}.
   */
  public static String code(KubernetesClientException e) {
    String reason = e.getStatus() == null ? null : e.getStatus().getReason();
    if (reason != null && TUNNEL_CODE.matcher(reason).matches()) {
      return reason;
    }
    return switch (e.getCode()) {
      case 403 -> "forbidden";
      case 404 -> "not_found"; // the object (or its namespace) is not there: said as Periscope says it of its own objects
      default -> "apiserver_error";
    };
  }

  private static final java.util.regex.Pattern TUNNEL_CODE =
      java.util.regex.Pattern.compile("agent_[a-z_]+|apiserver_unreachable|bad_request");

}
