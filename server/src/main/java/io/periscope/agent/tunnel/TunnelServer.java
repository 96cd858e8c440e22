package io.periscope.agent.tunnel;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.periscope.agent.ca.CertificateAuthority;
import io.periscope.agent.registration.AgentRegistrations;
import io.periscope.agent.registration.ClusterIdentities;
import io.periscope.problem.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tunnel port: gRPC over TLS with optional client certificates (Register needs none; the
 * rest need an admitted agent certificate). Its server certificate comes from the agent CA and is
 * re-issued when the CA rotates. Each agent cluster's fabric8 client reaches its agent through
 * {@link #sessions()} ({@code io.periscope.agent.transport}).
 */
public final class TunnelServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TunnelServer.class);

  private final Server server;
  private final AgentSessions sessions;
  private final AgentRegistrations registrations;
  private final java.util.List<String> hostnames;
  private final UnattachedCalls unattached;
  private final ServerIdentity identity;

  private TunnelServer(Server server, AgentSessions sessions, AgentRegistrations registrations, java.util.List<String> hostnames,
      UnattachedCalls unattached, ServerIdentity identity) {
    this.identity = identity;
    this.server = server;
    this.sessions = sessions;
    this.registrations = registrations;
    this.hostnames = hostnames;
    this.unattached = unattached;
  }

  /**
   * Whether a cluster's agent can take requests now, and if not, the most specific reason known
   * ({@code code} is null exactly when connected).
   */
  public record Availability(boolean connected, ErrorCode code, String reason) {
    static final Availability CONNECTED = new Availability(true, null, "");
  }

  /** The serial of the certificate the cluster's connected agent presented, if one is connected. */
  public java.util.Optional<java.math.BigInteger> liveCertificate(String cluster) {
    return sessions.liveCertificate(cluster);
  }

  public Availability availability(String cluster) {
    if (sessions.connected(cluster)) {
      return Availability.CONNECTED;
    }
    var deregistered = registrations.deregisteredAt(cluster);
    if (deregistered.isPresent()) {
      return new Availability(false, ErrorCode.AGENT_DEREGISTERED, "the cluster was deregistered at " + deregistered.get()
          + "; mint a new token and re-register its agent");
    }
    return sessions.refusal(cluster).map(r -> new Availability(false, switch (r.code()) {
      case "certificate_expired" -> ErrorCode.AGENT_CERTIFICATE_EXPIRED;
      case "certificate_revoked" -> ErrorCode.AGENT_CERTIFICATE_REVOKED;
      case "certificate_unknown_ca" -> ErrorCode.AGENT_CA_ROTATED;
      case "identity_conflict" -> ErrorCode.AGENT_IDENTITY_CONFLICT;
      case "identity_missing" -> ErrorCode.AGENT_IDENTITY_MISSING;
      case "identity_invalid" -> ErrorCode.AGENT_IDENTITY_INVALID;
      default -> ErrorCode.AGENT_DISCONNECTED;
    }, "its agent is not connected: " + r.message())).orElseGet(() -> sessions.lost(cluster)
        .map(l -> new Availability(false, ErrorCode.AGENT_DISCONNECTED, "its periscope-agent disconnected at "
            + l.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (" + l.why()
            + ") and has not reconnected; it reconnects by itself once it reaches this server: its pod's /readyz and log say why not"))
        .orElse(new Availability(false, ErrorCode.AGENT_DISCONNECTED, "no periscope-agent has connected for this cluster since this"
            + " server started: install it with a registration token, or check its pod's /readyz and log")));
  }

  /** The identities the cluster's agents connected here with ({@link AgentSessions#liveIdentities}). */
  public java.util.Set<String> liveIdentities(String cluster) {
    return sessions.liveIdentities(cluster);
  }

  public AgentRegistrations registrations() {
    return registrations;
  }

  public static TunnelServer start(TunnelSettings settings, AgentRegistrations registrations, Clock clock) {
    CertificateAuthority ca = registrations.ca();
    ServerIdentity identity = new ServerIdentity(ca, settings.hostnames(), clock);
    AgentSessions sessions = new AgentSessions(settings.openTimeout(), clock);
    ca.onRotate(identity::issue);
    // Live tunnels were admitted with certificates of the old CA: drop them now rather than let each request time out.
    ca.onRotate(() -> sessions.refuseAll("certificate_unknown_ca", Status.UNAUTHENTICATED.withDescription(
        "certificate_unknown_ca: the server's agent CA was rotated; give the agent the new CA bundle and a new token")));
    var credentials = TlsServerCredentials.newBuilder()
        .keyManager(identity.keyManager())
        .trustManager(new ClientCertificateTrust())
        .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
        .build();
    registrations.onDeregister(cluster -> sessions.kick(cluster,
        Status.PERMISSION_DENIED.withDescription("certificate_revoked: cluster '" + cluster + "' was deregistered or its certificate revoked")));
    registrations.onRevoke((cluster, serial) -> sessions.kick(cluster, serial, Status.PERMISSION_DENIED.withDescription(
        "certificate_revoked: certificate " + serial.toString(16) + " of cluster '" + cluster + "' was revoked")));
    registrations.identities().onRebind(binding -> sessions.kickOtherIdentities(binding.cluster(), binding.uid(),
        Status.PERMISSION_DENIED.withDescription(ClusterIdentities.reboundMessage(binding.cluster(), binding.uid()))));
    var unattached = new UnattachedCalls(settings.openTimeout());
    var service = new TunnelService(registrations, sessions, clock, unattached, settings.helloTimeout());
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(settings.bindAddress(), settings.port()), credentials)
        .addService(AliasingFrames.apply(ServerInterceptors.intercept(service, new AgentAuthInterceptor(registrations, sessions),
            new RegistrationRateLimit(clock))))
        // A restarted server takes its port back at once, while the last run's agent connections linger in TIME_WAIT.
        .withOption(ChannelOption.SO_REUSEADDR, true)
        .keepAliveTime(settings.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(10, TimeUnit.SECONDS)
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .maxInboundMessageSize(4 * 1024 * 1024)
        // Proxy callbacks only queue a frame or signal a waiting thread: run them on the event loop
        // instead of a hop to the default executor per message (bench/README.md "Agent tunnel").
        .callExecutor(new ServerCallExecutorSupplier() {
          @Override
          public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
            return AliasingFrames.isProxy(call.getMethodDescriptor()) ? Runnable::run : null;
          }
        })
        .build();
    try {
      server.start();
    } catch (IOException e) {
      unattached.close();
      identity.close();
      throw new UncheckedIOException("cannot listen for agents on " + settings.bindAddress() + ":" + settings.port(), e);
    }
    log.info("agent tunnel listening on {}:{} (certificate names {})", settings.bindAddress(), server.getPort(), settings.hostnames());
    TunnelServer tunnel = new TunnelServer(server, sessions, registrations, settings.hostnames(), unattached, identity);
    sessions.explainAbsence(cluster -> {
      Availability a = tunnel.availability(cluster);
      return new TunnelException(a.connected() ? ErrorCode.AGENT_DISCONNECTED : a.code(), cluster,
          a.connected() ? "the agent's connection closed" : a.reason());
    });
    return tunnel;
  }

  public int port() {
    return server.getPort();
  }

  /**
   * Where agents dial, as the agent chart's {@code agent.serverUrl}: the first certificate name and
   * this port (empty without names). A hint for install instructions: a load balancer in front may
   * expose another port.
   */
  public java.util.Optional<String> agentServerUrl() {
    return hostnames.stream().findFirst().map(h -> "https://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port());
  }

  /** Proxy calls of the cluster's agent that have not attached yet. */
  int unattachedCalls(String cluster) {
    return unattached.count(cluster);
  }

  /** The connected agents; a cluster's requests open Proxy calls here. */
  public AgentSessions sessions() {
    return sessions;
  }

  @Override
  public void close() {
    sessions.closeAll(Status.UNAVAILABLE.withDescription("server shutting down"));
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    unattached.close();
    identity.close();
  }

  /** The tunnel's own certificate (tests move the clock and renew it). */
  ServerIdentity identity() {
    return identity;
  }
}
