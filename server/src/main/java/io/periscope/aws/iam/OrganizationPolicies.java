package io.periscope.aws.iam;

import io.periscope.audit.AuditTrail;
import io.periscope.aws.AwsCalls;
import io.periscope.cache.SharedReads;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Parent;
import software.amazon.awssdk.services.organizations.model.ParentType;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * The SCPs over an account, read through AWS Organizations: {@code DescribeOrganization} (is the
 * account the management account, which SCPs never limit?), {@code ListParents} from the account up
 * to the root ({@code DescribeOrganizationalUnit} names each OU), then for the account, each OU and
 * the root {@code ListPoliciesForTarget} (filter {@code SERVICE_CONTROL_POLICY}) and
 * {@code DescribePolicy} for each policy's content. Only the management account or a delegated
 * administrator may read these; any refusal (AccessDenied, AWSOrganizationsNotInUse, ...) makes the
 * chain "not readable" with AWS's reason, never a guess. Each call is audited with its own
 * {@code op}; answers are kept per account for {@code ttl}, and so is a refusal that will not change
 * by asking again (AccessDenied, no organization: a server outside the management or delegated
 * administrator account would otherwise ask every {@code retryAfter}); other failures (throttling,
 * an unreachable endpoint) are asked again after {@code retryAfter}.
 */
public final class OrganizationPolicies {
  private static final int MAX_DEPTH = 8; // OUs nest at most five deep under the root

  private final AwsCalls calls;
  private final Clock clock;
  private final Duration ttl;
  private final Duration retryAfter;
  private final SharedReads<String, Kept> chains;

  /** A chain and until when it is kept. */
  private record Kept(ScpChain chain, java.time.Instant until) {}

  public OrganizationPolicies(AwsCalls calls, Clock clock, Duration ttl, Duration retryAfter) {
    this.calls = calls;
    this.clock = clock;
    this.ttl = ttl;
    this.retryAfter = retryAfter;
    this.chains = new SharedReads<>(k -> !clock.instant().isBefore(k.until()), "reading the organization's SCPs");
  }

  /** The SCP chain over {@code accountId}, from the cache while fresh (concurrent callers for one account share one read, with no lock held while AWS answers). */
  public ScpChain of(OrganizationsClient org, String accountId, AuditTrail.Action audit) {
    return chains.get(accountId, a -> read(org, a, audit.with(Map.of("account", a)))).chain();
  }

  private Kept kept(ScpChain c, boolean settled) {
    boolean retrySooner = c.state() == ScpChain.State.NOT_READABLE && !settled;
    return new Kept(c, c.fetchedAt().plus(retrySooner ? retryAfter : ttl));
  }

  /** Forgets the account's chain, so the next {@link #of} reads it again. */
  public void invalidate(String accountId) {
    chains.forget(accountId);
  }

  private Kept read(OrganizationsClient org, String accountId, AuditTrail.Action audit) {
    var started = clock.instant();
    try {
      return kept(chainOf(org, accountId, audit, started), false);
    } catch (Problem e) {
      String code = AwsCalls.awsErrorCode(e).orElse("");
      if (code.equals("PolicyTypeNotEnabledException")) {
        return kept(ScpChain.notApplicable("SCPs are not enabled in the organization's root", started), false);
      }
      // Refusals that asking again does not change: the server's role may not read the organization, or there is none.
      boolean settled = e.errorCode() == ErrorCode.AWS_ACCESS_DENIED || code.equals("AWSOrganizationsNotInUseException");
      return kept(ScpChain.notReadable(e.getMessage(), started), settled);
    } catch (IllegalArgumentException e) {
      return kept(ScpChain.notReadable(e.getMessage(), started), false);
    }
  }

  private ScpChain chainOf(OrganizationsClient org, String accountId, AuditTrail.Action audit, java.time.Instant started) {
    String management = calls.call(audit.with(Map.of("op", "describe_organization")), "organizations:DescribeOrganization",
        () -> org.describeOrganization().organization().masterAccountId());
    if (accountId.equals(management)) {
      return ScpChain.notApplicable("account " + accountId + " is the organization's management account: SCPs do not limit it", started);
    }
    List<ScpChain.Level> path = new ArrayList<>();
    path.add(new ScpChain.Level(ScpChain.Level.Kind.ACCOUNT, accountId, "", List.of()));
    String child = accountId;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      String c = child;
      List<Parent> parents = calls.call(audit.with(Map.of("op", "list_parents", "child", c)), "organizations:ListParents",
          () -> org.listParentsPaginator(r -> r.childId(c)).stream().flatMap(page -> page.parents().stream()).toList());
      if (parents.isEmpty()) {
        return ScpChain.notReadable("organizations:ListParents named no parent of " + c, started);
      }
      Parent p = parents.getFirst();
      if (p.type() == ParentType.ROOT) {
        path.add(new ScpChain.Level(ScpChain.Level.Kind.ROOT, p.id(), "Root", List.of()));
        break;
      }
      String name = calls.call(audit.with(Map.of("op", "describe_organizational_unit", "ou", p.id())),
          "organizations:DescribeOrganizationalUnit", () -> org.describeOrganizationalUnit(r -> r.organizationalUnitId(p.id()))
              .organizationalUnit().name());
      path.add(new ScpChain.Level(ScpChain.Level.Kind.ORGANIZATIONAL_UNIT, p.id(), name, List.of()));
      child = p.id();
    }
    if (path.getLast().kind() != ScpChain.Level.Kind.ROOT) {
      return ScpChain.notReadable("the organization's root is more than " + MAX_DEPTH + " levels above account " + accountId, started);
    }
    Map<String, PolicyDocument> described = new HashMap<>();
    List<ScpChain.Level> levels = new ArrayList<>();
    for (ScpChain.Level level : path) {
      List<PolicySummary> attached = calls.call(audit.with(Map.of("op", "list_policies_for_target", "target", level.id())),
          "organizations:ListPoliciesForTarget", () -> org.listPoliciesForTargetPaginator(r -> r.targetId(level.id())
              .filter(PolicyType.SERVICE_CONTROL_POLICY)).stream().flatMap(page -> page.policies().stream()).toList());
      List<PolicyDocument> docs = new ArrayList<>();
      for (PolicySummary s : attached) {
        docs.add(described.computeIfAbsent(s.id(), id -> PolicyDocument.parse("SCP " + s.name() + " (" + id + ")",
            calls.call(audit.with(Map.of("op", "describe_policy", "policy", id)), "organizations:DescribePolicy",
                () -> org.describePolicy(r -> r.policyId(id)).policy().content()))));
      }
      levels.add(new ScpChain.Level(level.kind(), level.id(), level.name(), docs));
    }
    Collections.reverse(levels);
    return new ScpChain(ScpChain.State.READ, "", levels, started);
  }
}
