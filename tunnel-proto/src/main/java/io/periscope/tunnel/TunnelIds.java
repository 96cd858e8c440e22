package io.periscope.tunnel;

import io.grpc.Metadata;

/**
 * Which of an agent's tunnels a {@code Connect} call belongs to. An agent keeps one tunnel per
 * server replica it resolved, and through a load balancer with several addresses two of them may
 * reach the same replica: a server replaces an earlier control stream only when it carries the same
 * id (the agent reconnecting that tunnel, e.g. with a renewed certificate), so two tunnels of one
 * agent never push each other out. An agent of the first release sends none; its streams share the
 * empty id and replace each other, as they always did.
 */
public final class TunnelIds {
  /** Request header of the {@code Connect} call: a random id the agent keeps for one tunnel while it runs. */
  public static final Metadata.Key<String> HEADER = Metadata.Key.of("periscope-tunnel-id", Metadata.ASCII_STRING_MARSHALLER);
  /** Longer ids are cut: the id only has to tell an agent's tunnels apart. */
  public static final int MAX_LENGTH = 64;

  private TunnelIds() {}

  /** The id a call carries, cut to {@link #MAX_LENGTH}; empty when it carries none. */
  public static String of(Metadata headers) {
    String id = headers.get(HEADER);
    if (id == null) {
      return "";
    }
    return id.length() > MAX_LENGTH ? id.substring(0, MAX_LENGTH) : id;
  }
}
