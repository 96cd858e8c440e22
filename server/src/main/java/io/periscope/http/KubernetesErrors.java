package io.periscope.http;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Extracts the apiserver's own reason (e.g. the RBAC message) from a fabric8 exception. */
public final class KubernetesErrors {
  private KubernetesErrors() {}

  public static String message(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    if (e.getCode() == 0) {
      return "apiserver unreachable: " + rootCause(e);
    }
    return e.getMessage();
  }

  private static String rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }
}
