package io.periscope.agent.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.agent.registration.AgentRegistrations;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.auth.AuthenticatedUser;
import io.periscope.auth.http.CurrentUser;
import io.periscope.authz.Tier;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.http.ApiException;
import io.periscope.http.RequestIds;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * {@code POST /api/agents/tokens {"cluster": "..."}} → 201 {@code {token, cluster, expiresAt}}:
 * mints a single-use registration token for an agent-backed cluster. Admins only: tier
 * {@code admin} (tier mode) or a member of an audit-admin group (any mode). Every attempt is
 * audited as {@code agent_token_mint}; the token itself never reaches the audit log.
 */
public final class AgentTokenRoutes {
  private final AgentRegistrations registrations;
  private final ClusterRegistry clusters;
  private final AuditRecorder audit;
  private final Clock clock;

  /** The request body. */
  public record MintRequest(String cluster) {}

  /** The answer; {@code token} is shown once. */
  public record MintResponse(String token, String cluster, Instant expiresAt) {}

  private AgentTokenRoutes(AgentRegistrations registrations, ClusterRegistry clusters, AuditRecorder audit, Clock clock) {
    this.registrations = registrations;
    this.clusters = clusters;
    this.audit = audit;
    this.clock = clock;
  }

  public static void register(RoutesConfig routes, AgentRegistrations registrations, ClusterRegistry clusters, AuditRecorder audit,
      Clock clock) {
    var r = new AgentTokenRoutes(registrations, clusters, audit, clock);
    routes.post("/api/agents/tokens", r::mint);
  }

  /** The admin rule for agent administration. */
  public static boolean isAgentAdmin(AuthenticatedUser user) {
    return user.auditAdmin() || user.tier().filter(t -> t == Tier.ADMIN).isPresent();
  }

  private void mint(Context ctx) {
    AuthenticatedUser user = CurrentUser.of(ctx);
    MintRequest body = parse(ctx);
    String cluster = body.cluster() == null ? "" : body.cluster();
    if (!isAgentAdmin(user)) {
      record(ctx, user, cluster, Outcome.DENIED, "not an agent administrator");
      throw ApiException.forbidden("minting agent tokens needs tier admin or an audit-admin group");
    }
    ClusterSpec spec = clusters.spec(cluster);
    if (spec.backend() != Backend.AGENT) {
      throw ApiException.badRequest("cluster '" + cluster + "' uses backend '" + spec.backend().wireName() + "', not agent");
    }
    AgentRegistrations.MintedToken minted = registrations.mint(spec.agent().orElse(spec.name()));
    record(ctx, user, cluster, Outcome.SUCCESS, "");
    ctx.header("Cache-Control", "no-store");
    ctx.status(201).json(new MintResponse(minted.token(), cluster, minted.expiresAt()));
  }

  private static MintRequest parse(Context ctx) {
    try {
      MintRequest r = ctx.bodyAsClass(MintRequest.class);
      if (r == null || r.cluster() == null || r.cluster().isBlank()) {
        throw ApiException.badRequest("body must be {\"cluster\": \"<name>\"}");
      }
      return r;
    } catch (ApiException e) {
      throw e;
    } catch (Exception e) {
      // Javalin rethrows Jackson's checked parse errors unchecked.
      throw ApiException.badRequest("body must be {\"cluster\": \"<name>\"}");
    }
  }

  private void record(Context ctx, AuthenticatedUser user, String cluster, Outcome outcome, String reason) {
    var p = user.principal();
    audit.record(new AuditEvent(clock.instant(), RequestIds.of(ctx), new AuditEvent.Actor(p.subject(), p.email(), p.groups()),
        Verb.AGENT_TOKEN_MINT, new AuditEvent.Target(cluster, "", "agent-token", ""), outcome, reason, Map.of()));
  }
}
