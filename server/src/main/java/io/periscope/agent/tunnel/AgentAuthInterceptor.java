package io.periscope.agent.tunnel;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.periscope.agent.ca.AgentCertificates;
import io.periscope.agent.registration.AgentRegistrations;
import io.periscope.agent.registration.RegistrationException;
import io.periscope.tunnel.TunnelIds;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Admits mTLS calls: every method except {@code Register} needs a client certificate that
 * {@link AgentRegistrations#admit} accepts; the cluster it names is put in the call's context.
 * Checked here, on every call, rather than only in the TLS handshake, so a refused agent learns
 * why (CA rotated, expired, revoked) and a revocation applies to the very next call.
 */
final class AgentAuthInterceptor implements ServerInterceptor {
  static final Context.Key<String> CLUSTER = Context.key("periscope.agent.cluster");
  /** The admitted certificate's end of validity: a control stream's session ends there. */
  static final Context.Key<java.time.Instant> NOT_AFTER = Context.key("periscope.agent.not-after");
  /** The serial of the certificate the agent presented: the Agents page marks it as the one in use. */
  static final Context.Key<java.math.BigInteger> SERIAL = Context.key("periscope.agent.serial");
  /** Which of the agent's tunnels a call belongs to ({@link TunnelIds}); empty when the agent sent none. */
  static final Context.Key<String> TUNNEL_ID = Context.key("periscope.agent.tunnel-id");
  /** For Renew only: the presented certificate, admitted by the renewal itself so refusals are audited there. */
  static final Context.Key<X509Certificate> PRESENTED = Context.key("periscope.agent.presented-certificate");

  private final AgentRegistrations registrations;
  private final AgentSessions sessions;

  AgentAuthInterceptor(AgentRegistrations registrations, AgentSessions sessions) {
    this.registrations = registrations;
    this.sessions = sessions;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (call.getMethodDescriptor().getFullMethodName().equals(AgentTunnelGrpc.getRegisterMethod().getFullMethodName())) {
      return next.startCall(call, headers);
    }
    String cluster;
    X509Certificate cert = peerCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    if (call.getMethodDescriptor().getFullMethodName().equals(AgentTunnelGrpc.getRenewMethod().getFullMethodName())) {
      return Contexts.interceptCall(Context.current().withValue(PRESENTED, cert), call, headers, next);
    }
    try {
      cluster = registrations.admit(cert);
    } catch (RegistrationException e) {
      // Only a certificate our CA signed (expired or revoked) may set a cluster's state: anyone can present a self-made one.
      if (cert != null && registrations.ca().signed(cert)) {
        AgentCertificates.cluster(cert).ifPresent(c -> sessions.refused(c, e.code().wireName(), e.getMessage()));
      }
      Status status = e.code() == RegistrationException.Code.CERTIFICATE_REVOKED ? Status.PERMISSION_DENIED : Status.UNAUTHENTICATED;
      call.close(status.withDescription(e.getMessage()), new Metadata());
      return new ServerCall.Listener<>() { };
    }
    return Contexts.interceptCall(Context.current().withValue(CLUSTER, cluster).withValue(NOT_AFTER, cert.getNotAfter().toInstant())
        .withValue(SERIAL, cert.getSerialNumber()).withValue(TUNNEL_ID, TunnelIds.of(headers)), call, headers, next);
  }

  private static X509Certificate peerCertificate(SSLSession session) {
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
