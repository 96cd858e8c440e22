package io.periscope.agent.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.agent.ca.CertificateAuthority;
import io.periscope.agent.registration.AgentRegistrations;
import io.periscope.agent.registration.ClusterIdentities;
import io.periscope.agent.registration.RegistrationStore;
import io.periscope.agent.registration.RegistrationStore.IssuedCertificate;
import io.periscope.agent.tunnel.TunnelServer;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.auth.AuthenticatedUser;
import io.periscope.auth.http.CurrentUser;
import io.periscope.authz.Tier;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.http.RequestIds;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Agent administration, admins only (tier {@code admin} in tier mode, or a member of an
 * audit-admin group in any mode); every mutation is audited, refusals included:
 * <ul>
 *   <li>{@code POST /api/agents/tokens {"cluster"}} → 201 {@code {token, cluster, expiresAt}}: a single-use
 *       registration token ({@code agent_token_mint}; the token never reaches the audit log);
 *   <li>{@code GET /api/agents}: agent clusters with their tunnel state and certificates;
 *   <li>{@code DELETE /api/agents/{cluster}}: deregister — every certificate revoked, live tunnel dropped
 *       ({@code agent_deregister});
 *   <li>{@code POST /api/agents/certificates/{serial}/revoke} ({@code agent_certificate_revoke});
 *   <li>{@code POST /api/agents/{cluster}/identity/rebind {"uid"}}: bind the cluster to another kube-system UID
 *       (a rebuilt cluster); tunnels of other identities drop ({@code agent_identity_rebind});
 *   <li>{@code GET /api/agents/ca} → the CA certificate agents need as their {@code --ca-bundle};
 *   <li>{@code POST /api/agents/ca/rotate} → the new CA certificate ({@code agent_ca_rotate}).
 * </ul>
 * With the tunnel off, everything but the list answers 503 {@code agent_tunnel_disabled}.
 */
public final class AgentRoutes {
  private final AgentRegistrations registrations;
  private final Optional<TunnelServer> tunnel;
  private final ClusterRegistry clusters;
  private final AuditTrail trail;

  /** The mint request body. */
  public record MintRequest(String cluster) {}

  /**
   * The mint answer; {@code token} is shown once. {@code serverUrl}: where agents dial (the agent
   * chart's {@code agent.serverUrl}) as far as this server knows, null without tunnel hostnames.
   */
  public record MintResponse(String token, String cluster, Instant expiresAt, String serverUrl) {}

  /**
   * One certificate in the list.
   *
   * @param inUse the certificate the cluster's connected agent presented
   */
  public record CertificateView(String serial, Instant notAfter, boolean revoked, boolean inUse) {}

  /** One agent cluster in the list; {@code state} is {@code connected} or the 503 code its requests get. */
  public record AgentView(String cluster, String agent, String state, String reason, Instant deregisteredAt,
      List<CertificateView> certificates, IdentityView identity) {}

  /**
   * The cluster's identity (docs/agent.md "Cluster identity").
   *
   * @param boundUid the kube-system UID the name is bound to; null before an agent sent one
   * @param live {@code verified} when every agent connected here sent the bound UID, {@code unverified}
   *     when one sent none, null when none is connected here
   * @param conflict the last agent refused for running in another cluster, since the binding; null if none
   */
  public record IdentityView(String boundUid, Instant boundAt, String live, ConflictView conflict) {}

  /** An agent of this cluster's certificate refused: the UID of the cluster it runs in, first and last seen. */
  public record ConflictView(String uid, Instant firstSeenAt, Instant lastSeenAt) {}

  /** The re-bind request body. */
  public record RebindRequest(String uid) {}

  /** @param previousUid the UID it was bound to before, null if it was not bound */
  public record RebindResponse(String cluster, String uid, String previousUid) {}

  public record DeregisterResponse(String cluster, int revokedCertificates) {}

  public record RevokeResponse(String serial, String cluster) {}

  /** The agent CA's certificate (public; its key never leaves the server). */
  public record CaResponse(String caPem, String sha256Fingerprint) {}

  private AgentRoutes(AgentRegistrations registrations, Optional<TunnelServer> tunnel, ClusterRegistry clusters, AuditRecorder audit, Clock clock) {
    this.registrations = registrations;
    this.tunnel = tunnel;
    this.clusters = clusters;
    this.trail = new AuditTrail(audit, clock);
  }

  /** @param registrations null when the tunnel is off */
  public static void register(RoutesConfig routes, AgentRegistrations registrations, Optional<TunnelServer> tunnel, ClusterRegistry clusters,
      AuditRecorder audit, Clock clock) {
    var r = new AgentRoutes(registrations, tunnel, clusters, audit, clock);
    routes.post("/api/agents/tokens", r::mint);
    routes.get("/api/agents", r::list);
    routes.delete("/api/agents/{cluster}", r::deregister);
    routes.post("/api/agents/certificates/{serial}/revoke", r::revoke);
    routes.post("/api/agents/{cluster}/identity/rebind", r::rebind);
    routes.get("/api/agents/ca", r::ca);
    routes.post("/api/agents/ca/rotate", r::rotate);
  }

  /** The admin rule for agent administration. */
  public static boolean isAgentAdmin(AuthenticatedUser user) {
    return user.administrator();
  }

  private void mint(Context ctx) {
    AuthenticatedUser user = CurrentUser.of(ctx);
    String cluster = clusterNamed(ctx);
    AgentRegistrations.MintedToken minted = trail.run(action(ctx, user, Verb.AGENT_TOKEN_MINT, cluster, "agent-token", ""), () -> {
      requireAdmin(user);
      parse(ctx);
      return enabled().mint(agentName(agentCluster(cluster)));
    });
    ctx.header("Cache-Control", "no-store");
    ctx.status(201).json(new MintResponse(minted.token(), cluster, minted.expiresAt(),
        tunnel.flatMap(TunnelServer::agentServerUrl).orElse(null)));
  }

  private void list(Context ctx) {
    AuthenticatedUser user = CurrentUser.of(ctx);
    if (!isAgentAdmin(user)) {
      throw Problem.forbidden("agent administration needs tier admin or an audit-admin group");
    }
    List<IssuedCertificate> issued = registrations == null ? List.of() : registrations.issued();
    List<AgentView> out = clusters.clusters().stream().filter(s -> s.backend() == Backend.AGENT).map(spec -> {
      String agent = agentName(spec);
      TunnelServer.Availability a = tunnel.map(t -> t.availability(agent))
          .orElse(new TunnelServer.Availability(false, ErrorCode.AGENT_TUNNEL_DISABLED, "this server runs no agent tunnel port"));
      var live = tunnel.flatMap(t -> t.liveCertificate(agent));
      List<CertificateView> certs = issued.stream().filter(c -> c.cluster().equals(agent))
          .map(c -> new CertificateView(c.serial().toString(16), c.notAfter(), registrations.revoked(c.serial()),
              live.filter(c.serial()::equals).isPresent())).toList();
      Instant deregisteredAt = registrations == null ? null : registrations.deregisteredAt(agent).orElse(null);
      return new AgentView(spec.name(), agent, a.connected() ? "connected" : a.code().code(), a.reason(), deregisteredAt, certs,
          identity(agent));
    }).toList();
    ctx.header("Cache-Control", "no-store");
    ctx.json(out);
  }

  private void deregister(Context ctx) {
    AuthenticatedUser user = CurrentUser.of(ctx);
    String cluster = ctx.pathParam("cluster");
    int revoked = trail.run(action(ctx, user, Verb.AGENT_DEREGISTER, cluster, "agent", ""), () -> {
      requireAdmin(user);
      return enabled().deregister(agentName(agentCluster(cluster)));
    });
    ctx.json(new DeregisterResponse(cluster, revoked));
  }

  private IdentityView identity(String agent) {
    var bound = registrations == null ? Optional.<RegistrationStore.ClusterBinding>empty() : registrations.identities().binding(agent);
    var connected = tunnel.map(t -> t.liveIdentities(agent)).orElse(java.util.Set.of());
    String live = connected.isEmpty() ? null : connected.contains("") ? "unverified" : "verified";
    return new IdentityView(bound.map(RegistrationStore.ClusterBinding::uid).orElse(null),
        bound.map(RegistrationStore.ClusterBinding::boundAt).orElse(null), live,
        bound.flatMap(RegistrationStore.ClusterBinding::lastConflict).map(c -> new ConflictView(c.uid(), c.firstSeen(), c.lastSeen()))
            .orElse(null));
  }

  private void rebind(Context ctx) {
    AuthenticatedUser user = CurrentUser.of(ctx);
    String cluster = ctx.pathParam("cluster");
    String uid = uidNamed(ctx);
    RebindResponse done = trail.runNoting(action(ctx, user, Verb.AGENT_IDENTITY_REBIND, cluster, "agent-identity", uid), notes -> {
      requireAdmin(user);
      String agent = agentName(agentCluster(cluster));
      String wanted = parseRebind(ctx).uid();
      try {
        var before = enabled().identities().rebind(agent, wanted);
        before.ifPresent(b -> notes.put("previousUid", b.uid()));
        return new RebindResponse(cluster, wanted, before.map(RegistrationStore.ClusterBinding::uid).orElse(null));
      } catch (IllegalArgumentException e) {
        throw Problem.badRequest(e.getMessage());
      }
    });
    ctx.json(done);
  }

  private void revoke(Context ctx) {
    AuthenticatedUser user = CurrentUser.of(ctx);
    String serialText = ctx.pathParam("serial");
    String owner = registrations == null ? "" : registrations.issued().stream()
        .filter(c -> c.serial().toString(16).equalsIgnoreCase(serialText)).map(IssuedCertificate::cluster).findFirst().orElse("");
    IssuedCertificate revoked = trail.run(action(ctx, user, Verb.AGENT_CERTIFICATE_REVOKE, owner, "agent-certificate", serialText), () -> {
      requireAdmin(user);
      BigInteger serial;
      try {
        serial = new BigInteger(serialText, 16);
      } catch (NumberFormatException e) {
        throw Problem.badRequest("serial must be the certificate's serial number in hex, got '" + serialText + "'");
      }
      return enabled().revoke(serial)
          .orElseThrow(() -> Problem.notFound("this server issued no agent certificate with serial " + serialText));
    });
    ctx.json(new RevokeResponse(revoked.serial().toString(16), revoked.cluster()));
  }

  private void ca(Context ctx) {
    if (!isAgentAdmin(CurrentUser.of(ctx))) {
      throw Problem.forbidden("agent administration needs tier admin or an audit-admin group");
    }
    var ca = enabled().ca();
    ctx.json(new CaResponse(ca.certificatePem(), CertificateAuthority.fingerprint(ca.certificate())));
  }

  private void rotate(Context ctx) {
    AuthenticatedUser user = CurrentUser.of(ctx);
    var ca = trail.run(action(ctx, user, Verb.AGENT_CA_ROTATE, "", "agent-ca", ""), () -> {
      requireAdmin(user);
      var authority = enabled().ca();
      authority.rotate();
      return authority;
    });
    ctx.json(new CaResponse(ca.certificatePem(), CertificateAuthority.fingerprint(ca.certificate())));
  }

  private AgentRegistrations enabled() {
    if (registrations == null) {
      throw new Problem(ErrorCode.AGENT_TUNNEL_DISABLED, "this server runs no agent tunnel port (agent.tunnel.enabled is false)");
    }
    return registrations;
  }

  private static void requireAdmin(AuthenticatedUser user) {
    if (!isAgentAdmin(user)) {
      throw Problem.forbidden("not an agent administrator: agent administration needs tier admin or an audit-admin group");
    }
  }

  private ClusterSpec agentCluster(String cluster) {
    ClusterSpec spec = clusters.spec(cluster);
    if (spec.backend() != Backend.AGENT) {
      throw Problem.badRequest("cluster '" + cluster + "' uses backend '" + spec.backend().wireName() + "', not agent");
    }
    return spec;
  }

  private static String agentName(ClusterSpec spec) {
    return spec.agent().orElse(spec.name());
  }

  private static MintRequest parse(Context ctx) {
    try {
      MintRequest r = ctx.bodyAsClass(MintRequest.class);
      if (r == null || r.cluster() == null || r.cluster().isBlank()) {
        throw Problem.badRequest("body must be {\"cluster\": \"<name>\"}");
      }
      return r;
    } catch (Problem e) {
      throw e;
    } catch (Exception e) {
      // Javalin rethrows Jackson's checked parse errors unchecked.
      throw Problem.badRequest("body must be {\"cluster\": \"<name>\"}");
    }
  }

  private static RebindRequest parseRebind(Context ctx) {
    String shape = "body must be {\"uid\": \"<kube-system Namespace UID>\"}";
    try {
      RebindRequest r = ctx.bodyAsClass(RebindRequest.class);
      if (r == null || r.uid() == null || r.uid().isBlank()) {
        throw Problem.badRequest(shape);
      }
      return r;
    } catch (Problem e) {
      throw e;
    } catch (Exception e) {
      throw Problem.badRequest(shape);
    }
  }

  /** The UID a re-bind request names, for the audit row even when the body is refused ("" when unreadable or not UID-like). */
  private static String uidNamed(Context ctx) {
    try {
      RebindRequest r = ctx.bodyAsClass(RebindRequest.class);
      return r != null && ClusterIdentities.validUid(r.uid()) ? r.uid() : "";
    } catch (Exception e) {
      return "";
    }
  }

  /** The cluster a mint request names, for the audit row even when the body is refused ("" when unreadable). */
  private static String clusterNamed(Context ctx) {
    try {
      MintRequest r = ctx.bodyAsClass(MintRequest.class);
      return r == null || r.cluster() == null ? "" : r.cluster();
    } catch (Exception e) {
      return "";
    }
  }

  private static AuditTrail.Action action(Context ctx, AuthenticatedUser user, Verb verb, String cluster, String kind, String name) {
    return new AuditTrail.Action(AuditTrail.actor(user.principal()), RequestIds.of(ctx), verb,
        new AuditEvent.Target(cluster, "", kind, name), Map.of());
  }
}
