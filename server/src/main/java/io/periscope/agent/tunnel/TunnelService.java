package io.periscope.agent.tunnel;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.periscope.agent.registration.AgentRegistrations;
import io.periscope.agent.registration.ClusterIdentities;
import io.periscope.agent.registration.RegistrationException;
import io.periscope.tunnel.proto.AgentFrame;
import io.periscope.tunnel.proto.AgentProxyFrame;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.Hello;
import io.periscope.tunnel.proto.RegisterRequest;
import io.periscope.tunnel.proto.RegisterResponse;
import io.periscope.tunnel.proto.RenewRequest;
import io.periscope.tunnel.proto.ServerFrame;
import io.periscope.tunnel.proto.ServerProxyFrame;
import io.periscope.storage.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The three tunnel methods. Register is unauthenticated; the others run as the cluster the interceptor admitted. */
final class TunnelService extends AgentTunnelGrpc.AgentTunnelImplBase {
  private static final Logger log = LoggerFactory.getLogger(TunnelService.class);
  private final Duration helloTimeout;

  private final AgentRegistrations registrations;
  private final AgentSessions sessions;
  private final Clock clock;
  private final UnattachedCalls unattached;

  TunnelService(AgentRegistrations registrations, AgentSessions sessions, Clock clock, UnattachedCalls unattached, Duration helloTimeout) {
    this.helloTimeout = helloTimeout;
    this.registrations = registrations;
    this.sessions = sessions;
    this.clock = clock;
    this.unattached = unattached;
  }

  @Override
  public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
    try {
      AgentRegistrations.Credentials c = registrations.redeem(request.getToken(), request.getCsrDer().toByteArray());
      log.info("agent registered for cluster {} (certificate serial {})", c.cluster(), c.certificate().getSerialNumber().toString(16));
      response.onNext(RegisterResponse.newBuilder().setCluster(c.cluster()).setCertificateChainPem(c.chainPem()).setCaPem(c.caPem()).build());
      response.onCompleted();
    } catch (RegistrationException e) {
      log.warn("agent registration refused: {}", e.getMessage());
      Status status = e.code() == RegistrationException.Code.CSR_INVALID ? Status.INVALID_ARGUMENT : Status.PERMISSION_DENIED;
      response.onError(status.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public void renew(RenewRequest request, StreamObserver<RegisterResponse> response) {
    try {
      AgentRegistrations.Credentials c = registrations.renew(AgentAuthInterceptor.PRESENTED.get(), request.getCsrDer().toByteArray());
      log.info("agent certificate renewed for cluster {} (new serial {}, valid until {})", c.cluster(),
          c.certificate().getSerialNumber().toString(16), c.certificate().getNotAfter().toInstant());
      response.onNext(RegisterResponse.newBuilder().setCluster(c.cluster()).setCertificateChainPem(c.chainPem()).setCaPem(c.caPem()).build());
      response.onCompleted();
    } catch (RegistrationException e) {
      log.warn("agent certificate renewal refused: {}", e.getMessage());
      Status status = switch (e.code()) {
        case CSR_INVALID -> Status.INVALID_ARGUMENT;
        case CERTIFICATE_REVOKED -> Status.PERMISSION_DENIED;
        default -> Status.UNAUTHENTICATED;
      };
      response.onError(status.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  /**
   * The control stream. It is listed and welcomed only once its Hello (every agent's first frame)
   * passed the cluster identity check, so an agent running in another cluster than the one its
   * certificate's name is bound to never gets a request.
   */
  @Override
  public StreamObserver<AgentFrame> connect(StreamObserver<ServerFrame> response) {
    String cluster = AgentAuthInterceptor.CLUSTER.get();
    var control = (ServerCallStreamObserver<ServerFrame>) response;
    AgentSession session = new AgentSession(cluster, AgentAuthInterceptor.TUNNEL_ID.get(), control, clock.instant(), AgentAuthInterceptor.NOT_AFTER.get(),
        AgentAuthInterceptor.SERIAL.get());
    control.setOnCancelHandler(() -> sessions.remove(session, Status.CANCELLED.withDescription("control stream cancelled")));
    AtomicBoolean helloSeen = new AtomicBoolean();
    // Unlisted until its Hello, a stream that never sends one would hold its connection unseen: end it.
    CompletableFuture.delayedExecutor(helloTimeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
      if (!helloSeen.get()) {
        session.close(Status.DEADLINE_EXCEEDED.withDescription("no Hello within " + helloTimeout.toSeconds()
            + " s of opening the control stream: every periscope-agent release sends it first"));
      }
    });
    return new StreamObserver<>() {
      @Override
      public void onNext(AgentFrame frame) {
        if (!frame.hasHello()) {
          return;
        }
        Hello hello = frame.getHello();
        if (!helloSeen.compareAndSet(false, true)) {
          session.hello(hello); // a later Hello updates what the agent takes, never its identity
          return;
        }
        admit(session, hello);
      }

      @Override
      public void onError(Throwable t) {
        sessions.remove(session, Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        sessions.remove(session, Status.OK.withDescription("agent closed the control stream"));
      }
    };
  }

  /** Checks the Hello's cluster identity, then lists the session, re-checks revocation and welcomes it. */
  private void admit(AgentSession session, Hello hello) {
    String cluster = session.cluster();
    ClusterIdentities.Decision identity;
    try {
      identity = registrations.identities().check(cluster, hello.getClusterUid());
    } catch (StorageException e) {
      log.warn("cannot check the identity of cluster {}'s agent: {}", cluster, e.getMessage());
      session.close(Status.UNAVAILABLE.withDescription("the server cannot check this agent's cluster identity now; retry later"));
      return;
    }
    if (!identity.admitted()) {
      // A refused agent retries every 30 s for as long as it runs: the same refusal again is not news.
      if (sessions.refused(cluster, identity.refusal().wireName(), identity.message())) {
        log.warn("agent for cluster {} refused: {}", cluster, identity.message());
      } else {
        log.debug("agent for cluster {} refused again: {}", cluster, identity.message());
      }
      session.close(Status.PERMISSION_DENIED.withDescription(identity.message()));
      return;
    }
    session.hello(hello);
    session.identify(identity.presented());
    log.info("agent for cluster {} says hello (version {}, {} concurrent requests, {})", cluster, hello.getAgentVersion(),
        hello.getMaxConcurrentRequests(), switch (identity.outcome()) {
          case BOUND -> "cluster identity " + identity.presented() + ", bound now";
          case MATCHED -> "cluster identity " + identity.presented();
          default -> "cluster identity unverified: the agent sent none";
        });
    sessions.add(session);
    if (!session.open()) {
      // Cancelled while its identity was checked: the cancel found nothing listed to take out.
      sessions.remove(session, Status.CANCELLED.withDescription("control stream cancelled"));
      return;
    }
    // A revocation stored after this call was admitted, but told before the session was added, found nothing to drop.
    if (session.certificateSerial() != null && registrations.revoked(session.certificateSerial())) {
      sessions.kick(cluster, session.certificateSerial(), Status.PERMISSION_DENIED.withDescription(
          "certificate_revoked: the certificate for cluster '" + cluster + "' was revoked or the cluster deregistered"));
      return;
    }
    // Likewise a binding or re-bind stored after the identity check: read once, now that the session is listed.
    String presented = identity.presented();
    var bound = registrations.identities().binding(cluster).map(b -> b.uid());
    if (bound.isPresent() && !presented.isEmpty() && !bound.get().equals(presented)) {
      sessions.kickOtherIdentities(cluster, bound.get(), Status.PERMISSION_DENIED.withDescription(
          ClusterIdentities.reboundMessage(cluster, bound.get())));
      return;
    }
    if (bound.isPresent() && (presented.isEmpty() || identity.outcome() == ClusterIdentities.Outcome.BOUND)) {
      // Unverified agents could be running anywhere once the name is bound (this one, if another agent bound it
      // meanwhile; those admitted before, if this one just bound it): they reconnect and show theirs.
      sessions.kickUnverified(cluster, Status.PERMISSION_DENIED.withDescription(ClusterIdentities.missingMessage(cluster, bound.get())));
      if (presented.isEmpty()) {
        return;
      }
    }
    session.welcome();
  }

  @Override
  public StreamObserver<AgentProxyFrame> proxy(StreamObserver<ServerProxyFrame> response) {
    String cluster = AgentAuthInterceptor.CLUSTER.get();
    var out = (ServerCallStreamObserver<ServerProxyFrame>) response;
    out.disableAutoRequest();
    ProxyCall pending = new ProxyCall(out);
    out.request(1);
    UnattachedCalls.Waiting waiting = unattached.start(cluster, pending);
    return new StreamObserver<>() {
      private ProxyCall call;

      @Override
      public void onNext(AgentProxyFrame frame) {
        if (call != null) {
          call.onNext(frame);
          return;
        }
        // Timed out before this frame came (or refused as one too many): the call is already ended.
        if (waiting == null || !waiting.attached()) {
          return;
        }
        if (!frame.hasAttach()) {
          pending.refuse(Status.INVALID_ARGUMENT.withDescription("the first Proxy frame must be Attach"));
          return;
        }
        long id = frame.getAttach().getStreamId();
        ProxyCall candidate = pending;
        candidate.bind(id);
        // Only the session of the certificate's own cluster can claim the id: no cross-cluster attach.
        boolean ok = sessions.attach(cluster, id, candidate);
        if (!ok) {
          pending.refuse(Status.NOT_FOUND.withDescription("no pending request " + id + " for cluster '" + cluster + "'"));
          return;
        }
        call = candidate;
        // A few frames of read-ahead keep the pipe full; each one taken asks for one more, so it stays bounded.
        out.request(ProxyCall.READ_AHEAD);
      }

      @Override
      public void onError(Throwable t) {
        if (call != null) {
          call.onError(t);
        } else {
          pending.onError(t);
        }
      }

      @Override
      public void onCompleted() {
        if (call != null) {
          call.onCompleted();
        } else {
          pending.refuse(Status.INVALID_ARGUMENT.withDescription("the Proxy call was half-closed before its Attach"));
        }
      }
    };
  }
}
