package io.periscope.k8s;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;

/** Reads why the apiserver refused a WebSocket upgrade (exec, port-forward) from fabric8's exceptions. */
public final class UpgradeRefusals {
  private UpgradeRefusals() {}

  /** The HTTP status of a refused handshake, wherever fabric8 put it in the cause chain; 0 when none. */
  public static int statusOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof KubernetesClientException k && k.getCode() > 0) {
        return k.getCode();
      }
      if (c instanceof WebSocketHandshakeException h && h.getResponse() != null) {
        return h.getResponse().code();
      }
    }
    return 0;
  }
}
