package io.periscope.agent.tunnel;

/** A proxied request that cannot be served through the tunnel; {@code status} is the HTTP status to answer. */
public final class TunnelException extends RuntimeException {
  private final int status;
  private final String code;
  private final String cluster;

  public TunnelException(int status, String code, String cluster, String reason) {
    super("cluster '" + cluster + "': " + code + ": " + reason);
    this.status = status;
    this.code = code;
    this.cluster = cluster;
  }

  static TunnelException disconnected(String cluster) {
    return new TunnelException(503, "agent_disconnected", cluster, "no periscope-agent is connected for this cluster");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String cluster() {
    return cluster;
  }
}
