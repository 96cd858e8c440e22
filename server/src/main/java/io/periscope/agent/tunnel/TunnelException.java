package io.periscope.agent.tunnel;

import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;

/** A proxied request that cannot be served through the tunnel; its code's status is the HTTP status to answer. */
public final class TunnelException extends Problem {
  private final String cluster;

  public TunnelException(ErrorCode code, String cluster, String reason) {
    super(code, "cluster '" + cluster + "': " + code.code() + ": " + reason);
    this.cluster = cluster;
  }

  static TunnelException disconnected(String cluster) {
    return new TunnelException(ErrorCode.AGENT_DISCONNECTED, cluster, "no periscope-agent is connected for this cluster");
  }

  public String cluster() {
    return cluster;
  }
}
