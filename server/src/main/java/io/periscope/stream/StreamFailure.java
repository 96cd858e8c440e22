package io.periscope.stream;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;

/** Why a subscription ended: the status and message its {@code error} event carries. */
record StreamFailure(int status, String message) {
  /**
   * The failure an exception stands for: an API error keeps its status, no identity is 403, an
   * apiserver error keeps its code (502 when there was no answer), anything else is 503 — e.g. the
   * cluster's client closed by a registry reload or shutdown meanwhile.
   *
   * @param doing what was under way, for the 503 message ("subscription could not start")
   */
  static StreamFailure of(RuntimeException e, String doing) {
    return switch (e) {
      case Problem p -> new StreamFailure(p.status(), p.getMessage());
      case KubernetesClientException k -> new StreamFailure(k.getCode() == 0 ? 502 : k.getCode(), KubernetesErrors.message(k));
      default -> new StreamFailure(503, doing + ": " + e.getClass().getSimpleName());
    };
  }

  /** Whether the apiserver answered 410 Gone (the version is too old: resync instead of failing). */
  static boolean gone(RuntimeException e) {
    return e instanceof KubernetesClientException k && k.getCode() == 410;
  }
}
