package io.periscope.agent.tunnel;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.periscope.ratelimit.PerAddressLimit;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Register} needs no certificate (its one-time token is the credential), so anyone who
 * reaches the tunnel port can call it, and each attempt costs a CSR check, a {@code denied} audit
 * row and a log line. At most {@link #ATTEMPTS_PER_MINUTE} attempts per remote address and minute
 * get that far; the rest are answered {@code RESOURCE_EXHAUSTED} before their message is read,
 * with no audit row, and only the first refusal of each address's minute is logged.
 */
final class RegistrationRateLimit implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(RegistrationRateLimit.class);
  /**
   * An agent registers once per installation; a token typed wrong a few times still fits. A
   * constant like the tunnel's other limits: behind a load balancer that hides client addresses
   * every agent shares its address, and 10 a minute is still plenty for registrations.
   */
  static final int ATTEMPTS_PER_MINUTE = 10;

  private final PerAddressLimit limit;

  RegistrationRateLimit(Clock clock) {
    this.limit = new PerAddressLimit(ATTEMPTS_PER_MINUTE, clock);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!call.getMethodDescriptor().getFullMethodName().equals(AgentTunnelGrpc.getRegisterMethod().getFullMethodName())) {
      return next.startCall(call, headers);
    }
    String address = address(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    PerAddressLimit.Attempt attempt = limit.attempt(address);
    if (attempt.allowed()) {
      return next.startCall(call, headers);
    }
    if (attempt.firstRefusal()) {
      log.warn("agent registration attempts from {} exceed {} a minute: refusing the rest of this minute without logging"
          + " or auditing each ({} refused in its previous minute)", address, ATTEMPTS_PER_MINUTE, attempt.refusedInPreviousWindow());
    }
    call.close(Status.RESOURCE_EXHAUSTED.withDescription("too many agent registration attempts from this address (at most "
        + ATTEMPTS_PER_MINUTE + " a minute); wait a minute and try again"), new Metadata());
    return new ServerCall.Listener<>() { };
  }

  private static String address(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : String.valueOf(remote);
  }
}
