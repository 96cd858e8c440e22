package io.periscope.aws.iam;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.AwsClients;
import io.periscope.aws.identity.WorkloadIdentities;
import io.periscope.aws.identity.WorkloadIdentity;
import io.periscope.aws.identity.WorkloadRef;
import io.periscope.clusters.ClusterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The AWS Access answer for one workload: its identity chain, and for each role it can use, the
 * role's identity policies grouped by service and checked against the sensitive catalog. An upper
 * bound: conditions are not evaluated, and permission boundaries, SCPs and resource policies are
 * not read (said so). Policies come from the {@link RolePolicyCache}; a refresh drops the
 * workload's roles from it first.
 */
public final class WorkloadPermissions {
  static final String BOUND = "upper bound from identity policies: conditions not evaluated; permission boundaries, "
      + "SCPs and resource policies not read";

  private final ClusterRegistry clusters;
  private final WorkloadIdentities identities;
  private final AwsClients aws;
  private final AuditTrail trail;
  private final RolePolicyCache cache;
  private final SensitiveCatalog catalog;
  private final Clock clock;

  public WorkloadPermissions(ClusterRegistry clusters, WorkloadIdentities identities, AwsClients aws, AuditTrail trail,
      RolePolicyCache cache, SensitiveCatalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clusters = clusters;
    this.identities = identities;
    this.aws = aws;
    this.trail = trail;
    this.cache = cache;
    this.clock = clock;
  }

  public record Chip(String action, SensitiveActions.Category category, PolicyEngine.Scope scope, List<String> resources,
      List<String> evidence) {}

  /**
   * One role of the workload. {@code exists} false: IAM has no such role ("role not found");
   * {@code verified} false: the server may not call {@code iam:GetRole}, so a deleted role cannot
   * be told apart ("verification denied").
   */
  public record RoleAccess(String roleArn, boolean exists, boolean verified, List<String> policies, List<Chip> sensitive,
      List<String> wildcards, List<GrantsByService.Service> services, List<String> problems, Instant fetchedAt) {}

  /** @param fetchedAt when the oldest policy shown was read from IAM (now when there is none) */
  public record Answer(WorkloadIdentity identity, List<RoleAccess> roles, String bound, Instant fetchedAt) {}

  /** Audited as {@code aws_iam_read} {@code workload_permissions}, besides each IAM call made. */
  public Answer of(Principal who, String requestId, WorkloadRef ref) {
    return trail.run(rollup(who, requestId, ref, "workload_permissions"), () -> answer(who, requestId, ref, identities.of(who, requestId, ref)));
  }

  /**
   * The answer read afresh from IAM: the workload's roles are dropped from the cache first.
   * Audited as {@code aws_iam_read} {@code refresh} naming the roles; only someone who may read
   * the workload (as themselves) can refresh it.
   */
  public Answer refresh(Principal who, String requestId, WorkloadRef ref) {
    return trail.runNoting(rollup(who, requestId, ref, "refresh"), notes -> {
      WorkloadIdentity identity = identities.of(who, requestId, ref);
      notes.put("roles", identity.roles());
      cache.invalidate(identity.roles());
      return answer(who, requestId, ref, identity);
    });
  }

  private AuditTrail.Action rollup(Principal who, String requestId, WorkloadRef ref, String op) {
    return new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IAM_READ,
        new AuditEvent.Target(ref.cluster(), ref.namespace(), ref.kind().plural(), ref.name()), Map.of("op", op));
  }

  private Answer answer(Principal who, String requestId, WorkloadRef ref, WorkloadIdentity identity) {
    List<RoleAccess> out = new ArrayList<>();
    if (!identity.roles().isEmpty()) {
      IamClient iam = aws.iam(iamRegion(clusters, ref.cluster()));
      var audit = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IAM_READ,
          new AuditEvent.Target(ref.cluster(), ref.namespace(), ref.kind().plural(), ref.name()), Map.of());
      cache.getAll(iam, identity.roles(), audit).values().forEach(set -> out.add(access(catalog, set)));
    }
    Instant fetchedAt = out.stream().map(RoleAccess::fetchedAt).min(Comparator.naturalOrder()).orElse(clock.instant());
    return new Answer(identity, out, BOUND, fetchedAt);
  }

  /** The region whose partition's IAM the cluster's roles live in (the cluster's region; commercial AWS when it names none). */
  public static Region iamRegion(ClusterRegistry clusters, String cluster) {
    return clusters.spec(cluster).region().map(Region::of).orElse(Region.US_EAST_1);
  }

  private static RoleAccess access(SensitiveCatalog catalog, RolePolicySet set) {
    boolean exists = set.existence() != RolePolicySet.Existence.NOT_FOUND;
    List<PolicyDocument> docs = set.documents();
    return new RoleAccess(set.roleArn(), exists, set.existence() == RolePolicySet.Existence.EXISTS,
        docs.stream().map(PolicyDocument::source).toList(), chips(catalog, docs),
        catalog.flagsWildcards() ? PolicyEngine.wildcardGrants(docs) : List.of(), GrantsByService.of(docs),
        set.problems(), set.fetchedAt());
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
