package io.periscope.aws.iam;

import io.periscope.authz.Principal;
import io.periscope.aws.identity.WorkloadIdentity;
import io.periscope.aws.identity.WorkloadRef;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS Access answer for one workload: its identity chain, and for each role it can use, the
 * role's identity policies grouped by service and checked against the sensitive catalog. Two
 * answers per sensitive action: the upper bound (identity policies, conditions not evaluated), and
 * the effective one ({@link EffectiveAccess}: identity ∩ permission boundary ∩ SCPs, conditions
 * decided for the stated {@link RequestContext}, naming the layer that decided). Resource policies
 * are not read (said so). Policies come from the {@link RolePolicyCache}, SCPs from
 * {@link OrganizationPolicies}; a refresh drops the workload's roles and their accounts' SCPs first.
 */
public final class WorkloadPermissions {
  /** What an answer from identity policies alone leaves out (the reverse lookup's, attack paths'). */
  public static final String IDENTITY_BOUND = "upper bound from identity policies: conditions not evaluated; permission boundaries, "
      + "SCPs and resource policies not read";
  /** The AWS tab's: its Resource policies section, below the roles, asks about a named resource. */
  public static final String BOUND = IDENTITY_BOUND + " (resource policies: asked per named resource below)";
  static final String EFFECTIVE = "effective answer: identity policies ∩ permission boundary ∩ SCPs of the account's OU path, "
      + "conditions evaluated for the stated request (keys not stated leave it conditional); resource policies: asked per named "
      + "resource in the Resource policies section";

  private final WorkloadRoles roles;
  private final SensitiveCatalog catalog;
  private final Clock clock;
  private final OrganizationPolicies organizations;

  public WorkloadPermissions(WorkloadRoles roles, SensitiveCatalog catalog, Clock clock, OrganizationPolicies organizations) {
    this.roles = roles;
    this.catalog = catalog;
    this.clock = clock;
    this.organizations = organizations;
  }

  public record Chip(String action, SensitiveActions.Category category, PolicyEngine.Scope scope, List<String> resources,
      List<String> evidence) {}

  /**
   * One role of the workload. {@code exists} false: IAM has no such role ("role not found");
   * {@code verified} false: the server may not call {@code iam:GetRole}, so a deleted role cannot
   * be told apart ("verification denied").
   */
  public record RoleAccess(String roleArn, boolean exists, boolean verified, List<String> policies, List<Chip> sensitive,
      List<String> wildcards, List<GrantsByService.Service> services, List<String> problems, Instant fetchedAt,
      Layers layers, List<EffectiveChip> effective) {
    /** Without the effective answer (no boundary, SCPs not read). */
    public RoleAccess(String roleArn, boolean exists, boolean verified, List<String> policies, List<Chip> sensitive,
        List<String> wildcards, List<GrantsByService.Service> services, List<String> problems, Instant fetchedAt) {
      this(roleArn, exists, verified, policies, sensitive, wildcards, services, problems, fetchedAt, null, List.of());
    }
  }

  /**
   * The layers beyond identity policies, as read: {@code boundary} the boundary policy's ARN (null: none);
   * {@code scps} READ / NOT_APPLICABLE / NOT_READABLE with the reason and each level's SCPs by name.
   */
  public record Layers(String boundary, boolean boundaryReadable, String scps, String scpReason, List<ScpLevel> scpLevels,
      String sessionPolicies) {}

  /** One SCP level: {@code root r-..}, {@code OU Sandbox (ou-..)}, {@code account 1234..}, and its SCPs. */
  public record ScpLevel(String level, List<String> policies) {}

  /**
   * A sensitive action of the catalog the upper bound reaches, and what every layer makes of it:
   * {@code verdict} and the {@code layer} that decided ({@code decidedBy} in words), the statements,
   * the keys a conditional answer needs, and layers that apply but could not be read.
   */
  public record EffectiveChip(String action, SensitiveActions.Category category, PolicyEngine.Scope upperBound,
      PolicyEngine.Verdict verdict, EffectiveAccess.Layer layer, String decidedBy, List<String> evidence, List<String> missing,
      List<String> notConsidered) {}

  /**
   * @param fetchedAt when the oldest policy shown was read from IAM (now when there is none)
   * @param context the request the effective answers were evaluated for (empty: none stated)
   */
  public record Answer(WorkloadIdentity identity, List<RoleAccess> roles, String bound, Instant fetchedAt, String effective,
      Map<String, List<String>> context) {
    public Answer(WorkloadIdentity identity, List<RoleAccess> roles, String bound, Instant fetchedAt) {
      this(identity, roles, bound, fetchedAt, EFFECTIVE, Map.of());
    }
  }

  /** Audited as {@code aws_iam_read} {@code workload_permissions}, besides each IAM call made. */
  public Answer of(Principal who, String requestId, WorkloadRef ref) {
    return of(who, requestId, ref, RequestContext.NONE);
  }

  /** {@link #of(Principal, String, WorkloadRef)} with the effective answers evaluated for {@code ctx}. */
  public Answer of(Principal who, String requestId, WorkloadRef ref, RequestContext ctx) {
    return roles.run(who, requestId, ref, "workload_permissions", Map.of(), c -> answer(c, ctx));
  }

  /**
   * The answer read afresh from IAM: the workload's roles are dropped from the cache first.
   * Audited as {@code aws_iam_read} {@code refresh} naming the roles; only someone who may read
   * the workload (as themselves) can refresh it.
   */
  public Answer refresh(Principal who, String requestId, WorkloadRef ref) {
    return refresh(who, requestId, ref, RequestContext.NONE);
  }

  /** {@link #refresh(Principal, String, WorkloadRef)} with the effective answers evaluated for {@code ctx}; the accounts' SCPs are read again too. */
  public Answer refresh(Principal who, String requestId, WorkloadRef ref, RequestContext ctx) {
    return roles.run(who, requestId, ref, "refresh", Map.of(), c -> {
      List<String> arns = c.identity().roles();
      c.notes().put("roles", arns);
      c.cache().invalidate(arns);
      arns.stream().map(RolePolicySet::account).distinct().forEach(organizations::invalidate);
      return answer(c, ctx);
    });
  }

  /**
   * One of the workload's roles on its own (the per-role view: a role's policies, sensitive chips
   * and effective answers), audited as {@code aws_iam_read} {@code role_permissions} naming the
   * role. Asked as the person like the whole answer; a role the workload cannot use is 404 and
   * is not read from IAM (the question may not be used to read arbitrary roles).
   */
  public RoleAccess role(Principal who, String requestId, WorkloadRef ref, String roleArn, RequestContext stated) {
    return roles.run(who, requestId, ref, "role_permissions", Map.of("role", roleArn), c -> {
      if (!c.identity().roles().contains(roleArn)) {
        throw new Problem(ErrorCode.NOT_FOUND, ref + " cannot use role " + roleArn + " (its roles: " + (c.identity().roles().isEmpty() ? "none" : String.join(", ", c.identity().roles())) + ")");
      }
      return accessOf(c, List.of(roleArn), stated).getFirst();
    });
  }

  private Answer answer(WorkloadRoles.Context c, RequestContext stated) {
    List<RoleAccess> out = c.identity().roles().isEmpty() ? List.of() : accessOf(c, c.identity().roles(), stated);
    Instant fetchedAt = out.stream().map(RoleAccess::fetchedAt).min(Comparator.naturalOrder()).orElse(clock.instant());
    return new Answer(c.identity(), out, BOUND, fetchedAt, EFFECTIVE, stated.values());
  }

  private List<RoleAccess> accessOf(WorkloadRoles.Context c, List<String> arns, RequestContext stated) {
    List<RoleAccess> out = new ArrayList<>();
    // A stated request happens now: date conditions read aws:CurrentTime from it, or from the server's clock.
    RequestContext ctx = stated.isEmpty() ? RequestContext.NONE : stated.at(clock);
    for (RolePolicySet set : c.cache().getAll(c.iam(), arns, c.audit()).values()) {
      ScpChain scps = set.existence() == RolePolicySet.Existence.NOT_FOUND ? ScpChain.notApplicable("role not found", clock.instant())
          : organizations.of(c.aws().organizations(c.region()), RolePolicySet.account(set.roleArn()), c.audit());
      out.add(access(catalog, set, scps, ctx));
    }
    return out;
  }

  /** The region whose partition's IAM the cluster's roles live in (the cluster's region; commercial AWS when it names none). */
  public static Region iamRegion(ClusterRegistry clusters, String cluster) {
    return clusters.spec(cluster).region().map(Region::of).orElse(Region.US_EAST_1);
  }

  private static RoleAccess access(SensitiveCatalog catalog, RolePolicySet set, ScpChain scps, RequestContext ctx) {
    boolean exists = set.existence() != RolePolicySet.Existence.NOT_FOUND;
    List<PolicyDocument> docs = set.documents();
    List<Chip> chips = chips(catalog, docs);
    var layers = new EffectiveAccess.Layers(docs, set.boundary(), scps);
    return new RoleAccess(set.roleArn(), exists, set.existence() == RolePolicySet.Existence.EXISTS,
        docs.stream().map(PolicyDocument::source).toList(), chips,
        catalog.flagsWildcards() ? PolicyEngine.wildcardGrants(docs) : List.of(), GrantsByService.of(docs),
        set.problems(), set.fetchedAt(), layersOf(set.boundary(), scps), effective(catalog, chips, layers, ctx));
  }

  private static Layers layersOf(PermissionsBoundary boundary, ScpChain scps) {
    return new Layers(boundary.present() ? boundary.arn() : null, boundary.document().isPresent(), scps.state().name(), scps.reason(),
        scps.levels().stream().map(l -> new ScpLevel(l.label(), l.policies().stream().map(PolicyDocument::source).toList())).toList(),
        EffectiveAccess.SESSION_POLICIES);
  }

  /** For each upper-bound chip, the effective answer of the most permissive action it covers (on any resource). */
  static List<EffectiveChip> effective(SensitiveCatalog catalog, List<Chip> chips, EffectiveAccess.Layers layers, RequestContext ctx) {
    List<EffectiveChip> out = new ArrayList<>();
    for (Chip chip : chips) {
      SensitiveActions.Entry entry = catalog.entries().stream().filter(e -> e.action().equals(chip.action())).findFirst().orElseThrow();
      entry.covers().stream().map(action -> EffectiveAccess.decide(layers, action, java.util.Optional.empty(), ctx))
          .min(Comparator.comparing(EffectiveAccess.Effective::verdict))
          .ifPresent(e -> out.add(new EffectiveChip(chip.action(), chip.category(), chip.scope(), e.verdict(), e.layer(), e.decidedBy(),
              e.evidence(), e.missing(), e.notConsidered())));
    }
    return out;
  }

  /** The catalog's actions the policies reach (on every resource, some, or under conditions). */
  public static List<Chip> chips(SensitiveCatalog catalog, List<PolicyDocument> docs) {
    List<Chip> chips = new ArrayList<>();
    for (SensitiveActions.Entry entry : catalog.entries()) {
      if (entry.category() == SensitiveActions.Category.WILDCARD) {
        continue;
      }
      // A pattern entry reaches as far as the widest of the actions it covers.
      entry.covers().stream().map(action -> PolicyEngine.reach(docs, action))
          .filter(r -> r.scope() != PolicyEngine.Scope.NOT_ALLOWED && r.scope() != PolicyEngine.Scope.DENIED)
          .min(java.util.Comparator.comparing(PolicyEngine.Reach::scope))
          .ifPresent(reach -> chips.add(new Chip(entry.action(), entry.category(), reach.scope(), reach.resources(), reach.evidence())));
    }
    return chips;
  }
}
