package io.periscope.helm;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;

/**
 * The person may not list Helm's storage objects: 403 {@code helm_forbidden} with the page-level
 * copy of the forbidden state and the RBAC rule that would unblock them. The apiserver's refusal is
 * the cause, so the error body also carries the Role to ask an admin for ({@code http.ErrorMapper}).
 */
public final class HelmForbiddenException extends Problem {
  public static final String COPY =
      "needs list permission on the helm storage Secrets (or ConfigMaps) in at least one namespace";

  HelmForbiddenException(String scope, KubernetesClientException refusal) {
    super(ErrorCode.HELM_FORBIDDEN, "Your role doesn't allow listing helm releases here: " + COPY + ". Missing RBAC rule: "
        + "apiGroups [\"\"], resources [\"secrets\"], verbs [\"list\"] " + scope
        + " (see the periscope-helm-browser ClusterRole in the cluster RBAC guide). The apiserver said: " + KubernetesErrors.message(refusal), refusal);
  }
}
